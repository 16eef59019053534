package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.core.profile.MeteringSpec;
import org.dmct.core.profile.UtrnRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metering fields of a profile's simulation section (time scale, clock drift, seed, tariff, prepayment) as the
 * Cobalt prepayment profile declares them, each mistake named with its file and field, and the UTRN rule the
 * simulated prepayment models check.
 */
class MeteringProfileTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path dir;

    private Path labWithCobalt(String from, String to) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(MODULE.resolve("profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path cobalt = profiles.resolve("esme-cobalt-c7-prepay.yaml");
        String text = Files.readString(cobalt);
        assertThat(text).contains(from);
        Files.writeString(cobalt, text.replace(from, to));
        Files.createDirectories(dir.resolve("test-packs/packs"));
        Files.createDirectories(dir.resolve("labs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.writeString(lab, Files.readString(MODULE.resolve("labs/ci-prepay.yaml"))
                .replace("../../test-packs/packs", "../test-packs/packs"));
        return lab;
    }

    private DeviceProfile cobalt(Path lab) {
        return new LabLoader().load(lab).dmc("DMC-ECHO").orElseThrow().device("ECHO-ESME").orElseThrow().profile();
    }

    private ConfigProblem onlyProblem(Path lab) {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e).as("lab should be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void theCobaltProfileDeclaresItsTariffPrepaymentAndDrift() throws IOException {
        MeteringSpec m = cobalt(labWithCobalt("seed: 7", "seed: 7")).simulation().metering();
        assertThat(m.seed()).isEqualTo(7);
        assertThat(m.clockDriftPpm()).isCloseTo(2_000_000d / 86_400, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(m.timeScale()).isEqualTo(1.0);
        assertThat(m.tariff().rateAt(LocalTime.of(0, 29))).isEqualTo(1);
        assertThat(m.tariff().rateAt(LocalTime.of(0, 30))).isEqualTo(2);
        assertThat(m.tariff().rateAt(LocalTime.of(7, 29))).isEqualTo(2);
        assertThat(m.tariff().rateAt(LocalTime.of(23, 59))).isEqualTo(1);
        assertThat(m.tariff().prices()).containsExactly(2860L, 1420L);
        assertThat(m.prepayment().initialBalance()).isEqualTo(1000);
        assertThat(m.prepayment().keypadLockAfter()).isEqualTo(5);
        assertThat(m.prepayment().keypadLockDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(m.prepayment().utrn().toString()).doesNotContain("cobalt-c7-ci-utrn-key");
    }

    @Test
    void aTimeScaleIsRead() throws IOException {
        MeteringSpec m = cobalt(labWithCobalt("  seed: 7", "  seed: 7\n  timeScale: 1800")).simulation().metering();
        assertThat(m.timeScale()).isEqualTo(1800.0);
    }

    @Test
    void metringMistakesAreNamedWithTheirField() throws IOException {
        for (List<String> c : List.of(
                List.of("clockDrift: 2s/day", "clockDrift: fast", "simulation.clockDrift"),
                List.of("  seed: 7", "  seed: 7\n  timeScale: 0", "simulation.timeScale"),
                List.of("prices: [2860, 1420]", "prices: [2860]", "simulation.tariff.prices"),
                List.of("{ at: \"00:30\", rate: 2 }", "{ at: \"25:30\", rate: 2 }", "simulation.tariff.switches[1].at"),
                List.of("keypadLockAfter: 5", "keypadLockAfter: 0", "simulation.prepayment.keypadLockAfter"),
                List.of("utrnKey: \"cobalt-c7-ci-utrn-key\"", "utrnKeys: x", "simulation.prepayment.utrnKeys"))) {
            ConfigProblem p = onlyProblem(labWithCobalt(c.get(0), c.get(1)));
            assertThat(p.file().getFileName().toString()).isEqualTo("esme-cobalt-c7-prepay.yaml");
            assertThat(p.field()).as(c.get(1)).isEqualTo(c.get(2));
            assertThat(p.line()).isPositive();
        }
    }

    @Test
    void aPrepaymentMeterWithoutItsTokenGatewayIsRefused() throws IOException {
        ConfigProblem p = onlyProblem(labWithCobalt("  tokenGateway:            { obis: \"0-0:19.40.0.255\", class: 115 }\n", ""));
        assertThat(p.field()).isEqualTo("simulation.prepayment");
        assertThat(p.message()).contains("tokenGateway");
    }

    @Test
    void utrnsAreCheckedByFormatAndCheckDigitsPerMeter() {
        UtrnRule rule = new UtrnRule("k");
        String utrn = rule.mint("SER-1", 1234, 56);
        assertThat(utrn).hasSize(20).startsWith("00001234000056");
        assertThat(rule.check("SER-1", utrn)).isEmpty();
        assertThat(UtrnRule.parse(utrn)).isEqualTo(new UtrnRule.Token(1234, 56));
        assertThat(rule.check("SER-2", utrn)).contains(UtrnRule.Failure.AUTHENTICATION);
        assertThat(new UtrnRule("other").check("SER-1", utrn)).contains(UtrnRule.Failure.AUTHENTICATION);
        assertThat(rule.check("SER-1", utrn.substring(1))).contains(UtrnRule.Failure.FORMAT);
        assertThat(rule.check("SER-1", utrn.substring(0, 19) + "x")).contains(UtrnRule.Failure.FORMAT);
        assertThat(rule.check("SER-1", null)).contains(UtrnRule.Failure.FORMAT);
    }
}
