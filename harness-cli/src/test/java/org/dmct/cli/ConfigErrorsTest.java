package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lab file with a typo gets exit code 2 and a message naming the file, the line and the field, from
 * {@code lab validate} and from {@code run} alike; nothing is run.
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private Path labWith(String from, String to) throws IOException {
        String text = Files.readString(CliFixture.ciLab());
        assertThat(text).contains(from);
        text = text.replace(from, to)
                .replace("profiles: [../profiles]", "profiles: [" + CliFixture.REPO.resolve("lab-config/profiles") + "]")
                .replace("packs: [../../test-packs/packs]", "packs: [" + CliFixture.REPO.resolve("test-packs/packs") + "]");
        Path lab = dir.resolve("lab.yaml");
        Files.writeString(lab, text);
        return lab;
    }

    private static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in " + file);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field   | '    smso: Bravo Smart Services\n    installationType: dormant\n    simulated: true\n    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14062 }' | '    smso: Bravo Smart Services\n    installationType: dormant\n    simulatd: true\n    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14062 }' | simulatd | dmcs[1].simulatd",
        "bad port        | 'port: 14062' | 'port: 99999' | 99999 | dmcs[1].link.port",
        "missing profile | 'profile: esme-acme-a1,' | 'profile: esme-acme-z9,' | esme-acme-z9 | dmcs[0].devices[1].profile"})
    void typoIsExitCodeTwoNamingFileLineAndField(String name, String from, String to, String marker, String field)
            throws IOException {
        Path lab = labWith(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        String where = lab + ":" + lineOf(lab, marker) + ":";
        for (String[] command : new String[][] {
                {"lab", "validate", "--lab", lab.toString()},
                {"run", "--lab", lab.toString(), "--pack", "dmct-srv-reference", "--out", dir.resolve("out").toString()}}) {
            CliFixture.Result r = dmct(command);
            assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.err()).contains(where).contains(field + ":");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void validLabIsExitCodeZero() {
        CliFixture.Result r = dmct("lab", "validate", "--lab", CliFixture.ciLab().toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).contains("valid").contains("CHARLIE-ESME");
    }

    @Test
    void unknownPackIsExitCodeTwo() {
        CliFixture.Result r = dmct("run", "--lab", CliFixture.ciLab().toString(), "--pack", "no-such-pack",
                "--out", dir.resolve("out").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-pack");
    }

    @Test
    void usageErrorsAreExitCodeTwo() {
        assertThat(dmct("run", "--lab").exitCode()).isEqualTo(2);
        assertThat(dmct("frobnicate").exitCode()).isEqualTo(2);
        assertThat(dmct().exitCode()).isEqualTo(2);
        CliFixture.Result help = dmct("--help");
        assertThat(help.exitCode()).isEqualTo(0);
        assertThat(help.out()).contains("demo").contains("run").contains("simulate").contains("lab");
    }

    @Test
    void aKeystoreWithoutItsPasswordInTheEnvironmentIsAUsageErrorNamingTheVariable() {
        // The CI environment does not hold the secured lab's keystore password (the README says how to give it).
        org.assertj.core.api.Assumptions.assumeThat(System.getenv("DMCT_CI_KEYSTORE_PASSWORD")).isNull();
        CliFixture.Result r = CliFixture.dmct("lab", "probe", "--lab",
                CliFixture.REPO.resolve("lab-config/labs/ci-secured.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("lab ci-secured").contains("cannot open its keystore")
                .contains("DMCT_CI_KEYSTORE_PASSWORD");
    }
}
