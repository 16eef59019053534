package org.dmct.adapters.dlms.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dmct.core.spi.SecretResolver;

/**
 * The keys of the matrix's secured cells, the same for every stack: the global unicast encryption key and
 * authentication key of {@code shared/vectors/README.md} (test values, secret to nobody), the system titles of
 * the client ({@code ABC} 7, as in the vectors) and of the server, and for suite 1 a P-256 signing key pair with a
 * self-signed certificate for each side, made here with BouncyCastle once per test JVM. {@link #writeKeystore(Path)}
 * puts them into a PKCS12 store in a cell's directory under the aliases the matrix's lab files name, so our adapter
 * and simulator read them exactly as they read a lab's keystore; the peers are handed the same values directly.
 */
final class MatrixKeys {
    static final byte[] ENCRYPTION_KEY = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
    static final byte[] AUTHENTICATION_KEY = HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    /** jDLMS's server wants a master key (key wrapping) for any secured client: the vectors' test master key. */
    static final byte[] MASTER_KEY = HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF");
    /** The client's system title: manufacturer ABC, device id 7 (the vectors' client). */
    static final String CLIENT_TITLE = "4142430000000007";
    /** Our simulator's and the Gurux server's system title: manufacturer FRN, device id 4711 (the vectors' server). */
    static final String SERVER_TITLE = "46524E0000001267";
    /** The management client every secured cell associates as; the public client (16) only reads the counter. */
    static final int MANAGEMENT_CLIENT = 1;
    /** The frame counter object the servers publish to the public client and our adapter reads first. */
    static final String FRAME_COUNTER_OBIS = "0-0:43.1.0.255";
    /** What the peer servers' frame counter objects hold: our adapter's counter must continue above it. */
    static final long PUBLISHED_FRAME_COUNTER = 7_000;
    /** Where the peer clients start their invocation counters (our simulator's are fresh: anything above 0). */
    static final long PEER_CLIENT_FRAME_COUNTER = 1_000;

    static final String KEYSTORE_PASSWORD = "matrix-test-keys";
    static final String PASSWORD_VARIABLE = "MATRIX_KEYSTORE_PASSWORD";
    static final String EK_ALIAS = "matrix-ek";
    static final String AK_ALIAS = "matrix-ak";
    static final String CLIENT_SIGNING_ALIAS = "matrix-client-signing";
    static final String SERVER_SIGNING_ALIAS = "matrix-server-signing";

    /** The client's (harness's) P-256 key pair and certificate. */
    static final KeyPair CLIENT_SIGNING;
    static final X509Certificate CLIENT_CERTIFICATE;
    /** The server's (meter's) P-256 key pair and certificate. */
    static final KeyPair SERVER_SIGNING;
    static final X509Certificate SERVER_CERTIFICATE;

    static {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            CLIENT_SIGNING = generator.generateKeyPair();
            CLIENT_CERTIFICATE = selfSigned(CLIENT_SIGNING, "CN=" + CLIENT_TITLE, random);
            SERVER_SIGNING = generator.generateKeyPair();
            SERVER_CERTIFICATE = selfSigned(SERVER_SIGNING, "CN=" + SERVER_TITLE, random);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The environment the matrix's lab files read the keystore password from, as a map (tests cannot set one). */
    static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of(PASSWORD_VARIABLE, KEYSTORE_PASSWORD)::get);

    private MatrixKeys() {
    }

    static byte[] clientTitle() {
        return HexFormat.of().parseHex(CLIENT_TITLE);
    }

    static byte[] serverTitle() {
        return HexFormat.of().parseHex(SERVER_TITLE);
    }

    private static X509Certificate selfSigned(KeyPair pair, String subject, SecureRandom random)
            throws OperatorCreationException, GeneralSecurityException {
        X500Name name = new X500Name(subject);
        Instant from = Instant.now().minusSeconds(86_400);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs(),
                Date.from(from), Date.from(from.plusSeconds(10L * 365 * 86_400)), name, pair.getPublic());
        try {
            // a digital-signature key, as the Green Book's certificate profile has it (Gurux requires the extension)
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot add key usage", e);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    /**
     * Writes the keys into {@code dir/matrix-keys.p12}.
     *
     * @return the store's path
     */
    static Path writeKeystore(Path dir) {
        Path file = dir.resolve("matrix-keys.p12");
        try {
            char[] password = KEYSTORE_PASSWORD.toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            store.setEntry(EK_ALIAS, new KeyStore.SecretKeyEntry(new SecretKeySpec(ENCRYPTION_KEY, "AES")),
                    protection);
            store.setEntry(AK_ALIAS, new KeyStore.SecretKeyEntry(new SecretKeySpec(AUTHENTICATION_KEY, "AES")),
                    protection);
            store.setKeyEntry(CLIENT_SIGNING_ALIAS, CLIENT_SIGNING.getPrivate(), password,
                    new Certificate[] {CLIENT_CERTIFICATE});
            store.setKeyEntry(SERVER_SIGNING_ALIAS, SERVER_SIGNING.getPrivate(), password,
                    new Certificate[] {SERVER_CERTIFICATE});
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the matrix's test keystore", e);
        }
    }

    /**
     * The lab file lines of a device secured with {@code security}, indented for a device entry; the client's
     * suite 1 certificate is what the simulator checks the client's signature with.
     */
    static String deviceSecurityYaml(MatrixFixture.Security security, String indent, boolean simulated) {
        StringBuilder s = new StringBuilder();
        s.append(indent).append("security:\n");
        s.append(indent).append("  clientSystemTitle: \"").append(CLIENT_TITLE).append("\"\n");
        if (simulated) {
            s.append(indent).append("  serverSystemTitle: \"").append(SERVER_TITLE).append("\"\n");
        }
        s.append(indent).append("  encryptionKey: { keystore: ").append(EK_ALIAS).append(" }\n");
        s.append(indent).append("  authenticationKey: { keystore: ").append(AK_ALIAS).append(" }\n");
        if (security.suite() == 1) {
            s.append(indent).append("  clientSigningKey: { keystore: ").append(CLIENT_SIGNING_ALIAS).append(" }\n");
            s.append(indent).append("  serverCertificate: { keystore: ").append(SERVER_SIGNING_ALIAS).append(" }\n");
            if (simulated) {
                s.append(indent).append("  serverSigningKey: { keystore: ").append(SERVER_SIGNING_ALIAS)
                        .append(" }\n");
            }
        }
        return s.toString();
    }

    /** The lab file's keystore line. */
    static String keystoreYaml(Path keystore) {
        return "keystore: { path: " + keystore.toAbsolutePath() + ", password: { env: " + PASSWORD_VARIABLE + " } }\n";
    }
}
