package org.dmct.dlms.security.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The DLMS use of AES-GCM (suites 0 and 1): the 12-byte IV is the sender's system title and
 * invocation counter, the tag is cut to 12 bytes, and the additional authenticated data is the
 * security control byte and the authentication key, plus the plaintext when only authentication is
 * asked for. Encryption without authentication is GCM's counter mode alone, which is plain AES-CTR
 * starting at counter 2 (GCM reserves counter 1 for the tag).
 */
public final class AesGcm {

    /** Length of the DLMS authentication tag. */
    public static final int TAG_LENGTH = 12;

    private static final int GCM = 0;
    private static final int CTR = 1;
    private static final String[] TRANSFORMATIONS = {"AES/GCM/NoPadding", "AES/CTR/NoPadding"};
    /** One reusable Cipher per transformation and thread (event loops, the runner): see initialised(). */
    private static final ThreadLocal<Cipher[]> CIPHERS = ThreadLocal.withInitial(() -> new Cipher[2]);

    private AesGcm() { }

    /** The tag did not verify. Carries no key material. */
    public static final class TagMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        TagMismatch() {
            super("authentication tag does not verify", null, false, false);
        }
    }

    /**
     * Protects a plaintext.
     *
     * @param sc the security control byte
     * @param systemTitle the sender's system title
     * @param invocationCounter the sender's invocation counter
     * @param ek the block cipher key
     * @param ak the authentication key
     * @param plaintext the plaintext
     * @return the payload: ciphertext (or plaintext) and tag as the SC asks
     */
    public static byte[] protect(int sc, byte[] systemTitle, long invocationCounter, byte[] ek, byte[] ak,
                                 byte[] plaintext) {
        boolean auth = (sc & 0x10) != 0;
        boolean enc = (sc & 0x20) != 0;
        try {
            if (auth && enc) {
                Cipher c = gcm(Cipher.ENCRYPT_MODE, ek, systemTitle, invocationCounter);
                c.updateAAD(aad(sc, ak, null));
                return c.doFinal(plaintext);
            } else if (auth) {
                byte[] tag = gmac(sc, systemTitle, invocationCounter, ek, ak, plaintext);
                return concat(plaintext, tag);
            } else if (enc) {
                return ctr(ek, systemTitle, invocationCounter).doFinal(plaintext);
            }
            return plaintext.clone();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable or key rejected: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Opens a payload.
     *
     * @param sc the security control byte received
     * @param systemTitle the sender's system title
     * @param invocationCounter the invocation counter received
     * @param ek the block cipher key
     * @param ak the authentication key
     * @param payload the payload received, at least 12 bytes if authenticated
     * @return the plaintext
     * @throws TagMismatch if authenticated and the tag does not verify
     */
    public static byte[] unprotect(int sc, byte[] systemTitle, long invocationCounter, byte[] ek, byte[] ak,
                                   byte[] payload) throws TagMismatch {
        boolean auth = (sc & 0x10) != 0;
        boolean enc = (sc & 0x20) != 0;
        try {
            if (auth && enc) {
                Cipher c = gcm(Cipher.DECRYPT_MODE, ek, systemTitle, invocationCounter);
                c.updateAAD(aad(sc, ak, null));
                return c.doFinal(payload);
            } else if (auth) {
                byte[] plaintext = Arrays.copyOf(payload, payload.length - TAG_LENGTH);
                byte[] tag = Arrays.copyOfRange(payload, payload.length - TAG_LENGTH, payload.length);
                byte[] expected = gmac(sc, systemTitle, invocationCounter, ek, ak, plaintext);
                if (!MessageDigest.isEqual(tag, expected)) {
                    throw new TagMismatch();
                }
                return plaintext;
            } else if (enc) {
                return ctr(ek, systemTitle, invocationCounter).doFinal(payload);
            }
            return payload.clone();
        } catch (AEADBadTagException e) {
            throw new TagMismatch();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable or key rejected: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The 12-byte GMAC tag over SC || AK || data, with IV = system title || invocation counter.
     *
     * @param sc the security control byte
     * @param systemTitle the system title of the party computing it
     * @param invocationCounter the invocation counter
     * @param ek the block cipher key
     * @param ak the authentication key
     * @param data the authenticated data after SC and AK
     * @return the tag
     */
    public static byte[] gmac(int sc, byte[] systemTitle, long invocationCounter, byte[] ek, byte[] ak, byte[] data) {
        try {
            Cipher c = gcm(Cipher.ENCRYPT_MODE, ek, systemTitle, invocationCounter);
            c.updateAAD(aad(sc, ak, data));
            return c.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable or key rejected: " + e.getClass().getSimpleName());
        }
    }

    private static Cipher gcm(int mode, byte[] ek, byte[] systemTitle, long ic) throws GeneralSecurityException {
        return initialised(GCM, mode, new SecretKeySpec(ek, "AES"),
                new GCMParameterSpec(TAG_LENGTH * 8, iv(systemTitle, ic)));
    }

    private static Cipher ctr(byte[] ek, byte[] systemTitle, long ic) throws GeneralSecurityException {
        byte[] counterBlock = ByteBuffer.allocate(16).put(iv(systemTitle, ic)).putInt(2).array();
        return initialised(CTR, Cipher.ENCRYPT_MODE, new SecretKeySpec(ek, "AES"), new IvParameterSpec(counterBlock));
    }

    /**
     * This thread's cipher for the transformation, initialised afresh. Looking a Cipher up costs more than the
     * AES work on a short APDU (provider search on every call), and every call re-initialises, so reusing one per
     * thread changes nothing in what it computes. No call leaves one in use: each is finished (doFinal) before the
     * next gcm() or ctr() on the same thread.
     */
    private static Cipher initialised(int slot, int mode, SecretKeySpec key, AlgorithmParameterSpec params)
            throws GeneralSecurityException {
        Cipher[] mine = CIPHERS.get();
        Cipher c = mine[slot];
        if (c != null) {
            try {
                c.init(mode, key, params);
                return c;
            } catch (GeneralSecurityException | RuntimeException e) {
                // GCM refuses to encrypt again with the key and IV it last encrypted with, on the same object; a
                // caller may do that on purpose (a replayed counter), and a fresh Cipher accepts it, as before
                mine[slot] = null;
            }
        }
        c = Cipher.getInstance(TRANSFORMATIONS[slot]);
        c.init(mode, key, params);
        mine[slot] = c;
        return c;
    }

    private static byte[] iv(byte[] systemTitle, long ic) {
        return ByteBuffer.allocate(12).put(systemTitle).putInt((int) ic).array();
    }

    private static byte[] aad(int sc, byte[] ak, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(1 + ak.length + (data == null ? 0 : data.length));
        b.put((byte) sc).put(ak);
        if (data != null) {
            b.put(data);
        }
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
