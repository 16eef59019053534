package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.profile.ProtocolSecurity;
import org.dmct.core.profile.ProtocolSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured CI lab and its profiles load with the security model (mechanism, suite, policy, frame counter object,
 * per-device keys as references), and the mistakes people make with security are refused with a problem naming the
 * file, line, field and device: a secured profile without the lab's keys, a key written in clear, a suite 1 device
 * without its signing key, a private key taken from the environment, a bad system title, keys for an unsecured
 * device, keystore references without a keystore, a real meter's private key in the lab, and profile mistakes.
 */
class SecuredLabValidationTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path dir;

    private Path labWith(String from, String to) throws IOException {
        return copy("labs/ci-secured.yaml", from, to, null, null, null);
    }

    private Path copy(String labName, String from, String to, String profile, String profileFrom, String profileTo)
            throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(MODULE.resolve("profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (profile != null) {
            Path p = profiles.resolve(profile);
            String text = Files.readString(p);
            assertThat(text).contains(profileFrom);
            Files.writeString(p, text.replace(profileFrom, profileTo));
        }
        Files.createDirectories(dir.resolve("test-packs/packs"));
        Files.createDirectories(dir.resolve("labs/keys"));
        Files.copy(MODULE.resolve("labs/keys/ci-test-keys.p12"), dir.resolve("labs/keys/ci-test-keys.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        String text = Files.readString(MODULE.resolve(labName));
        assertThat(text).contains(from);
        Path lab = dir.resolve("labs/lab.yaml");
        Files.writeString(lab, text.replace(from, to).replace("../../test-packs/packs", "../test-packs/packs"));
        return lab;
    }

    private List<ConfigProblem> problems(Path lab) {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> new LabLoader().load(lab));
        assertThat(e).as("lab should be refused").isNotNull();
        return e.problems();
    }

    private ConfigProblem onlyProblem(Path lab) {
        List<ConfigProblem> all = problems(lab);
        assertThat(all).hasSize(1);
        return all.get(0);
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
    void securedLabLoadsWithTheSecurityModel() {
        Lab lab = new LabLoader().load(MODULE.resolve("labs/ci-secured.yaml"));
        var gmac = lab.dmc("DMC-GMAC").orElseThrow().device("GMAC-ESME").orElseThrow();
        ProtocolSettings p = gmac.profile().protocol();
        assertThat(p.authentication()).isEqualTo(ProtocolSettings.Authentication.HLS_GMAC);
        assertThat(p.authentication().mechanismId()).isEqualTo(5);
        assertThat(p.authentication().suite()).isZero();
        assertThat(p.security()).isEqualTo(new ProtocolSecurity(ProtocolSecurity.Policy.AUTHENTICATED_ENCRYPTED,
                "0-0:43.1.0.255"));
        var s = gmac.deviceSecurity().orElseThrow();
        assertThat(s.clientSystemTitle()).isEqualTo("444D430000000001");
        assertThat(s.encryptionKey().toString()).isEqualTo("keystore:gmac-esme-ek");
        assertThat(s.recordDecryptedApdus()).isFalse();
        var ecdsa = lab.dmc("DMC-ECDSA").orElseThrow().device("ECDSA-GSME").orElseThrow();
        assertThat(ecdsa.profile().protocol().authentication().mechanismId()).isEqualTo(7);
        assertThat(ecdsa.profile().protocol().authentication().suite()).isEqualTo(1);
        assertThat(ecdsa.profile().protocol().security().policy()).isEqualTo(ProtocolSecurity.Policy.ENCRYPTED);
        assertThat(ecdsa.deviceSecurity().orElseThrow().recordDecryptedApdus()).isTrue();
        assertThat(ecdsa.deviceSecurity().orElseThrow().serverSystemTitle()).isEqualTo("47434F0000060003");
        assertThat(lab.dmc("DMC-GMAC").orElseThrow().device("GMAC-CHF").orElseThrow().deviceSecurity()).isEmpty();
    }

    @Test
    void securedProfileWithoutTheLabsKeysNamesTheDevice() throws IOException {
        Path lab = labWith("""
                        serialNumber: "ACM-A1-0005002"
                        security:
                          clientSystemTitle: "444D430000000001"     # "DMC" + 1: the harness
                          serverSystemTitle: "41434D0000050002"     # "ACM" + 327682
                          encryptionKey: { keystore: gmac-esme-ek }
                          authenticationKey: { keystore: gmac-esme-ak }
                """, """
                        serialNumber: "ACM-A1-0005002"
                """);
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.file()).isEqualTo(lab.toAbsolutePath().normalize());
        assertThat(p.field()).isEqualTo("dmcs[0].devices[1]");
        assertThat(p.line()).isEqualTo(lineOf(lab, "id: GMAC-ESME"));
        assertThat(p.message()).contains("device GMAC-ESME").contains("esme-acme-a1-hls-gmac").contains("hls-gmac")
                .contains("no keys");
    }

    @Test
    void keyWrittenInClearIsRefused() throws IOException {
        Path lab = labWith("encryptionKey: { keystore: gmac-esme-ek }",
                "encryptionKey: \"000102030405060708090A0B0C0D0E0F\"");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[0].devices[1].security.encryptionKey");
        assertThat(p.line()).isEqualTo(lineOf(lab, "000102030405060708090A0B0C0D0E0F"));
        assertThat(p.message()).contains("never written in a file in clear");
    }

    @Test
    void suite1DeviceWithoutItsSigningKeyIsNamed() throws IOException {
        Path lab = labWith("""
                          clientSigningKey: { keystore: harness-signing }
                          serverCertificate: { keystore: ecdsa-esme-signing }
                """, """
                          serverCertificate: { keystore: ecdsa-esme-signing }
                """);
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].devices[1].security.clientSigningKey");
        assertThat(p.message()).contains("device ECDSA-ESME needs clientSigningKey");
    }

    @Test
    void privateKeyFromTheEnvironmentIsRefused() throws IOException {
        Path lab = labWith("serverSigningKey: { keystore: ecdsa-esme-signing }",
                "serverSigningKey: { env: ESME_SIGNING }");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[1].devices[1].security.serverSigningKey");
        assertThat(p.message()).contains("kept only in the lab keystore");
    }

    @Test
    void badSystemTitleIsNamed() throws IOException {
        Path lab = labWith("serverSystemTitle: \"41434D0000050002\"", "serverSystemTitle: \"ACM-0002\"");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[0].devices[1].security.serverSystemTitle");
        assertThat(p.message()).contains("16 hex digits");
    }

    @Test
    void keysForAnUnsecuredDeviceAreRefused() throws IOException {
        Path lab = labWith("""
                      - { id: GMAC-CHF, type: CHF, profile: chf-acme-ch1, logicalDevice: 1, serialNumber: "CHF-G-000501" }
                """, """
                      - { id: GMAC-CHF, type: CHF, profile: chf-acme-ch1, logicalDevice: 1, serialNumber: "CHF-G-000501",
                          security: { clientSystemTitle: "444D430000000001", encryptionKey: { env: A }, authenticationKey: { env: B } } }
                """);
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("dmcs[0].devices[0].security");
        assertThat(p.message()).contains("device GMAC-CHF").contains("takes no keys");
    }

    @Test
    void theSecuredLabSignsItsBundlesWithAKeystoreKey() {
        org.dmct.core.lab.Lab lab = new org.dmct.core.lab.LabLoader().load(MODULE.resolve("labs/ci-secured.yaml"));
        assertThat(lab.signingKey()).isEqualTo(new org.dmct.core.config.SecretRef(
                org.dmct.core.config.SecretRef.Source.KEYSTORE, "bundle-signing"));
        assertThat(new org.dmct.core.lab.LabLoader().load(MODULE.resolve("labs/ci-simulated.yaml")).signingKey())
                .isNull();
    }

    @Test
    void aBundleSigningKeyFromTheEnvironmentIsRefused() throws IOException {
        Path lab = labWith("signing: { key: { keystore: bundle-signing } }", "signing: { key: { env: SIGNING_KEY } }");
        ConfigProblem p = onlyProblem(lab);
        assertThat(p.field()).isEqualTo("signing.key");
        assertThat(p.message()).contains("only a lab keystore holds one");
    }

    @Test
    void keystoreReferencesWithoutAKeystoreAreNamed() throws IOException {
        Path lab = labWith("keystore: { path: keys/ci-test-keys.p12, password: { env: DMCT_CI_KEYSTORE_PASSWORD } }\n",
                "");
        List<ConfigProblem> all = problems(lab);
        assertThat(all).isNotEmpty().allSatisfy(p -> assertThat(p.message()).contains("declares no keystore"));
        assertThat(all).anySatisfy(p -> assertThat(p.field()).isEqualTo("dmcs[0].devices[1].security.encryptionKey"));
    }

    @Test
    void realMetersPrivateKeyIsNeverInTheLab() throws IOException {
        Path lab = labWith("    simulated: true\n    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14072 }",
                "    simulated: false\n    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 14072 }");
        List<ConfigProblem> all = problems(lab);
        assertThat(all).hasSize(2).allSatisfy(p -> {
            assertThat(p.field()).endsWith(".security.serverSigningKey");
            assertThat(p.message()).contains("only for simulated DMCs");
        });
    }

    @Test
    void profileSecurityMistakesAreNamed() throws IOException {
        Path lab = copy("labs/ci-secured.yaml", "lab:", "lab:", "esme-acme-a1-hls-gmac.yaml",
                "    policy: authenticated-encrypted", "    policy: signed");
        List<ConfigProblem> all = problems(lab);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).file().getFileName().toString()).isEqualTo("esme-acme-a1-hls-gmac.yaml");
        assertThat(all.get(0).field()).isEqualTo("protocol.security.policy");
        assertThat(all.get(0).message()).contains("authenticated-encrypted, authenticated, encrypted");

        Path unsecured = copy("labs/ci-simulated.yaml", "lab:", "lab:", "esme-acme-a1.yaml",
                "  authentication: none\n", "  authentication: none\n  security: { policy: authenticated }\n");
        List<ConfigProblem> p2 = problems(unsecured);
        assertThat(p2).hasSize(1);
        assertThat(p2.get(0).field()).isEqualTo("protocol.security");
        assertThat(p2.get(0).message()).contains("applies only to authentication hls-gmac or hls-ecdsa");

        Path publicClient = copy("labs/ci-secured.yaml", "lab:", "lab:", "esme-acme-a1-hls-ecdsa.yaml",
                "  clientAddress: 1 ", "  clientAddress: 16 ");
        List<ConfigProblem> p3 = problems(publicClient);
        assertThat(p3).hasSize(1);
        assertThat(p3.get(0).field()).isEqualTo("protocol.clientAddress");
        assertThat(p3.get(0).message()).contains("public client (16) cannot open a secured association");
    }
}
