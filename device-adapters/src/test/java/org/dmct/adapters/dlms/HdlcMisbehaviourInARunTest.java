package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dmct.adapters.dlms.ScriptedHdlcPeer.Fault;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner over a misbehaving HDLC meter: a small pack of four firmware reads on DMC-ALPHA, whose link goes to a
 * {@link ScriptedHdlcPeer} that garbles every copy of the first answer and ignores the third GET. Those two tests are
 * BLOCKED as communication failures with the adapter's reason (E20 naming the malformed frame, E21 naming the
 * silence); the tests between and after them pass, so one bad exchange costs one test, and the evidence bundle holds
 * the malformed frames with their reason.
 */
class HdlcMisbehaviourInARunTest {
    private static TestLab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        lab = new TestLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private Pack pack() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                pack:
                  id: hdlc-misbehaviour
                  title: Firmware reads over a misbehaving HDLC link
                  release: IOC
                  version: 0.1.0
                  standard: false
                  rationale: a negative test of the harness itself, not a DMCT pack
                tests:
                """);
        for (int i = 1; i <= 4; i++) {
            yaml.append("""
                      - id: READ-%d
                        title: Read the ESME firmware version, %d
                        kind: functional
                        devices: [ESME]
                        timeout: 30s
                        steps:
                          - send: { srv: "11.2", to: ESME }
                            expect: { response: I0 }
                    """.formatted(i, i));
        }
        Path file = dir.resolve("hdlc-misbehaviour.yaml");
        Files.writeString(file, yaml);
        return new PackLoader().load(file);
    }

    @Test
    void aBadExchangeBlocksItsTestAndTheRunGoesOn() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group)
                .onGets(Fault.CORRUPT_FCS, Fault.NONE, Fault.SILENT, Fault.NONE).corruptingRetransmissions().start()) {
            LinkSpec link = new LinkSpec(LinkSpec.Transport.HDLC_TCP, "127.0.0.1", peer.port(), null,
                    new LinkSpec.HdlcOptions(4, 0x10, 128, 1, Duration.ofMillis(200)));
            Lab toPeer = lab.lab.mapDmcs(d -> d.id().equals("DMC-ALPHA") ? d.withLink(link) : d);
            Path bundle = dir.resolve("bundle");
            RunConfig config = RunConfig.builder(toPeer, List.of(pack()), lab.group, bundle)
                    .providers(List.of(new DlmsAdapterProvider())).dmcs(List.of("DMC-ALPHA"))
                    .requestTimeout(Duration.ofSeconds(2)).communicationCutoff(0).build();
            RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            DmcResult alpha = outcome.dmcs().get(0);
            Map<String, TestResult> tests = alpha.tests().stream()
                    .collect(Collectors.toMap(TestResult::testId, Function.identity()));

            TestResult garbled = tests.get("READ-1");
            assertThat(garbled.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(garbled.communicationFailure()).isTrue();
            assertThat(garbled.reason()).contains("E20").contains("ALPHA-ESME").contains("hdlc-tcp://127.0.0.1:"
                    + peer.port()).contains("the last frame received was malformed: FCS mismatch");
            TestResult silent = tests.get("READ-3");
            assertThat(silent.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(silent.communicationFailure()).isTrue();
            assertThat(silent.reason()).contains("E21").contains("did not answer GET 1-0:0.2.0.255");
            assertThat(tests.get("READ-2").verdict()).as(tests.get("READ-2").reason()).isEqualTo(Verdict.PASS);
            assertThat(tests.get("READ-4").verdict()).as(tests.get("READ-4").reason()).isEqualTo(Verdict.PASS);

            List<String> malformed = Files.readAllLines(bundle.resolve("evidence.jsonl")).stream()
                    .filter(l -> l.contains("\"type\":\"frame\"") && l.contains("\"direction\":\"malformed\""))
                    .toList();
            assertThat(malformed).as("the garbled copies of the first answer, each with its reason").hasSize(4)
                    .allMatch(l -> l.contains("FCS mismatch") && l.contains("\"device\":\"ALPHA-ESME\""));
        }
    }
}
