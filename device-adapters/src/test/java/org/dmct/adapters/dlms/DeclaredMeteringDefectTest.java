package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declared metrology defect {@code register-goes-backwards}: a copy of the Cobalt prepayment profile declaring
 * it makes the import register read less as simulated time passes, which a pack comparing two reads catches; the
 * same profile without it only ever goes up.
 */
class DeclaredMeteringDefectTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path dir;

    private Path labWithDefect() throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var files = Files.list(repo.resolve("lab-config/profiles"))) {
            for (Path p : files.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        Path cobalt = profiles.resolve("esme-cobalt-c7-prepay.yaml");
        String text = Files.readString(cobalt).replace("  tariff:                     # Economy 7",
                "  defects:\n    - { id: C7-METROLOGY, description: register counts down, kind: register-goes-backwards,"
                        + " function: activeImportTotal }\n  tariff:                     # Economy 7");
        assertThat(text).contains("register-goes-backwards");
        Files.writeString(cobalt, text);
        Path labs = Files.createDirectories(dir.resolve("labs"));
        String lab = Files.readString(repo.resolve("lab-config/labs/ci-prepay.yaml"))
                .replace("packs: [../../test-packs/packs]", "packs: [" + repo.resolve("test-packs/packs") + "]");
        Path file = labs.resolve("ci-prepay.yaml");
        Files.writeString(file, lab);
        return file;
    }

    private static BigDecimal total(SimulatedTimeLab lab, LabDevice esme) throws Exception {
        return ((Quantity) lab.send("4.1.1", esme).values().get("activeImportTotal")).value();
    }

    @Test
    void theDefectiveRegisterReadsLessLaterAndTheGoodOneMore() throws Exception {
        try (SimulatedTimeLab broken = new SimulatedTimeLab(labWithDefect(), "DMC-ECHO", START);
             SimulatedTimeLab good = new SimulatedTimeLab("ci-prepay.yaml", "DMC-ECHO", START)) {
            LabDevice esme = broken.device("DMC-ECHO", "ECHO-ESME");
            BigDecimal brokenFirst = total(broken, esme);
            BigDecimal goodFirst = total(good, esme);
            broken.advance(Duration.ofHours(6));
            good.advance(Duration.ofHours(6));
            assertThat(total(broken, esme)).isLessThan(brokenFirst);
            assertThat(total(good, esme)).isGreaterThan(goodFirst);
        }
    }
}
