package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.evidence.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --faults} and {@code --operator-answers} on the command line: the demo's simulators inject the faults of
 * the file and its manifest records them per device; a fault or answers file with a mistake is a configuration error
 * (exit 2) naming file and line.
 */
class FaultsAndOperatorCliTest {
    @TempDir
    Path dir;

    @Test
    void theDemoInjectsTheFaultFileAndTheManifestRecordsIt() throws Exception {
        Path faults = dir.resolve("faults.yaml");
        Files.writeString(faults, """
                faults: [{kind: latency, distribution: uniform, min: 5ms, max: 20ms, seed: 12}]
                devices:
                  BRAVO-GSME: [{kind: duplicated-frames, everyNth: 1000, seed: 3}]
                """);
        Path bundle = dir.resolve("demo");
        CliFixture.Result r = dmct("demo", "--out", bundle.toString(), "--faults", faults.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(0);
        Manifest m = Manifest.read(bundle.resolve("manifest.json"));
        assertThat(m.dmcs()).allSatisfy(d -> assertThat(d.devices()).allSatisfy(dev ->
                assertThat(dev.faults()).anySatisfy(f -> {
                    assertThat(f.kind()).isEqualTo("latency");
                    assertThat(f.seed()).isEqualTo(12);
                    assertThat(f.parameters()).containsEntry("min", "5ms").containsEntry("max", "20ms");
                })));
        Manifest.DeviceInfo gsme = m.dmcs().stream().flatMap(d -> d.devices().stream())
                .filter(d -> d.id().equals("BRAVO-GSME")).findFirst().orElseThrow();
        assertThat(gsme.faults()).extracting(Manifest.FaultInfo::kind).containsExactly("latency", "duplicated-frames");
        assertThat(Files.readString(bundle.resolve("report/report.html")))
                .contains("Injected faults: latency distribution=uniform max=20ms min=5ms seed=12");
        // Latency within the request timeout changes no verdict.
        assertThat(CliFixture.verdicts(bundle).get("DMC-ALPHA").values()).containsOnly("PASS");
    }

    @Test
    void aFaultFileWithAMistakeIsAConfigurationError() throws Exception {
        Path faults = dir.resolve("bad-faults.yaml");
        Files.writeString(faults, """
                faults:
                  - {kind: dropped-responses, probability: 2}
                """);
        CliFixture.Result r = dmct("simulate", "--lab", CliFixture.ciLab().toString(), "--faults", faults.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad-faults.yaml:2").contains("a probability is between 0 and 1");
    }

    @Test
    void anAnswersFileWithAnUnknownEventIsAConfigurationError() throws Exception {
        Path answers = dir.resolve("answers.yaml");
        Files.writeString(answers, """
                operator: J. Smith
                answers:
                  - {event: earthquake, answer: done}
                """);
        CliFixture.Result r = dmct("run", "--lab", CliFixture.ciLab().toString(), "--pack", "dmct-srv-reference",
                "--out", dir.resolve("run").toString(), "--operator-answers", answers.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("answers.yaml:3").contains("unknown event 'earthquake'");
    }
}
