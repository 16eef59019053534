package org.dmct.core.dcc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * The run's test PKI for critical requests: the Supplier's signing key pair, whose public key the modelled DCC holds
 * as registered for the Supplier, and a second key pair of an unauthorised party (for the refusal tests). Both are
 * ECDSA P-256 with SHA-256, the curve and hash GBCS uses for signing critical commands; signatures are deterministic
 * (RFC 6979), so a run derived from a seed signs the same Pre-Command with the same bytes. The private keys live only
 * in this object for the run: they are test keys, never written to evidence or logs; the evidence names each public
 * key by its {@link #keyId} and the run records the registered public key.
 */
public final class SupplierKeys {
    // The custom curve has BouncyCastle's fast P-256 field arithmetic; the generic table entry is several times slower.
    private static final X9ECParameters P256 = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECNamedDomainParameters(
            org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1, P256);

    private final ECPrivateKeyParameters supplier;
    private final ECPrivateKeyParameters other;
    private final ECPublicKeyParameters supplierPublic;
    private final String supplierKeyId;
    private final String otherKeyId;

    private SupplierKeys(BigInteger supplierKey, BigInteger otherKey) {
        this.supplier = new ECPrivateKeyParameters(supplierKey, DOMAIN);
        this.other = new ECPrivateKeyParameters(otherKey, DOMAIN);
        this.supplierPublic = publicKey(supplier);
        this.supplierKeyId = keyId(supplierPublic);
        this.otherKeyId = keyId(publicKey(other));
    }

    /** Fresh random keys, for a run without a seed. */
    public static SupplierKeys generate() {
        SecureRandom random = new SecureRandom();
        return new SupplierKeys(randomScalar(random), randomScalar(random));
    }

    /**
     * Keys derived from a seed, for runs that must give the same evidence twice ({@code dmct demo --seed}); they are
     * as secret as the seed, which suits test keys and nothing else.
     */
    public static SupplierKeys derive(long seed) {
        return new SupplierKeys(scalar("supplier", seed), scalar("unregistered party", seed));
    }

    /** The registered Supplier public key, as the modelled DCC holds it. */
    public ECPublicKeyParameters registered() {
        return supplierPublic;
    }

    /** Signs {@code payload} (SHA-256, ECDSA P-256, DER-encoded) with the Supplier's key or the unregistered one. */
    public byte[] sign(byte[] payload, boolean withRegisteredKey) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, withRegisteredKey ? supplier : other);
        BigInteger[] rs = signer.generateSignature(sha256(payload));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(rs[0]));
        v.add(new ASN1Integer(rs[1]));
        try {
            return new DERSequence(v).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot DER-encode an ECDSA signature", e);
        }
    }

    /** The {@link #keyId} of the public key that made {@code sign(..., withRegisteredKey)} signatures. */
    public String signerKeyId(boolean withRegisteredKey) {
        return withRegisteredKey ? supplierKeyId : otherKeyId;
    }

    /** Whether {@code signature} (DER) is a valid ECDSA P-256 / SHA-256 signature of {@code payload} by {@code key}. */
    public static boolean verify(ECPublicKeyParameters key, byte[] payload, byte[] signature) {
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
            if (seq.size() != 2) {
                return false;
            }
            r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            // Only the one DER form counts: a BER variant of the same (r, s) is not the signature that was made.
            if (!java.util.Arrays.equals(seq.getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER), signature)) {
                return false;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(sha256(payload), r, s);
    }

    /** The key's name in evidence: the SHA-256 of its SubjectPublicKeyInfo encoding, as hex. */
    public static String keyId(ECPublicKeyParameters key) {
        return org.dmct.core.internal.Hashing.sha256Hex(subjectPublicKeyInfo(key));
    }

    /** The key's SubjectPublicKeyInfo (DER), which {@code openssl pkey -pubin -inform DER} reads. */
    public static byte[] subjectPublicKeyInfo(ECPublicKeyParameters key) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode a P-256 public key", e);
        }
    }

    private static ECPublicKeyParameters publicKey(ECPrivateKeyParameters key) {
        return new ECPublicKeyParameters(DOMAIN.getG().multiply(key.getD()).normalize(), DOMAIN);
    }

    private static BigInteger randomScalar(SecureRandom random) {
        BigInteger n = DOMAIN.getN();
        BigInteger d;
        do {
            d = new BigInteger(n.bitLength(), random);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        return d;
    }

    private static BigInteger scalar(String label, long seed) {
        byte[] h = sha256(("DMCT harness test PKI: " + label + " key, seed " + seed).getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, h).mod(DOMAIN.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    private static byte[] sha256(byte[] data) {
        return org.dmct.core.internal.Hashing.sha256().digest(data);
    }
}
