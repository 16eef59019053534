package org.dmct.core.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.dmct.core.config.SecretRef;
import org.dmct.core.spi.SecretResolver;

/**
 * Signs a bundle's {@code manifest.json} with the lab's signing key: a detached CMS SignedData (RFC 5652, DER) written
 * as {@code manifest.json.p7s}, SHA256withECDSA for an EC key and SHA256withRSA for an RSA key, with the signer's
 * certificate chain included so that {@code openssl cms -verify} and {@code dmct verify} need nothing else. The
 * manifest covers everything else in the bundle (evidence final hash and line count, report hashes), so this one
 * signature covers the bundle. The key never appears in messages.
 */
public final class ManifestSigner {
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    /**
     * @param key the private key
     * @param chain its certificate first, then any issuers
     */
    public ManifestSigner(PrivateKey key, List<X509Certificate> chain) {
        this.key = Objects.requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("the signing key needs its certificate");
        }
    }

    /** The signer for a lab's {@code signing.key} alias, read through the run's secret resolver. */
    public static ManifestSigner fromKeystore(SecretResolver secrets, SecretRef alias) {
        return new ManifestSigner(secrets.privateKey(alias), secrets.certificateChain(alias));
    }

    /** The JCA signature algorithm for a key: SHA-256 with ECDSA or RSA; any other key type is refused. */
    static String algorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalStateException("cannot sign bundles with a " + key.getAlgorithm()
                    + " key: the signing key must be EC (P-256) or RSA");
        };
    }

    /** The DER of a detached CMS signature over {@code content}. */
    public byte[] sign(byte[] content) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm(key)).build(key);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(signer, chain.get(0)));
            generator.addCertificates(new JcaCertStore(chain));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
            return signed.getEncoded("DER");
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("cannot make the CMS signature: " + e.getClass().getSimpleName());
        }
    }

    /** Signs the bundle's manifest as it is on disk, writing {@code manifest.json.p7s} (never over an existing one). */
    public void sign(Bundle bundle) throws IOException {
        byte[] signature = sign(Files.readAllBytes(bundle.manifest()));
        Files.write(bundle.signature(), signature, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
