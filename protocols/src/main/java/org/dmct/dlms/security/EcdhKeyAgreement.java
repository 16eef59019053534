package org.dmct.dlms.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import org.dmct.dlms.security.internal.P256;

/**
 * Suite 1 key agreement as the Security setup key_agreement method (method 3) does it: the
 * ephemeral unified model C(2e, 0s) of NIST SP 800-56A on P-256. Each side draws an ephemeral key
 * pair, sends its public key signed with its ECDSA signing key ({@link #offer}), checks the
 * other's ({@link #accept}), and both derive the same AES-128 key from the shared secret Z with
 * the concatenation KDF (SHA-256): {@code SHA-256(00000001 || Z || OtherInfo)} cut to 16 bytes,
 * {@code OtherInfo = AlgorithmID || system-title-C || system-title-S}, AlgorithmID being the DER
 * content of the OID 2.16.756.5.8.3.0 (aes-gcm-128).
 *
 * <p>The signature covers {@code key_id || X || Y} (65 bytes), as other DLMS implementations
 * sign the ephemeral key; it binds the key to the key it is agreed for.
 */
public final class EcdhKeyAgreement {

    /** OID 2.16.756.5.8.3.0 (aes-gcm-128) as its DER content octets. */
    private static final byte[] ALGORITHM_ID_AES_GCM_128 = {0x60, (byte) 0x85, 0x74, 0x05, 0x08, 0x03, 0x00};
    private static final int DERIVED_KEY_LENGTH = 16;

    private EcdhKeyAgreement() { }

    /**
     * @param random the randomness
     * @return a fresh ephemeral P-256 key pair, to be used for one agreement only
     */
    public static KeyPair newEphemeralKeyPair(SecureRandom random) {
        return P256.generate(random);
    }

    /**
     * Builds our key_agreement entry: ephemeral public key and its signature.
     *
     * @param keyId the key being agreed
     * @param ephemeral our ephemeral key pair
     * @param signingKey our ECDSA signing key
     * @return the entry
     */
    public static KeyAgreementData offer(GlobalKeyId keyId, KeyPair ephemeral, PrivateKey signingKey) {
        byte[] q = P256.encodePublic(ephemeral.getPublic());
        byte[] signature = P256.sign(signingKey, signedData(keyId, q));
        byte[] keyData = Arrays.copyOf(q, KeyAgreementData.KEY_DATA_LENGTH);
        System.arraycopy(signature, 0, keyData, q.length, signature.length);
        return new KeyAgreementData(keyId, keyData);
    }

    /**
     * The outcome of checking the peer's entry: its ephemeral public key, or why it was refused.
     *
     * @param peerEphemeralKey the key, null on failure
     * @param failure the reason, null on success
     */
    public record Accepted(ECPublicKey peerEphemeralKey, String failure) {
        /** @return true if the entry was signed by the peer and holds a curve point */
        public boolean isSuccess() {
            return failure == null;
        }
    }

    /**
     * Checks the peer's entry.
     *
     * @param entry what the peer sent
     * @param peerSigningKey the peer's ECDSA public key
     * @return the peer's ephemeral key, or the reason it is refused
     */
    public static Accepted accept(KeyAgreementData entry, PublicKey peerSigningKey) {
        byte[] q = entry.ephemeralPublicKey();
        if (!P256.verify(peerSigningKey, signedData(entry.keyId(), q), entry.signature())) {
            return new Accepted(null, "the signature of the ephemeral public key for " + entry.keyId()
                    + " does not verify with the peer's signing key");
        }
        try {
            return new Accepted(P256.decodePublic(q), null);
        } catch (IllegalArgumentException e) {
            return new Accepted(null, "ephemeral public key for " + entry.keyId() + ": " + e.getMessage());
        }
    }

    /**
     * Derives the agreed AES-128 key.
     *
     * @param ownEphemeral our ephemeral private key
     * @param peerEphemeral the peer's ephemeral public key, from {@link #accept}
     * @param client the client's system title
     * @param server the server's system title
     * @return 16 key bytes
     */
    public static byte[] deriveKey(PrivateKey ownEphemeral, PublicKey peerEphemeral, SystemTitle client,
                                   SystemTitle server) {
        byte[] z = sharedSecret(ownEphemeral, peerEphemeral);
        try {
            return concatenationKdf(z, otherInfo(client, server));
        } finally {
            Arrays.fill(z, (byte) 0);
        }
    }

    /**
     * @param client the client's system title
     * @param server the server's system title
     * @return AlgorithmID || system-title-C || system-title-S
     */
    public static byte[] otherInfo(SystemTitle client, SystemTitle server) {
        return ByteBuffer.allocate(ALGORITHM_ID_AES_GCM_128.length + 2 * SystemTitle.LENGTH)
                .put(ALGORITHM_ID_AES_GCM_128).put(client.bytes()).put(server.bytes()).array();
    }

    /**
     * The ECDH shared secret Z: the X coordinate of the product, 32 bytes.
     *
     * @param own our private key
     * @param peer the peer's public key
     * @return Z
     */
    public static byte[] sharedSecret(PrivateKey own, PublicKey peer) {
        Objects.requireNonNull(own, "own");
        Objects.requireNonNull(peer, "peer");
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(own);
            ka.doPhase(peer, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ECDH P-256 failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * SP 800-56A concatenation KDF with SHA-256 for one 128-bit key (one hash block suffices).
     *
     * @param z the shared secret
     * @param otherInfo the OtherInfo
     * @return 16 bytes
     */
    public static byte[] concatenationKdf(byte[] z, byte[] otherInfo) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(new byte[] {0, 0, 0, 1});
            sha.update(z);
            sha.update(otherInfo);
            byte[] hash = sha.digest();
            byte[] key = Arrays.copyOf(hash, DERIVED_KEY_LENGTH);
            Arrays.fill(hash, (byte) 0);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable");
        }
    }

    private static byte[] signedData(GlobalKeyId keyId, byte[] q) {
        byte[] data = new byte[1 + q.length];
        data[0] = (byte) keyId.value();
        System.arraycopy(q, 0, data, 1, q.length);
        return data;
    }
}
