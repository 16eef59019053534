package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.time.SimulatedClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stimulate: {event: keypad-entry, digits: ...}} through the runner against the CI prepay lab's ESME: a valid
 * UTRN (minted with the profile's UTRN rule) typed on the keypad raises the balance SRV 4.18 reads by its amount;
 * five invalid entries lock the keypad, so a sixth, valid one is refused with "keypad locked" and the balance stays.
 * The simulators run on a manual clock, so no standing charge moves the balance between the reads.
 */
class KeypadEntryPackTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
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

    private static Lab prepayLab() {
        return new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-prepay.yaml").normalize());
    }

    private static String mint(Lab lab, long pence, int sequence) {
        LabDevice esme = lab.dmc("DMC-ECHO").orElseThrow().devices().stream()
                .filter(d -> d.id().equals("ECHO-ESME")).findFirst().orElseThrow();
        return esme.profile().simulation().metering().prepayment().utrn().mint(esme.serialNumber(), pence, sequence);
    }

    private RunOutcome run(String steps) throws Exception {
        Path packFile = dir.resolve("keypad.yaml");
        Files.writeString(packFile, """
                pack: { id: keypad-small, title: Keypad, release: IOC, version: 0.0.1, standard: false,
                        rationale: "checks the keypad-entry stimulus of the harness itself" }
                tests:
                  - id: KEYPAD
                    title: UTRNs typed on the keypad
                    kind: functional
                    devices: [ESME]
                    timeout: 60s
                    trace: { srv: "4.18" }
                    steps:
                      - send: { srv: "4.18", to: ESME }
                        expect: { response: I0 }
                        capture: { before: meterBalance }
                """ + steps);
        Pack pack = new PackLoader().load(packFile);
        try (SimulatorHost simulators = SimulatorHost.start(prepayLab(), group,
                SimulatedClock.manual(Instant.parse("2026-03-02T10:00:00Z")), SecretResolver.ENVIRONMENT, true)) {
            RunConfig config = RunConfig.builder(simulators.lab(), List.of(pack), group, dir.resolve("bundle"))
                    .providers(DeviceAdapterProvider.installed()).dmcs(List.of("DMC-ECHO")).build();
            RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            return outcome;
        }
    }

    private static List<EvidenceRecord> records(RunOutcome o, String type) throws Exception {
        return EvidenceReader.readAll(o.bundle().evidence()).stream().filter(r -> r.type().equals(type)).toList();
    }

    private static BigDecimal balance(EvidenceRecord response) {
        return new BigDecimal(response.get("values").path("meterBalance").path("value").asText());
    }

    @Test
    void aValidUtrnTypedOnTheKeypadRaisesTheBalanceReadBy418() throws Exception {
        String utrn = mint(prepayLab(), 250, 901);
        RunOutcome o = run("""
                      - stimulate: { to: ESME, event: keypad-entry, digits: "%s" }
                      - send: { srv: "4.18", to: ESME }
                        expect: { response: I0 }
                        compare: { value: meterBalance, op: ">", with: before }
                """.formatted(utrn));
        TestResult t = o.dmcs().get(0).tests().get(0);
        assertThat(t.verdict()).as(t.reason()).isEqualTo(Verdict.PASS);
        List<EvidenceRecord> reads = records(o, EvidenceTypes.RESPONSE);
        assertThat(reads).hasSize(2);
        assertThat(balance(reads.get(1)).subtract(balance(reads.get(0)))).isEqualByComparingTo("2.50");
        EvidenceRecord stimulus = records(o, EvidenceTypes.STIMULUS).get(0);
        assertThat(stimulus.text("via")).isEqualTo("control");
        assertThat(stimulus.text("answer")).contains("\"accepted\":true").contains(utrn);
    }

    @Test
    void fiveInvalidEntriesLockTheKeypadAndTheSixthIsRefused() throws Exception {
        String valid = mint(prepayLab(), 500, 902);
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            steps.append("      - stimulate: { to: ESME, event: keypad-entry, digits: \"1234567890\" }\n");
        }
        steps.append("      - stimulate: { to: ESME, event: keypad-entry, digits: \"" + valid + "\" }\n");
        steps.append("""
                      - send: { srv: "4.18", to: ESME }
                        expect: { response: I0 }
                        compare: { value: meterBalance, op: "==", with: before }
                """);
        RunOutcome o = run(steps.toString());
        TestResult t = o.dmcs().get(0).tests().get(0);
        assertThat(t.verdict()).as(t.reason()).isEqualTo(Verdict.PASS);
        List<EvidenceRecord> stimuli = records(o, EvidenceTypes.STIMULUS);
        assertThat(stimuli).hasSize(6);
        stimuli.subList(0, 5).forEach(s -> assertThat(s.text("answer")).contains("\"accepted\":false")
                .contains("not a well-formed 20-digit UTRN"));
        assertThat(stimuli.get(5).text("answer")).contains("\"accepted\":false").contains("keypad locked");
    }
}
