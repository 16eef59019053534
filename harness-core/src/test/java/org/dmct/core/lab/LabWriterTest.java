package org.dmct.core.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lab written by {@link LabWriter} loads back to the same lab: every DMC, link, push destination, device, firmware,
 * serial number and key reference, the keystore and signing key; secrets stay references. Checked on every lab the
 * repository ships (plain, serial HDLC, and secured with a keystore), written to another directory.
 */
class LabWriterTest {
    private static final Path LABS = Path.of(System.getProperty("user.dir")).resolve("../lab-config/labs")
            .normalize();

    @TempDir
    Path dir;

    static Stream<String> labs() {
        return Stream.of("ci-simulated.yaml", "ci-serial.yaml", "ci-secured.yaml", "ci-lifecycle.yaml",
                "ci-prepay.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void aWrittenLabLoadsBackToTheSameLab(String name) throws Exception {
        Lab original = new LabLoader().load(LABS.resolve(name));
        Path written = LabWriter.write(original, dir.resolve("elsewhere/written.yaml"), "round trip of " + name);
        Lab reloaded = new LabLoader().load(written);

        assertThat(reloaded.id()).isEqualTo(original.id());
        assertThat(reloaded.title()).isEqualTo(original.title());
        assertThat(reloaded.environment()).isEqualTo(original.environment());
        assertThat(reloaded.profileDirs()).isEqualTo(original.profileDirs());
        assertThat(reloaded.packDirs()).isEqualTo(original.packDirs());
        assertThat(reloaded.requestTimeout()).isEqualTo(original.requestTimeout());
        assertThat(reloaded.keystore()).isEqualTo(original.keystore());
        assertThat(reloaded.signingKey()).isEqualTo(original.signingKey());
        // DMC records compare profiles by value: the same profile files were read twice.
        assertThat(reloaded.dmcs()).isEqualTo(original.dmcs());
        String text = Files.readString(written);
        assertThat(text).startsWith("# round trip of " + name);
        if (original.keystore() != null) {
            // Only references are written: never a key, never the keystore password's value.
            assertThat(text).contains("{ keystore: ").contains("{ env: \"DMCT_CI_KEYSTORE_PASSWORD\" }");
        }
    }

    @Test
    void controlEndpointsAndInjectedFaultsAreWrittenSoARunSeesWhatTheSimulatorsDo() throws Exception {
        Lab original = new LabLoader().load(LABS.resolve("ci-simulated.yaml"));
        java.util.List<org.dmct.core.fault.FaultSpec> faults = java.util.List.of(
                new org.dmct.core.fault.FaultSpec(org.dmct.core.fault.FaultKind.DROPPED_RESPONSES,
                        java.util.Map.of("probability", "0.25"), 7L));
        Lab changed = original.mapDmcs(d -> d.withControl(java.net.URI.create(
                "http://127.0.0.1:18080/installations/" + d.id())).withDevices(d.devices().stream()
                .map(dev -> dev.withFaults(faults)).toList()));
        Path written = LabWriter.write(changed, dir.resolve("with-faults.yaml"), "faults and control");
        Lab reloaded = new LabLoader().load(written);
        assertThat(reloaded.dmcs()).isEqualTo(changed.dmcs());
        assertThat(reloaded.dmcs().get(0).devices().get(0).faults()).isEqualTo(faults);
    }

    @Test
    void oddTextIsQuotedSoItStaysText() throws Exception {
        Lab original = new LabLoader().load(LABS.resolve("ci-simulated.yaml"));
        Lab odd = new Lab("lab: \"odd\" #1", "0001", Map.of("on", "yes\ttab"), original.dmcs(),
                original.profileDirs(), List.of(), original.requestTimeout(), original.source(), original.sha256());
        Lab reloaded = new LabLoader().load(LabWriter.write(odd, dir.resolve("odd.yaml"), null));
        assertThat(reloaded.id()).isEqualTo("lab: \"odd\" #1");
        assertThat(reloaded.title()).isEqualTo("0001");
        assertThat(reloaded.environment()).containsEntry("on", "yes\ttab");
    }
}
