package org.dmct.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fault lists as profiles, labs and fault files write them: every kind read, every mistake named with its line. */
class FaultReaderTest {
    @TempDir
    Path dir;

    private static List<FaultSpec> read(String yaml) {
        ConfigDocument doc = ConfigDocument.parse(Path.of("faults.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        List<FaultSpec> faults = FaultReader.read(doc.root().get("faults"));
        doc.throwIfProblems();
        return faults;
    }

    @Test
    void everyKindIsReadWithItsParametersAndSeed() {
        List<FaultSpec> faults = read("""
                faults:
                  - {kind: latency, distribution: normal, mean: 200ms, stddev: 50ms, max: 1s, seed: 9}
                  - {kind: line-speed, baud: 9600}
                  - {kind: dropped-responses, probability: 0.25, seed: 3}
                  - {kind: corrupted-frames, everyNth: 4, target: payload}
                  - {kind: duplicated-frames, everyNth: 2}
                  - {kind: reboot-mid-transfer, afterBlocks: 3}
                  - {kind: association-refused, after: 5}
                  - {kind: slow-clock, secondsPerDay: -30, daysSinceSync: 10}
                """);
        assertThat(faults).extracting(f -> f.kind()).containsExactly(FaultKind.values());
        assertThat(faults.get(0).describe()).isEqualTo("latency distribution=normal max=1s mean=200ms stddev=50ms seed=9");
        assertThat(faults.get(1).describe()).isEqualTo("line-speed baud=9600 seed=1");
        assertThat(faults.get(3).sortedParameters()).containsEntry("target", "payload").containsEntry("everyNth", "4");
        assertThat(faults.get(7).number("secondsPerDay")).contains(-30.0);
    }

    @Test
    void mistakesNameTheLineAndField() {
        assertThatThrownBy(() -> read("""
                faults:
                  - {kind: latency, distribution: uniform, min: 2s}
                  - {kind: dropped-responses, probability: 1.5}
                  - {kind: dropped-responses, probability: 0.5, everyNth: 2}
                  - {kind: corrupted-frames, everyNth: 1, target: header}
                  - {kind: slow-clock}
                  - {kind: reboot-mid-transfer, afterBlocks: 0}
                  - {kind: line-speed, baud: 9600, parity: even}
                  - {kind: brownout}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("faults.yaml:2").hasMessageContaining("a uniform latency needs [min, max]")
                .hasMessageContaining("faults.yaml:3").hasMessageContaining("a probability is between 0 and 1")
                .hasMessageContaining("faults.yaml:4").hasMessageContaining("exactly one of probability")
                .hasMessageContaining("faults.yaml:5").hasMessageContaining("'header' is not one of fcs, payload")
                .hasMessageContaining("faults.yaml:6").hasMessageContaining("secondsPerDay")
                .hasMessageContaining("faults.yaml:7").hasMessageContaining("afterBlocks")
                .hasMessageContaining("faults.yaml:8").hasMessageContaining("parity")
                .hasMessageContaining("faults.yaml:9").hasMessageContaining("'brownout' is not one of latency");
    }

    @Test
    void aLaterFaultOfAKindReplacesTheEarlier() {
        List<FaultSpec> profile = read("faults: [{kind: latency, delay: 1s}, {kind: line-speed, baud: 9600}]");
        List<FaultSpec> lab = read("faults: [{kind: latency, delay: 2s, seed: 4}]");
        assertThat(FaultReader.merge(profile, lab)).extracting(FaultSpec::describe)
                .containsExactly("latency delay=2s distribution=fixed seed=4", "line-speed baud=9600 seed=1");
    }

    @Test
    void aFaultFileNamingAnUnknownDeviceIsRefusedWithItsLine() throws Exception {
        Path file = dir.resolve("run-faults.yaml");
        Files.writeString(file, """
                faults: [{kind: latency, delay: 10ms}]
                devices:
                  NO-SUCH-ESME: [{kind: dropped-responses, everyNth: 2}]
                """);
        FaultsFile faults = FaultsFile.load(file);
        assertThat(faults.everyDevice()).hasSize(1);
        assertThat(faults.byDevice()).containsOnlyKeys("NO-SUCH-ESME");
        org.dmct.core.lab.Lab empty = new org.dmct.core.lab.Lab("lab", "Lab", java.util.Map.of(), List.of(), List.of(),
                List.of(), java.time.Duration.ofSeconds(5), file, "0");
        assertThatThrownBy(() -> faults.applyTo(empty)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("run-faults.yaml:3").hasMessageContaining("NO-SUCH-ESME");
    }
}
