package org.dmct.labconfig;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the CI test keystore {@code labs/keys/ci-test-keys.p12} that {@code labs/ci-secured.yaml} refers to: for each
 * secured device an AES-128 global unicast encryption key and authentication key (PKCS12 secret-key entries), and for
 * suite 1 a P-256 key pair with a self-signed certificate (made with BouncyCastle bcpkix) for the harness
 * ({@code harness-signing}), for each simulated meter, and
 * the key that signs the secured CI lab's run bundles ({@code bundle-signing}). These are test keys, secret to nobody, like the vectors;
 * the store password {@link #PASSWORD} is written here and in the README for the same reason. Run
 * {@code CiTestKeysTest} with {@code -Ddmct.regenerateCiKeys=true} to make a new store.
 */
final class CiTestKeys {
    /** The test store's password (test keys, published on purpose); the lab file reads it from the environment. */
    static final String PASSWORD = "dmct-ci-test-keys";
    /** The environment variable the CI secured lab names for the password. */
    static final String PASSWORD_VARIABLE = "DMCT_CI_KEYSTORE_PASSWORD";
    /** AES keys: 16-byte secret-key entries. */
    static final List<String> AES_ALIASES = List.of("gmac-esme-ek", "gmac-esme-ak", "gmac-gsme-ek", "gmac-gsme-ak",
            "ecdsa-esme-ek", "ecdsa-esme-ak", "ecdsa-gsme-ek", "ecdsa-gsme-ak");
    /** P-256 key pairs with a self-signed certificate, and the subject each certificate names. */
    static final List<String[]> SIGNING_ALIASES = List.of(
            new String[] {"harness-signing", "CN=DMCT Harness 444D430000000001"},
            new String[] {"ecdsa-esme-signing", "CN=Simulated ESME 41434D0000060002"},
            new String[] {"ecdsa-gsme-signing", "CN=Simulated GSME 47434F0000060003"},
            new String[] {"bundle-signing", "CN=DMCT CI bundle signing (test key)"});

    private CiTestKeys() {
    }

    /** Writes a new store to {@code file}. */
    static void generate(Path file) throws IOException, GeneralSecurityException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        char[] password = PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        for (String alias : AES_ALIASES) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            store.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")), protection);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        for (String[] signing : SIGNING_ALIASES) {
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(pair, signing[1], random);
            store.setKeyEntry(signing[0], pair.getPrivate(), password, new Certificate[] {certificate});
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    /** A self-signed ECDSA-with-SHA256 certificate valid for a century, so CI never meets an expired test key. */
    static X509Certificate selfSigned(KeyPair pair, String subject, SecureRandom random)
            throws OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name(subject);
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs(),
                Date.from(from), Date.from(from.plusSeconds(100L * 365 * 86_400)), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
