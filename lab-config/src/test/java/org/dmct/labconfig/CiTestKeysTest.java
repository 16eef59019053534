package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CI test keystore holds what {@code labs/ci-secured.yaml} refers to, with the documented password
 * given through the environment reference: 16-byte AES keys, and P-256 private keys whose self-signed certificates
 * carry the matching public key. With {@code -Ddmct.regenerateCiKeys=true} it first writes a new store.
 */
class CiTestKeysTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path STORE = MODULE.resolve("labs/keys/ci-test-keys.p12");

    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "dmct.regenerateCiKeys", matches = "true")
    void regenerate() throws Exception {
        CiTestKeys.generate(STORE);
    }

    @Test
    void generatorMakesAStoreTheResolverReads() throws Exception {
        Path fresh = dir.resolve("keys.p12");
        CiTestKeys.generate(fresh);
        checkStore(KeystoreSecretResolver.open(fresh, CiTestKeys.PASSWORD.toCharArray(), SecretResolver.ENVIRONMENT));
    }

    @Test
    void committedStoreOpensThroughTheLabWithThePasswordFromTheEnvironment() throws Exception {
        Lab lab = new LabLoader().load(MODULE.resolve("labs/ci-secured.yaml"));
        assertThat(lab.labKeystore()).isPresent();
        assertThat(lab.labKeystore().get().path()).isEqualTo(STORE);
        SecretResolver environment = SecretResolver.environment(
                Map.of(CiTestKeys.PASSWORD_VARIABLE, CiTestKeys.PASSWORD)::get);
        checkStore(KeystoreSecretResolver.forLab(lab, environment));
        // every key the lab names resolves
        lab.dmcs().stream().flatMap(d -> d.devices().stream()).forEach(device -> device.deviceSecurity().ifPresent(s -> {
            SecretResolver r = KeystoreSecretResolver.forLab(lab, environment);
            assertThat(r.resolveKey(s.encryptionKey(), 16)).hasSize(16);
            assertThat(r.resolveKey(s.authenticationKey(), 16)).hasSize(16);
            if (s.clientSigningKey() != null) {
                assertThat(r.privateKey(s.clientSigningKey()).getAlgorithm()).isEqualTo("EC");
                assertThat(r.certificateChain(s.serverCertificate())).hasSize(1);
            }
        }));
    }

    private static void checkStore(SecretResolver r) throws Exception {
        for (String alias : CiTestKeys.AES_ALIASES) {
            assertThat(r.resolveKey(new SecretRef(SecretRef.Source.KEYSTORE, alias), 16)).hasSize(16);
        }
        for (String[] signing : CiTestKeys.SIGNING_ALIASES) {
            SecretRef ref = new SecretRef(SecretRef.Source.KEYSTORE, signing[0]);
            X509Certificate certificate = r.certificateChain(ref).get(0);
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo(signing[1].replace("CN=", "CN="));
            assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
            certificate.verify(certificate.getPublicKey()); // self-signed
            Signature sign = Signature.getInstance("SHA256withECDSA");
            sign.initSign(r.privateKey(ref));
            sign.update(new byte[] {1, 2, 3});
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance("SHA256withECDSA");
            verify.initVerify(certificate.getPublicKey());
            verify.update(new byte[] {1, 2, 3});
            assertThat(verify.verify(signature)).as("private key of %s matches its certificate", signing[0]).isTrue();
        }
    }
}
