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
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.pack.Pack;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.time.SimulatedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard packs can fail: each is run against a copy of the ci-standard lab broken the way a defective DMC
 * would be (a wrong firmware declared, a register that goes backwards, a switch that ignores disable, an alert
 * never raised, old credentials still accepted), and must fail on exactly the test that covers the defect while
 * the other tests of that group do not fail.
 */
class StandardPacksCanFailTest {
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

    /** Runs one pack on one DMC of the broken lab, on the clock given to the simulators; verdicts by test id. */
    private Map<String, TestResult> run(Lab lab, String packId, String dmc, Clock simulatorClock) throws Exception {
        return run(lab, packId, dmc, simulatorClock, UnaryOperator.identity());
    }

    /**
     * As {@link #run(Lab, String, String, Clock)}, the harness given {@code declared} of the lab the simulators run:
     * what the DMC declares may then differ from what its devices are.
     */
    private Map<String, TestResult> run(Lab lab, String packId, String dmc, Clock simulatorClock,
                                        UnaryOperator<Lab> declared) throws Exception {
        Pack pack = StandardPacksTest.pack(packId);
        SecretResolver secrets = KeystoreSecretResolver.forLab(lab, StandardPacksTest.ENVIRONMENT);
        try (SimulatorHost simulators = SimulatorHost.start(lab, group, simulatorClock, secrets, true)) {
            RunConfig config = RunConfig.builder(declared.apply(simulators.lab()), List.of(pack), group, dir.resolve("bundle-" + System.nanoTime()))
                    .providers(DeviceAdapterProvider.installed()).secrets(secrets).dmcs(List.of(dmc)).build();
            RunOutcome outcome = Runner.start(config).outcome().get(170, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            return outcome.dmcs().get(0).tests().stream().collect(Collectors.toMap(TestResult::testId, t -> t));
        }
    }

    private Map<String, TestResult> run(Lab lab, String packId, String dmc) throws Exception {
        return run(lab, packId, dmc, Clock.systemUTC());
    }

    private static void failsOnlyOn(Map<String, TestResult> results, String failing, List<String> group) {
        String all = results.values().stream().map(t -> t.testId() + " " + t.verdict() + " " + t.reason())
                .sorted().collect(Collectors.joining("\n"));
        assertThat(results.get(failing).verdict()).as(all).isEqualTo(Verdict.FAIL);
        for (String other : group) {
            assertThat(results.get(other).verdict()).as(other + " of the group must not fail:\n" + all)
                    .isNotEqualTo(Verdict.FAIL);
        }
    }

    @Test
    void aWrongFirmwareDeclaredFailsTheFirmwareCheckOfThatDeviceOnly() throws Exception {
        Lab lab = new StandardLabCopy(dir).load();
        // the ESME runs P4X2G04 (its profile's first version); the DMC declares P4X2G05 for it
        UnaryOperator<Lab> wrongFirmware = l -> l.mapDmcs(d -> d.withDevices(d.devices().stream()
                .map(x -> x.id().equals("CREDIT-ESME") ? new LabDevice(x.id(), x.type(), x.profile(), "P4X2G05",
                        x.logicalDevice(), x.serialNumber(), x.security(), x.faults()) : x).toList()));
        Map<String, TestResult> mt = run(lab, "standard-dormant-mt", "DMC-STD-CREDIT", Clock.systemUTC(),
                wrongFirmware);
        failsOnlyOn(mt, "MT-02-FIRMWARE-ESME", List.of("MT-02-FIRMWARE-CHF", "MT-02-FIRMWARE-GSME",
                "MT-02-FIRMWARE-IHD", "MT-01-INVENTORY-ESME"));
        assertThat(mt.get("MT-02-FIRMWARE-ESME").reason()).contains("P4X2G05").contains("P4X2G04");
        Map<String, TestResult> srvt = run(lab, "standard-srvt", "DMC-STD-CREDIT", Clock.systemUTC(), wrongFirmware);
        failsOnlyOn(srvt, "SRVT-11.2-ESME", List.of("SRVT-11.2-GSME", "SRVT-11.2-CHF", "SRVT-11.2-IHD"));
    }

    @Test
    void aRegisterThatGoesBackwardsFailsTheRegisterTest() throws Exception {
        Lab lab = new StandardLabCopy(dir).profile("esme-acme-a1", "  eventLogEntries: 40\n",
                "  eventLogEntries: 40\n  defects:\n    - { id: A1-METROLOGY, description: register counts down,"
                        + " kind: register-goes-backwards, function: activeImportTotal }\n").load();
        // an hour every two wall seconds, so the register moves between two reads a second apart
        Map<String, TestResult> srvt = run(lab, "standard-srvt", "DMC-STD-CREDIT",
                SimulatedClock.scaled(Clock.systemUTC(), 1800));
        failsOnlyOn(srvt, "SRVT-4.1.1-ESME", List.of("SRVT-4.1.1-GSME", "SRVT-4.6.1-GSME", "SRVT-4.8.1-GSME"));
        assertThat(srvt.get("SRVT-4.1.1-ESME").reason()).contains("activeImportTotal >= before failed");
    }

    @Test
    void aSwitchThatIgnoresDisableFailsTheDisableTest() throws Exception {
        Lab lab = new StandardLabCopy(dir).profile("esme-acme-a1", "  eventLogEntries: 40\n",
                "  eventLogEntries: 40\n  defects:\n    - { id: A1-RELAY, description: remote_disconnect is"
                        + " acknowledged and ignored, kind: ignore-action, function: supplySwitch, method: 1 }\n")
                .load();
        Map<String, TestResult> srvt = run(lab, "standard-srvt", "DMC-STD-CREDIT");
        failsOnlyOn(srvt, "SRVT-7.2-ESME", List.of("SRVT-7.1-ESME", "SRVT-7.3-ESME", "SRVT-7.4-ESME",
                "SRVT-7.2-GSME", "SRVT-7.3-GSME"));
        assertThat(srvt.get("SRVT-7.2-ESME").reason()).contains("supplyStatus = 'connected' is not 'disconnected'");
        // arming and enabling need a disabled switch first: their precondition says the switch never opened
        assertThat(srvt.get("SRVT-7.3-ESME").verdict()).isEqualTo(Verdict.BLOCKED);
    }

    @Test
    void anAlertNeverRaisedFailsTheTestThatExpectsIt() throws Exception {
        Lab lab = new StandardLabCopy(dir)
                .profile("esme-acme-a1", "    0x8F32: 0x8F32   # supply armed\n", "")
                .profile("esme-acme-a1", "    0x8F69: 0x8F69   # device commissioned\n", "").load();
        Map<String, TestResult> srvt = run(lab, "standard-srvt", "DMC-STD-CREDIT");
        failsOnlyOn(srvt, "SRVT-7.3-ESME", List.of("SRVT-7.1-ESME", "SRVT-7.2-ESME", "SRVT-7.3-GSME",
                "SRVT-ALERT-TAMPER-ESME"));
        assertThat(srvt.get("SRVT-7.3-ESME").reason()).contains("0x8F32");
        Map<String, TestResult> mt = run(lab, "standard-dormant-mt", "DMC-STD-CREDIT");
        failsOnlyOn(mt, "MT-06-COMMISSION-ESME", List.of("MT-06-COMMISSION-CHF", "MT-06-COMMISSION-GSME",
                "MT-06-COMMISSION-IHD", "MT-07-ALERT-ESME"));
        assertThat(mt.get("MT-06-COMMISSION-ESME").reason()).contains("0x8F69");
    }

    @Test
    void oldCredentialsStillAcceptedFailTheCredentialReplacement() throws Exception {
        Lab lab = new StandardLabCopy(dir).profile("esme-acme-a1-hls-gmac", "  eventLogEntries: 40\n",
                "  eventLogEntries: 40\n  defects:\n    - { id: A1-KRP, description: global_key_transfer is"
                        + " acknowledged and the old keys kept, kind: ignore-action, function: securitySetup,"
                        + " method: 2 }\n").load();
        Map<String, TestResult> mt = run(lab, "standard-dormant-mt", "DMC-STD-SEC");
        failsOnlyOn(mt, "MT-05-CREDENTIALS-ESME", List.of("MT-04-CLOCK-ESME", "MT-04-SUPPLY-ESME",
                "MT-02-FIRMWARE-ESME"));
        assertThat(mt.get("MT-05-CREDENTIALS-ESME").reason()).contains("step 2").contains("expected response E20");
    }
}
