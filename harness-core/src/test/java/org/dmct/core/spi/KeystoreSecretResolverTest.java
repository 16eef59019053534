package org.dmct.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.SecretRef;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab keystore: secret keys, passwords, private keys and certificates read by alias; env references passed
 * on; failures that name the file and alias but never a secret; the keytool commands the lab README documents;
 * and the lab file's {@code keystore:} declaration.
 */
class KeystoreSecretResolverTest {

    private static final char[] STORE_PASSWORD = "lab-store-pw".toCharArray();
    private static final byte[] AES_KEY = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
    private static final String LLS_PASSWORD = "Pa55-word!";

    @TempDir
    Path dir;

    private static SecretRef keystore(String alias) {
        return new SecretRef(SecretRef.Source.KEYSTORE, alias);
    }

    private Path storeWithSecrets() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(STORE_PASSWORD);
        ks.setEntry("esme-ek", new KeyStore.SecretKeyEntry(new SecretKeySpec(AES_KEY, "AES")), protection);
        ks.setEntry("esme-lls", new KeyStore.SecretKeyEntry(SecretKeyFactory.getInstance("PBE")
                .generateSecret(new PBEKeySpec(LLS_PASSWORD.toCharArray()))), protection);
        Path file = dir.resolve("lab.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, STORE_PASSWORD);
        }
        return file;
    }

    @Test
    void secretKeysAndPasswordsResolveByAlias() throws Exception {
        KeystoreSecretResolver r = KeystoreSecretResolver.open(storeWithSecrets(), STORE_PASSWORD,
                ref -> "from-env".getBytes(StandardCharsets.UTF_8));
        assertThat(r.resolve(keystore("esme-ek"))).isEqualTo(AES_KEY);
        assertThat(r.resolveKey(keystore("esme-ek"), 16)).isEqualTo(AES_KEY);
        assertThat(new String(r.resolve(keystore("esme-lls")), StandardCharsets.UTF_8)).isEqualTo(LLS_PASSWORD);
        assertThat(new String(r.resolve(new SecretRef(SecretRef.Source.ENV, "X")), StandardCharsets.UTF_8))
                .isEqualTo("from-env");
        assertThat(r.toString()).contains("lab.p12").doesNotContain("lab-store-pw");
    }

    @Test
    void failuresNameTheFileAndAliasButNoSecret() throws Exception {
        Path file = storeWithSecrets();
        assertThatThrownBy(() -> KeystoreSecretResolver.open(file, "wrong".toCharArray(), SecretResolver.ENVIRONMENT))
                .hasMessageContaining(file.toString()).hasMessageContaining("wrong password")
                .hasMessageNotContaining("lab-store-pw");
        assertThatThrownBy(() -> KeystoreSecretResolver.open(dir.resolve("none.p12"), STORE_PASSWORD,
                SecretResolver.ENVIRONMENT)).hasMessageContaining("none.p12").hasMessageContaining("no such file");
        KeystoreSecretResolver r = KeystoreSecretResolver.open(file, STORE_PASSWORD, SecretResolver.ENVIRONMENT);
        assertThatThrownBy(() -> r.resolve(keystore("gsme-ek")))
                .hasMessageContaining("keystore:gsme-ek").hasMessageContaining(file.toString());
        assertThatThrownBy(() -> r.privateKey(keystore("esme-ek")))
                .hasMessageContaining("is a secret key, not a private key").hasMessageNotContaining("000102");
        assertThatThrownBy(() -> r.resolveKey(keystore("esme-lls"), 16))
                .hasMessageContaining("expected a 16-byte key or 32 hex digits, found 10 bytes")
                .hasMessageNotContaining(LLS_PASSWORD);
        assertThatThrownBy(() -> SecretResolver.ENVIRONMENT.privateKey(keystore("x")))
                .hasMessageContaining("none is configured");
    }

    @Test
    void hexKeysFromTheEnvironmentOrAPasswordEntryDecode() {
        SecretResolver hex = ref -> "000102030405060708090a0b0c0d0e0f".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex.resolveKey(keystore("k"), 16)).isEqualTo(AES_KEY);
        SecretResolver notHex = ref -> "000102030405060708090a0b0c0d0e0g".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> notHex.resolveKey(keystore("k"), 16)).hasMessageContaining("not all hex digits")
                .hasMessageNotContaining("0001020304");
    }

    /** The commands lab-config/README.md documents, run with the JDK's own keytool. */
    @Test
    void theDocumentedKeytoolCommandsProduceWhatTheResolverReads() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertThat(keytool).as("keytool ships with the JDK").isExecutable();
        Path store = dir.resolve("keys/lab.p12");
        Files.createDirectories(store.getParent());
        // an AES key given in hex, stored as a password entry
        keytool(keytool, "000102030405060708090A0B0C0D0E0F\n000102030405060708090A0B0C0D0E0F\n",
                "-importpass", "-alias", "esme-ek", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass:env", "DMCT_KEYSTORE_PW");
        // an LLS password
        keytool(keytool, "secret-lls\nsecret-lls\n", "-importpass", "-alias", "esme-lls", "-keystore",
                store.toString(), "-storetype", "PKCS12", "-storepass:env", "DMCT_KEYSTORE_PW");
        // a suite 1 signing key with its (self-signed) certificate
        keytool(keytool, "", "-genkeypair", "-alias", "client-signing", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=ABC0000000007", "-validity", "365",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", "DMCT_KEYSTORE_PW");
        // a peer's certificate, imported as trusted
        Path cert = dir.resolve("client.cer");
        keytool(keytool, "", "-exportcert", "-alias", "client-signing", "-file", cert.toString(),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", "DMCT_KEYSTORE_PW");
        keytool(keytool, "", "-importcert", "-noprompt", "-alias", "esme-signing-cert", "-file", cert.toString(),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", "DMCT_KEYSTORE_PW");

        KeystoreSecretResolver r = KeystoreSecretResolver.open(store, STORE_PASSWORD, SecretResolver.ENVIRONMENT);
        assertThat(r.resolveKey(keystore("esme-ek"), 16)).isEqualTo(AES_KEY);
        assertThat(new String(r.resolve(keystore("esme-lls")), StandardCharsets.UTF_8)).isEqualTo("secret-lls");
        assertThat(r.privateKey(keystore("client-signing"))).isInstanceOf(ECPrivateKey.class);
        assertThat(r.certificateChain(keystore("client-signing"))).hasSize(1);
        assertThat(r.certificateChain(keystore("esme-signing-cert")).get(0).getSubjectX500Principal().getName())
                .isEqualTo("CN=ABC0000000007");
        assertThatThrownBy(() -> r.resolve(keystore("esme-signing-cert")))
                .hasMessageContaining("is a trusted certificate, not a secret key");
    }

    private static void keytool(Path keytool, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DMCT_KEYSTORE_PW", new String(STORE_PASSWORD));
        Process p = builder.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    @Test
    void theLabFileDeclaresTheKeystoreRelativeToItself() throws Exception {
        TestLab.lab(dir, "DMC-A:ESME");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.move(storeWithSecrets(), keys.resolve("lab.p12"));
        Path labFile = dir.resolve("lab.yaml");
        String text = Files.readString(labFile);
        Files.writeString(labFile, text.replace("dmcs:\n",
                "keystore: { path: keys/lab.p12, password: { env: DMCT_TEST_KEYSTORE_PW } }\ndmcs:\n"));
        Lab lab = new LabLoader().load(labFile);
        assertThat(lab.labKeystore()).isPresent();
        assertThat(lab.keystore().path()).isEqualTo(keys.resolve("lab.p12").toAbsolutePath().normalize());
        assertThat(lab.keystore().password()).isEqualTo(new SecretRef(SecretRef.Source.ENV, "DMCT_TEST_KEYSTORE_PW"));
        SecretResolver env = ref -> Map.of("DMCT_TEST_KEYSTORE_PW", "lab-store-pw").get(ref.name())
                .getBytes(StandardCharsets.UTF_8);
        KeystoreSecretResolver r = KeystoreSecretResolver.open(lab.keystore(), env);
        assertThat(r.resolve(keystore("esme-ek"))).isEqualTo(AES_KEY);
        // without a keystore the lab resolves from the environment alone
        assertThat(KeystoreSecretResolver.forLab(TestLab.lab(dir.resolve("plain"), "DMC-A:ESME")))
                .isSameAs(SecretResolver.ENVIRONMENT);

        Files.writeString(labFile, text.replace("dmcs:\n",
                "keystore: { path: keys/missing.p12, password: { keystore: pw } }\ndmcs:\n"));
        assertThatThrownBy(() -> new LabLoader().load(labFile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("keystore file").hasMessageContaining("missing.p12")
                .hasMessageContaining("cannot be kept in the keystore it opens");
        Files.writeString(labFile, text.replace("dmcs:\n", "keystore: { path: keys/lab.p12, password: hunter2 }\ndmcs:\n"));
        assertThatThrownBy(() -> new LabLoader().load(labFile)).hasMessageContaining("never written in a file in clear");
    }
}
