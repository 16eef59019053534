package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.lab.LabLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lab files with the mistakes people make: each is refused with a problem naming the file, the line and the field.
 * The lab is a copy of the CI lab with one edit, next to a copy of the real profiles.
 */
class LabValidationTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path dir;

    private Path labWith(String from, String to) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(MODULE.resolve("profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(dir.resolve("test-packs/packs"));
        Files.createDirectories(dir.resolve("labs"));
        String text = Files.readString(MODULE.resolve("labs/ci-simulated.yaml"));
        assertThat(text).contains(from);
        Path lab = dir.resolve("labs/lab.yaml");
        Files.writeString(lab, text.replace(from, to).replace("../../test-packs/packs", "../test-packs/packs"));
        return lab;
    }

    private ConfigProblem onlyProblem(Path lab) {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e).as("lab should be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void profileEntriesOutOfBoundsAreNamedAndDefaultsApply() throws IOException {
        Path lab = labWith("port: 14062", "port: 14062");
        Path esme = dir.resolve("profiles/esme-acme-a1.yaml");
        Files.writeString(esme, Files.readString(esme).replace("loadProfileEntries: 480", "loadProfileEntries: 0"));
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.file()).isEqualTo(esme.toAbsolutePath().normalize());
        assertThat(p.field()).isEqualTo("simulation.loadProfileEntries");

        Files.writeString(esme, Files.readString(esme).replace("  loadProfileEntries: 0", "")
                .replace("  dailyReadLogEntries: 31\n", ""));
        var profile = new LabLoader().load(lab).dmc("DMC-ALPHA").orElseThrow().device("ALPHA-ESME").orElseThrow().profile();
        assertThat(profile.simulation().loadProfileEntries()).isEqualTo(480);
        assertThat(profile.simulation().dailyReadLogEntries()).isEqualTo(31);
    }

    @Test
    void unknownFieldIsNamedWithASuggestion() throws IOException {
        Path lab = labWith("    smso: Alpha Metering Services", "    smsoo: Alpha Metering Services");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.file()).isEqualTo(lab.toAbsolutePath().normalize());
        assertThat(p.line()).isEqualTo(lineOf(lab, "smsoo:"));
        assertThat(p.field()).isEqualTo("dmcs[0].smsoo");
        assertThat(p.message()).contains("unknown field 'smsoo'").contains("did you mean 'smso'");
    }

    @Test
    void portOutOfRangeIsNamed() throws IOException {
        Path lab = labWith("port: 14062", "port: 140620");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.line()).isEqualTo(lineOf(lab, "port: 140620"));
        assertThat(p.field()).isEqualTo("dmcs[1].link.port");
        assertThat(p.message()).contains("out of range");
    }

    @Test
    void portThatIsNotANumberIsNamed() throws IOException {
        Path lab = labWith("port: 14062", "port: http");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].link.port");
        assertThat(p.message()).contains("expected a whole number");
    }

    @Test
    void missingProfileIsNamed() throws IOException {
        Path lab = labWith("profile: esme-acme-a1,", "profile: esme-acme-a2,");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.line()).isEqualTo(lineOf(lab, "esme-acme-a2"));
        assertThat(p.field()).isEqualTo("dmcs[0].devices[1].profile");
        assertThat(p.message()).contains("no device profile 'esme-acme-a2'").contains("did you mean 'esme-acme-a1'");
    }

    @Test
    void profileOfTheWrongDeviceTypeIsNamed() throws IOException {
        Path lab = labWith("profile: gsme-gasco-g4, logicalDevice: 3, serialNumber: \"GCO-G4-7730012\"",
                "profile: esme-acme-a1, logicalDevice: 3, serialNumber: \"GCO-G4-7730012\"");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.message()).contains("is for a ESME, but this device is a GSME");
    }

    @Test
    void firmwareTheProfileDoesNotDeclareIsNamed() throws IOException {
        Path lab = labWith("firmware: B2-00", "firmware: B2-99");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].devices[1].firmware");
        assertThat(p.message()).contains("B2-99");
    }

    @Test
    void duplicatePortAndLogicalDeviceAreNamed() throws IOException {
        Path lab = labWith("port: 14062", "port: 14061");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.message()).contains("port 14061 is already used by DMC DMC-ALPHA");
    }

    @Test
    void malformedYamlIsNamedWithItsLine() throws IOException {
        Path lab = labWith("  - id: DMC-BRAVO", "  - id: [DMC-BRAVO");
        assertThatThrownBy(() -> new LabLoader().load(lab))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(lab.getFileName().toString())
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path lab = labWith("port: 14062", "port: -1");
        String text = Files.readString(lab).replace("smso: Alpha Metering Services", "smsoo: x");
        Files.writeString(lab, text);
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void passwordWrittenInClearIsRefused() throws IOException {
        Path lab = labWith("lab:", "lab:");
        Path profile = dir.resolve("profiles/esme-acme-a1.yaml");
        Files.writeString(profile, Files.readString(profile)
                .replace("  authentication: none", "  authentication: low\n  password: secret123"));
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> new LabLoader().load(lab));
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(profile);
            assertThat(p.field()).isEqualTo("protocol.password");
            assertThat(p.message()).contains("never written in a file in clear");
        });
        assertThat(e.getMessage()).doesNotContain("secret123");
    }

    private static final String ALPHA_LINK = "link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14061 }";

    @Test
    void serialAndHdlcLinksAreRead() throws IOException {
        Path lab = labWith(ALPHA_LINK, "link: { transport: hdlc-serial, serialPort: /dev/ttyUSB0, baud: 19200, "
                + "parity: even, stopBits: 2, hdlc: { addressSize: 2, physicalAddress: 17, windowSize: 3 } }");
        var dmc = new LabLoader().load(lab).dmc("DMC-ALPHA").orElseThrow();
        var link = dmc.link();
        assertThat(link.transport()).isEqualTo(org.dmct.core.lab.LinkSpec.Transport.HDLC_SERIAL);
        assertThat(link.serial().port()).isEqualTo("/dev/ttyUSB0");
        assertThat(link.serial().baud()).isEqualTo(19200);
        assertThat(link.serial().dataBits()).isEqualTo(8);
        assertThat(link.serial().parity()).isEqualTo(org.dmct.core.lab.LinkSpec.Parity.EVEN);
        assertThat(link.serial().stopBits()).isEqualTo(20);
        assertThat(link.hdlc().addressSize()).isEqualTo(2);
        assertThat(link.hdlc().physicalAddress()).isEqualTo(17);
        assertThat(link.hdlc().windowSize()).isEqualTo(3);
        assertThat(link.hdlc().maxInformationLength()).isEqualTo(128);
        assertThat(link).hasToString("hdlc-serial:///dev/ttyUSB0@19200,8E2");

        Path tcp = labWith(ALPHA_LINK, "link: { transport: hdlc-tcp, host: 10.1.2.3, port: 4059 }");
        var hdlcTcp = new LabLoader().load(tcp).dmc("DMC-ALPHA").orElseThrow().link();
        assertThat(hdlcTcp.hdlc()).isEqualTo(org.dmct.core.lab.LinkSpec.HdlcOptions.DEFAULTS);
        assertThat(hdlcTcp).hasToString("hdlc-tcp://10.1.2.3:4059");
    }

    @Test
    void aSerialLinkWithAHostIsRefused() throws IOException {
        Path lab = labWith(ALPHA_LINK, "link: { transport: hdlc-serial, serialPort: /dev/ttyS0, host: 127.0.0.1 }");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[0].link.host");
        assertThat(p.message()).contains("serial link has no host");
        assertThat(p.line()).isEqualTo(lineOf(lab, "/dev/ttyS0"));
    }

    @Test
    void badSerialSettingsAreNamed() throws IOException {
        ConfigProblem parity = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: hdlc-serial, serialPort: /dev/ttyS0, parity: evn }"));
        assertThat(parity.field()).isEqualTo("dmcs[0].link.parity");
        assertThat(parity.message()).contains("none, odd, even, mark, space");
        ConfigProblem stop = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: hdlc-serial, serialPort: /dev/ttyS0, stopBits: 3 }"));
        assertThat(stop.field()).isEqualTo("dmcs[0].link.stopBits");
        ConfigProblem missing = onlyProblem(labWith(ALPHA_LINK, "link: { transport: hdlc-serial, baud: 9600 }"));
        assertThat(missing.field()).isEqualTo("dmcs[0].link.serialPort");
        ConfigProblem baudOnTcp = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14061, baud: 9600 }"));
        assertThat(baudOnTcp.field()).isEqualTo("dmcs[0].link.baud");
        assertThat(baudOnTcp.message()).contains("only to the hdlc-serial transport");
    }

    @Test
    void badHdlcOptionsAreNamed() throws IOException {
        ConfigProblem size = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: hdlc-tcp, host: 127.0.0.1, port: 14061, hdlc: { addressSize: 3 } }"));
        assertThat(size.field()).isEqualTo("dmcs[0].link.hdlc.addressSize");
        ConfigProblem window = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: hdlc-tcp, host: 127.0.0.1, port: 14061, hdlc: { windowSize: 8 } }"));
        assertThat(window.field()).isEqualTo("dmcs[0].link.hdlc.windowSize");
        ConfigProblem onWrapper = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14061, hdlc: { windowSize: 2 } }"));
        assertThat(onWrapper.field()).isEqualTo("dmcs[0].link.hdlc");
        ConfigProblem typo = onlyProblem(labWith(ALPHA_LINK,
                "link: { transport: hdlc-tcp, host: 127.0.0.1, port: 14061, hdlc: { windowsize: 2 } }"));
        assertThat(typo.message()).contains("windowSize");
    }

    @Test
    void twoDmcsOnOneSerialPortAreRefused() throws IOException {
        Path lab = labWith(ALPHA_LINK, "link: { transport: hdlc-serial, serialPort: /dev/ttyS0 }");
        String text = Files.readString(lab).replace("link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14062 }",
                "link: { transport: hdlc-serial, serialPort: /dev/ttyS0 }");
        Files.writeString(lab, text);
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].link.serialPort");
        assertThat(p.message()).contains("already used by DMC DMC-ALPHA");
    }
}
