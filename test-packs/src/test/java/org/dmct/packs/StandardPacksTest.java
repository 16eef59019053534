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
        List<String> dccRefusals = List.of("SRVT-REFUSE-2.2-MALFORMED", "SRVT-REFUSE-1.5-MALFORMED",
                "SRVT-REFUSE-6.11-MALFORMED", "SRVT-REFUSE-7.2-UNDEFINED-PARAMETER", "SRVT-REFUSE-7.2-UNSIGNED",
                "SRVT-REFUSE-7.2-WRONG-KEY", "SRVT-REFUSE-7.3-ALTERED", "SRVT-REFUSE-7.1-UNSIGNED-VARIANT");
        for (String id : dccRefusals) {
            assertThat(prepay.get(id).verdict()).as(id + ": " + prepay.get(id).reason()).isEqualTo(Verdict.PASS);
        }
        assertThat(prepay.get("SRVT-REFUSE-2.2-FORGED").verdict()).isEqualTo(Verdict.PASS);
        assertThat(credit.get("SRVT-REFUSE-7.2-UNSIGNED").verdict()).isEqualTo(Verdict.PASS);
        assertThat(credit.get("SRVT-REFUSE-7.3-ALTERED").verdict()).isEqualTo(Verdict.PASS);

        // In the evidence: a request the DCC refused has a response with the refusal and no frame (it never reached
        // the device); a critical request carries its signature; the run records the registered Supplier key.
        List<com.fasterxml.jackson.databind.JsonNode> records = new java.util.ArrayList<>();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : java.nio.file.Files.readAllLines(dir.resolve("bundle").resolve("evidence.jsonl"))) {
            records.add(mapper.readTree(line));
        }
        assertThat(records.get(0).path("dcc").path("supplierPublicKey").asText()).isNotEmpty();
        java.util.Set<String> framed = records.stream().filter(r -> r.path("type").asText().equals("frame"))
                .map(r -> r.path("requestId").asText()).collect(Collectors.toSet());
        Map<String, com.fasterxml.jackson.databind.JsonNode> responses = records.stream()
                .filter(r -> r.path("type").asText().equals("response"))
                .collect(Collectors.toMap(r -> r.path("requestId").asText(), r -> r, (a, b) -> a));
        Map<String, String> expected = Map.of("SRVT-REFUSE-7.2-UNSIGNED", "E1", "SRVT-REFUSE-7.2-WRONG-KEY", "E1",
                "SRVT-REFUSE-7.3-ALTERED", "E1", "SRVT-REFUSE-7.1-UNSIGNED-VARIANT", "E12",
                "SRVT-REFUSE-2.2-MALFORMED", "REJECTED");
        int refusedChecked = 0;
        for (var r : records) {
            String test = r.path("test").asText();
            if (!r.path("type").asText().equals("request") || !expected.containsKey(test)
                    || !r.path("dmc").asText().equals("DMC-STD-PREPAY")) {
                continue;
            }
            String srv = r.path("srv").asText();
            if (srv.equals("7.4") || srv.equals("4.18")) {
                assertThat(framed).as("the read after the refusal reaches the device").contains(r.path("requestId").asText());
                continue;
            }
            String id = r.path("requestId").asText();
            assertThat(responses.get(id).path("code").asText()).as(id).isEqualTo(expected.get(test));
            assertThat(responses.get(id).path("detail").asText()).as(id).startsWith("refused by the DCC");
            assertThat(framed).as(id + " never reached the device").doesNotContain(id);
            refusedChecked++;
        }
        assertThat(refusedChecked).isEqualTo(expected.size());
        assertThat(records).filteredOn(r -> r.path("type").asText().equals("request")
                        && r.path("test").asText().equals("SRVT-REFUSE-7.2-WRONG-KEY") && r.path("srv").asText().equals("7.2"))
                .allSatisfy(r -> {
                    assertThat(r.path("signature").path("mode").asText()).isEqualTo("wrongKey");
                    assertThat(r.path("signature").path("signerKeyId").asText())
                            .isNotEqualTo(records.get(0).path("dcc").path("supplierKeyId").asText());
                });
        assertThat(records).filteredOn(r -> r.path("type").asText().equals("request")
                        && r.path("test").asText().equals("SRVT-7.2-ESME") && r.path("srv").asText().equals("7.2"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.path("signature").path("signerKeyId").asText())
                        .isEqualTo(records.get(0).path("dcc").path("supplierKeyId").asText()));
    }
}
