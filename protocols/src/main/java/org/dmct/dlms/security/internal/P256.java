package org.dmct.dlms.security.internal;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/**
 * NIST P-256 as DLMS suite 1 puts it on the wire: public keys as the 64-byte X || Y (no 0x04
 * prefix), signatures as the 64-byte r || s (not DER). Built on the JDK's SunEC provider.
 */
public final class P256 {

    /** Length of a coordinate or scalar. */
    public static final int FIELD_LENGTH = 32;

    private static final ECParameterSpec PARAMS;

    static {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            PARAMS = p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError("the JDK has no secp256r1 (P-256) curve: " + e);
        }
    }

    private P256() { }

    /**
     * @param random the randomness
     * @return a fresh key pair
     */
    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param key a P-256 public key
     * @return X || Y, 64 bytes
     */
    public static byte[] encodePublic(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 public key: " + key.getAlgorithm());
        }
        byte[] out = new byte[2 * FIELD_LENGTH];
        unsigned(ec.getW().getAffineX(), out, 0);
        unsigned(ec.getW().getAffineY(), out, FIELD_LENGTH);
        return out;
    }

    /**
     * Reads X || Y and checks the point lies on the curve (an off-curve point in ECDH is the
     * classic invalid-curve attack).
     *
     * @param raw 64 bytes
     * @return the key
     * @throws IllegalArgumentException if not 64 bytes or not a curve point
     */
    public static ECPublicKey decodePublic(byte[] raw) {
        if (raw == null || raw.length != 2 * FIELD_LENGTH) {
            throw new IllegalArgumentException("a P-256 public key is 64 bytes (X || Y), got "
                    + (raw == null ? "none" : raw.length));
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 0, FIELD_LENGTH));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, FIELD_LENGTH, 2 * FIELD_LENGTH));
        BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
        BigInteger a = PARAMS.getCurve().getA();
        BigInteger b = PARAMS.getCurve().getB();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0
                || !y.modPow(BigInteger.TWO, p).equals(x.pow(3).add(a.multiply(x)).add(b).mod(p))) {
            throw new IllegalArgumentException("the 64 bytes are not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("P-256 public key rejected: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param scalar the private scalar, 32 bytes big-endian
     * @return the private key
     */
    public static PrivateKey decodePrivate(byte[] scalar) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("P-256 private key rejected: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param key the signing key
     * @param data the data
     * @return r || s, 64 bytes (ECDSA with SHA-256)
     */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 signing failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param key the verification key
     * @param data the data
     * @param signature r || s
     * @return true if valid; false for a wrong length or an invalid signature
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        if (signature == null || signature.length != 2 * FIELD_LENGTH) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void unsigned(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, FIELD_LENGTH);
        System.arraycopy(b, b.length - len, out, at + FIELD_LENGTH - len, len);
    }
}
