package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.profile.AlertSettings;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * expectAlert against the reference simulators through the runner and the DLMS adapter: arming the supply makes
 * the ESME raise 0x8F32, which the runner records as {@code alert} evidence and the step waits for; a model whose
 * event map lacks the code never raises it, and the step fails on that test.
 */
class AlertPackTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final String PACK = """
            pack: { id: alerts-small, title: Alerts, release: IOC, version: 0.0.1, standard: false,
                    rationale: "checks the alert path of the harness itself" }
            tests:
              - id: ARM-RAISES-ARMED
                title: Arming the supply raises supply armed
                kind: functional
                devices: [ESME]
                timeout: 20s
                trace: { srv: "7.3" }
                preconditions:
                  - send: { srv: "7.2", to: ESME }
                    expect: { response: I0 }
                steps:
                  - send: { srv: "7.3", to: ESME }
                    expect: { response: I0 }
                  - expectAlert: { code: 0x8F32, from: ESME, within: 3s }
              - id: DISABLE-RAISES-NO-ARMED
                title: Disabling the supply does not raise supply armed
                kind: functional
                devices: [ESME]
                timeout: 20s
                trace: { srv: "7.2" }
                steps:
                  - send: { srv: "7.2", to: ESME }
                    expect: { response: I0 }
                  - expectNoAlert: { code: 0x8F32, within: 500ms }
            """;

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

    private static Lab ciLab() {
        return new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-simulated.yaml").normalize());
    }

    private RunOutcome run(Lab declared) throws Exception {
        Path packFile = dir.resolve("alerts-small.yaml");
        Files.writeString(packFile, PACK);
        Pack pack = new PackLoader().load(packFile);
        try (SimulatorHost simulators = SimulatorHost.start(declared, group, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            RunConfig config = RunConfig.builder(simulators.lab(), List.of(pack), group, dir.resolve("bundle"))
                    .providers(DeviceAdapterProvider.installed()).build();
            RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            return outcome;
        }
    }

    private static TestResult result(RunOutcome o, String dmc, String test) {
        DmcResult d = o.dmcs().stream().filter(x -> x.dmcId().equals(dmc)).findFirst().orElseThrow();
        return d.tests().stream().filter(t -> t.testId().equals(test)).findFirst().orElseThrow();
    }

    private static List<EvidenceRecord> alerts(RunOutcome o) throws IOException {
        return EvidenceReader.readAll(o.bundle().evidence()).stream()
                .filter(r -> r.type().equals(EvidenceTypes.ALERT)).toList();
    }

    @Test
    void armingRaisesSupplyArmedWhichIsEvidenceAndPassesTheStep() throws Exception {
        RunOutcome o = run(ciLab());

        assertThat(result(o, "DMC-ALPHA", "ARM-RAISES-ARMED").verdict()).isEqualTo(Verdict.PASS);
        TestResult bravo = result(o, "DMC-BRAVO", "ARM-RAISES-ARMED");
        assertThat(bravo.verdict()).as(bravo.reason()).isEqualTo(Verdict.PASS);
        // CHARLIE's firmware refuses to arm: the send step fails before any alert is awaited.
        TestResult charlie = result(o, "DMC-CHARLIE", "ARM-RAISES-ARMED");
        assertThat(charlie.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(charlie.reason()).doesNotContain("expected alert");
        for (String dmc : List.of("DMC-ALPHA", "DMC-BRAVO", "DMC-CHARLIE")) {
            TestResult none = result(o, dmc, "DISABLE-RAISES-NO-ARMED");
            assertThat(none.verdict()).as(dmc + ": " + none.reason()).isEqualTo(Verdict.PASS);
        }

        List<EvidenceRecord> alerts = alerts(o);
        assertThat(alerts).anySatisfy(r -> {
            assertThat(r.text("dmc")).isEqualTo("DMC-ALPHA");
            assertThat(r.text("device")).isEqualTo("ALPHA-ESME");
            assertThat(r.text("code")).isEqualTo("0x8F32");
            assertThat(r.text("source")).isEqualTo("association");
            assertThat(r.text("test")).isEqualTo("ARM-RAISES-ARMED");
            assertThat(r.get("details").get("deviceCode").asText()).isEqualTo("0x8F32");
        });
        // Borealis sends its own code; the evidence keeps it next to the translated one.
        assertThat(alerts).anySatisfy(r -> {
            assertThat(r.text("device")).isEqualTo("BRAVO-ESME");
            assertThat(r.text("code")).isEqualTo("0x8F32");
            assertThat(r.get("details").get("deviceCode").asText()).isEqualTo("0x0101");
        });
        assertThat(alerts).noneMatch(r -> r.text("dmc").equals("DMC-CHARLIE") && r.text("code").equals("0x8F32"));
    }

    @Test
    void aModelWhoseEventMapLacksTheCodeNeverRaisesItAndFailsThatTest() throws Exception {
        Lab lab = ciLab().mapDmcs(d -> d.id().equals("DMC-ALPHA") ? withoutArmedAlert(d, "ALPHA-ESME") : d);
        RunOutcome o = run(lab);

        TestResult alpha = result(o, "DMC-ALPHA", "ARM-RAISES-ARMED");
        assertThat(alpha.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(alpha.reason()).contains("expected alert 0x8F32 from the ESME within 3s")
                .contains("window closed with no alerts at all");
        assertThat(result(o, "DMC-BRAVO", "ARM-RAISES-ARMED").verdict()).isEqualTo(Verdict.PASS);
        assertThat(alerts(o)).noneMatch(r -> r.text("dmc").equals("DMC-ALPHA"));
    }

    /** The DMC with one device's profile mapping every event but supply armed. */
    private static LabDmc withoutArmedAlert(LabDmc dmc, String deviceId) {
        List<LabDevice> devices = dmc.devices().stream().map(d -> {
            if (!d.id().equals(deviceId)) {
                return d;
            }
            Map<Integer, Integer> map = new LinkedHashMap<>(d.profile().alerts().eventMap());
            map.values().removeIf(code -> code == 0x8F32);
            AlertSettings settings = new AlertSettings(d.profile().alerts().notification(), map);
            return new LabDevice(d.id(), d.type(), d.profile().withAlerts(settings), d.firmware(), d.logicalDevice(),
                    d.serialNumber());
        }).toList();
        return new LabDmc(dmc.id(), dmc.title(), dmc.smso(), dmc.installationType(), dmc.simulated(), dmc.link(),
                devices, dmc.push());
    }
}
