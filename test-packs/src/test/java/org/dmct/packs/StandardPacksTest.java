package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two standard reference packs against every good simulated DMC of the CI lab for them ({@code ci-standard.yaml}):
 * every applicable test passes, every test applies to some DMC, and the deliberate refusal tests apply exactly where
 * the SRV is not supported.
 */
class StandardPacksTest {
    static final Path MODULE = Path.of(System.getProperty("user.dir"));
    static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys")::get);
    private static EventLoopGroup group;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Lab standardLab() {
        return new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-standard.yaml").normalize());
    }

    static Pack pack(String id) {
        return new PackLoader().load(MODULE.resolve("packs/standard/" + id + ".yaml"));
    }

    /** Runs the packs on the lab's simulators (started in-process from the same lab) and returns the outcome. */
    static RunOutcome run(Lab lab, List<Pack> packs, EventLoopGroup group, Path bundle) throws Exception {
        SecretResolver secrets = KeystoreSecretResolver.forLab(lab, ENVIRONMENT);
        try (SimulatorHost simulators = SimulatorHost.start(lab, group, Clock.systemUTC(), secrets, true)) {
            RunConfig config = RunConfig.builder(simulators.lab(), packs, group, bundle)
                    .providers(DeviceAdapterProvider.installed()).secrets(secrets).build();
            RunOutcome outcome = Runner.start(config).outcome().get(170, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            return outcome;
        }
    }

    static String verdicts(RunOutcome outcome) {
        return outcome.dmcs().stream().flatMap(d -> d.tests().stream().map(t -> d.dmcId() + " " + t.testId() + " "
                + t.verdict() + " " + t.reason())).collect(Collectors.joining("\n"));
    }

    private void everyApplicableTestPasses(String packId) throws Exception {
        everyApplicableTestPasses(packId, standardLab());
    }

    private void everyApplicableTestPasses(String packId, Lab lab) throws Exception {
        Pack pack = pack(packId);
        RunOutcome outcome = run(lab, List.of(pack), group, dir.resolve("bundle"));
        for (DmcResult dmc : outcome.dmcs()) {
            assertThat(dmc.tests()).filteredOn(TestResult::applicable).as(verdicts(outcome)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.verdict()).as(dmc.dmcId() + " " + t.testId() + ": " + t.reason())
                            .isEqualTo(Verdict.PASS));
        }
        List<String> applied = outcome.dmcs().stream().flatMap(d -> d.tests().stream())
                .filter(TestResult::applicable).map(TestResult::testId).distinct().toList();
        assertThat(pack.tests()).extracting(t -> t.id()).allMatch(applied::contains);
    }

    @Test
    void theSrvPackHasAtLeastFortyTestsEachTracedToItsSrv() {
        Pack pack = pack("standard-srvt");
        assertThat(pack.standard()).isTrue();
        assertThat(pack.tests()).hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(t -> assertThat(t.srv()).as(t.id()).isPresent());
    }

    @Test
    void everyApplicableSrvTestPassesOnEveryGoodDmc() throws Exception {
        everyApplicableTestPasses("standard-srvt");
    }

    @Test
    void everyApplicableMigrationTestPassesOnEveryGoodDmc() throws Exception {
        everyApplicableTestPasses("standard-dormant-mt");
    }

    @Test
    void theFirmwareUpgradeVariantUpgradesTheAcmeMeters() throws Exception {
        everyApplicableTestPasses("standard-dormant-mt-fw-upgrade");
    }

    @Test
    void theActiveVariantPassesOnActiveInstallations() throws Exception {
        Lab active = new StandardLabCopy(dir.resolve("lab")).lab("installationType: dormant", "installationType: active")
                .load();
        everyApplicableTestPasses("standard-dormant-mt-active", active);
    }

    @Test
    void theMixedVariantPassesOnMixedInstallations() throws Exception {
        Lab mixed = new StandardLabCopy(dir.resolve("lab")).lab("installationType: dormant", "installationType: mixed")
                .load();
        everyApplicableTestPasses("standard-dormant-mt-mixed", mixed);
    }

    @Test
    void refusalTestsApplyOnlyWhereTheSrvIsUnsupported() throws Exception {
        RunOutcome outcome = run(standardLab(), List.of(pack("standard-srvt")), group, dir.resolve("bundle"));
        Map<String, TestResult> prepay = outcome.dmcs().stream().filter(d -> d.dmcId().equals("DMC-STD-PREPAY"))
                .findFirst().orElseThrow().tests().stream().collect(Collectors.toMap(TestResult::testId, t -> t));
        assertThat(prepay.get("SRVT-E11-2.2-ESME").applicable()).isFalse();
        assertThat(prepay.get("SRVT-E11-2.2-ESME").reason()).contains("supports SRV 2.2");
        assertThat(prepay.get("SRVT-REFUSE-2.2-MALFORMED").verdict()).isEqualTo(Verdict.PASS);
        Map<String, TestResult> credit = outcome.dmcs().stream().filter(d -> d.dmcId().equals("DMC-STD-CREDIT"))
                .findFirst().orElseThrow().tests().stream().collect(Collectors.toMap(TestResult::testId, t -> t));
        assertThat(credit.get("SRVT-E11-2.2-ESME").verdict()).isEqualTo(Verdict.PASS);
        assertThat(credit.get("SRVT-4.18-ESME").applicable()).isFalse();
        assertThat(credit.get("SRVT-E11-7.1-GSME").verdict()).isEqualTo(Verdict.PASS);
    }
}
