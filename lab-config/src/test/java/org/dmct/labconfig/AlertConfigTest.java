package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.PushDestination;
import org.dmct.core.profile.AlertSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert parts of lab files and profiles: {@code dmcs[].push} and {@code alerts: {notification, eventMap}} as
 * the CI lab declares them, and the mistakes in them, each named with file, line and field.
 */
class AlertConfigTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path dir;

    /** A copy of the CI lab and its profiles, with one edit in the lab file or in one profile. */
    private Path labWith(String file, String from, String to) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(MODULE.resolve("profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(dir.resolve("test-packs/packs"));
        Files.createDirectories(dir.resolve("labs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.writeString(lab, Files.readString(MODULE.resolve("labs/ci-simulated.yaml"))
                .replace("../../test-packs/packs", "../test-packs/packs"));
        Path edited = file == null ? lab : profiles.resolve(file);
        String text = Files.readString(edited);
        assertThat(text).contains(from);
        Files.writeString(edited, text.replace(from, to));
        return lab;
    }

    private static ConfigProblem onlyProblem(Path lab) {
        ConfigException e = (ConfigException) catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e).as("lab should be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void theCiLabDeclaresPushDestinationsAndEveryProfileAnEventMap() {
        Lab lab = new LabLoader().load(MODULE.resolve("labs/ci-simulated.yaml"));
        assertThat(lab.dmcs()).extracting(LabDmc::push).containsExactly(new PushDestination("127.0.0.1", 14161),
                new PushDestination("127.0.0.1", 14162), new PushDestination("127.0.0.1", 14163));
        LabDmc bravo = lab.dmc("DMC-BRAVO").orElseThrow();
        AlertSettings borealis = bravo.device("BRAVO-ESME").orElseThrow().profile().alerts();
        assertThat(borealis.notification()).isEqualTo(AlertSettings.Notification.DATA_NOTIFICATION);
        // Borealis uses its own event codes: the translation is not the identity.
        assertThat(borealis.alertCode(0x0101)).contains(0x8F32);
        assertThat(borealis.alertCode(0x8F32)).isEmpty();
        assertThat(borealis.deviceCode(0x8F32)).contains(0x0101);
        AlertSettings acme = lab.dmc("DMC-ALPHA").orElseThrow().device("ALPHA-ESME").orElseThrow().profile().alerts();
        assertThat(acme.notification()).isEqualTo(AlertSettings.Notification.EVENT_NOTIFICATION);
        assertThat(acme.eventMap()).containsEntry(0x8F32, 0x8F32).containsEntry(0x8F57, 0x8F57);
        for (LabDmc dmc : lab.dmcs()) {
            dmc.devices().forEach(d -> assertThat(d.profile().alerts().eventMap()).as(d.profile().id()).isNotEmpty());
        }
    }

    @Test
    void pushPortOutOfRangeIsNamed() throws IOException {
        Path lab = labWith(null, "port: 14162 }", "port: 0 }");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.line()).isEqualTo(lineOf(lab, "port: 0 }"));
        assertThat(p.field()).isEqualTo("dmcs[1].push.port");
        assertThat(p.message()).contains("out of range 1..65535");
    }

    @Test
    void pushPortUsedByAnotherDmcIsNamed() throws IOException {
        Path lab = labWith(null, "port: 14162 }", "port: 14161 }");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].push.port");
        assertThat(p.message()).contains("port 14161 is already used by DMC DMC-ALPHA");
    }

    @Test
    void unknownPushFieldIsNamed() throws IOException {
        Path lab = labWith(null, "push: { host: 127.0.0.1, port: 14163 }", "push: { host: 127.0.0.1, prot: 14163 }");
        ConfigException e = (ConfigException) catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("dmcs[2].push.prot");
            assertThat(p.message()).contains("did you mean 'port'");
        });
    }

    @Test
    void unknownNotificationKindIsNamed() throws IOException {
        Path lab = labWith("esme-acme-a1.yaml", "notification: event-notification",
                "notification: event-report");
        ConfigProblem p = onlyProblem(lab);
        Path profile = dir.resolve("profiles/esme-acme-a1.yaml");
        assertThat(p.file()).isEqualTo(profile);
        assertThat(p.line()).isEqualTo(lineOf(profile, "event-report"));
        assertThat(p.field()).isEqualTo("alerts.notification");
        assertThat(p.message()).contains("event-notification, data-notification");
    }

    @Test
    void deviceCodeThatIsNotANumberIsNamed() throws IOException {
        Path lab = labWith("esme-borealis-b2.yaml", "0x0102: 0x8F57", "RELAY: 0x8F57");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.line()).isEqualTo(lineOf(dir.resolve("profiles/esme-borealis-b2.yaml"), "RELAY: 0x8F57"));
        assertThat(p.field()).isEqualTo("alerts.eventMap.RELAY");
        assertThat(p.message()).contains("device event code 'RELAY' is not a number");
    }

    @Test
    void alertCodeOutOfRangeIsNamed() throws IOException {
        Path lab = labWith("esme-borealis-b2.yaml", "0x0102: 0x8F57", "0x0102: 0x18F57");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("alerts.eventMap.0x0102");
        assertThat(p.message()).contains("out of range 0..65535");
    }

    @Test
    void eventMapThatIsNotAMappingIsNamed() throws IOException {
        Path lab = labWith("gsme-gasco-g4.yaml", "  eventMap:\n", "  eventMap: [0x8F32]\n  old:\n");
        ConfigException e = (ConfigException) catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("alerts.eventMap");
            assertThat(p.message()).contains("expected a mapping of device event code to GBCS alert code");
        });
    }

    @Test
    void aProfileWithoutAlertsRaisesNone() throws IOException {
        Path lab = labWith("chf-acme-ch1.yaml", "alerts:", "unused:");
        ConfigException e = (ConfigException) catchThrowable(() -> new LabLoader().load(lab));
        // The edit leaves an unknown top-level field; without it the profile simply has no alerts.
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("unused"));
        String text = Files.readString(dir.resolve("profiles/chf-acme-ch1.yaml"));
        Files.writeString(dir.resolve("profiles/chf-acme-ch1.yaml"), text.substring(0, text.indexOf("unused:")));
        Lab loaded = new LabLoader().load(lab);
        assertThat(loaded.dmc("DMC-ALPHA").orElseThrow().device("ALPHA-CHF").orElseThrow().profile().alerts())
                .isEqualTo(AlertSettings.NONE);
        assertThat(AlertSettings.NONE.eventMap()).isEqualTo(Map.of());
    }
}
