package org.dmct.dlms.security;

import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.security.internal.P256;

/**
 * HLS mechanism 7 (ECDSA, suite 1: P-256 with SHA-256). The client's f(StoC) is its signature over
 * {@code system-title-C || system-title-S || StoC || CtoS}; the server's f(CtoS) its signature
 * over {@code system-title-S || system-title-C || CtoS || StoC}: each side signs its own title,
 * the peer's, the peer's challenge and its own. Signatures travel as raw r || s (64 bytes).
 */
public final class HlsEcdsa {

    /** r || s. */
    public static final int SIGNATURE_LENGTH = 64;

    private HlsEcdsa() { }

    /**
     * The bytes a prover signs.
     *
     * @param prover the prover's system title
     * @param verifier the other party's system title
     * @param verifierChallenge the challenge the other party sent
     * @param proverChallenge the challenge the prover sent
     * @return prover || verifier || verifierChallenge || proverChallenge
     */
    public static byte[] signedData(SystemTitle prover, SystemTitle verifier, byte[] verifierChallenge,
                                    byte[] proverChallenge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prover.bytes());
        out.writeBytes(verifier.bytes());
        out.writeBytes(verifierChallenge);
        out.writeBytes(proverChallenge);
        return out.toByteArray();
    }

    /**
     * @param signingKey the prover's P-256 private key
     * @param data the data to sign
     * @return r || s
     */
    public static byte[] sign(PrivateKey signingKey, byte[] data) {
        return P256.sign(signingKey, data);
    }

    /**
     * @param verificationKey the signer's P-256 public key
     * @param data the signed data
     * @param signature r || s
     * @return true if valid
     */
    public static boolean verify(PublicKey verificationKey, byte[] data, byte[] signature) {
        return P256.verify(verificationKey, data, signature);
    }

    /**
     * The mechanism-7 authenticator of one side.
     *
     * @param context gives our system title and (once learnt) the peer's
     * @param ownSigningKey our P-256 private signing key
     * @param peerVerificationKey the peer's P-256 public signing key (from its certificate)
     * @return the authenticator
     */
    public static HlsAuthenticator authenticator(CipheringContext context, PrivateKey ownSigningKey,
                                                 PublicKey peerVerificationKey) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(ownSigningKey, "ownSigningKey");
        Objects.requireNonNull(peerVerificationKey, "peerVerificationKey");
        return new HlsAuthenticator() {
            @Override
            public AuthenticationMechanism mechanism() {
                return AuthenticationMechanism.HIGH_ECDSA;
            }

            @Override
            public byte[] proof(byte[] peerChallenge, byte[] ownChallenge) {
                SystemTitle peer = context.peerSystemTitle().orElseThrow(() ->
                        new IllegalStateException("HLS-ECDSA needs the peer's system title, which is not known yet"));
                return sign(ownSigningKey, signedData(context.ownSystemTitle(), peer, peerChallenge, ownChallenge));
            }

            @Override
            public HlsVerification verify(byte[] proof, byte[] ownChallenge, byte[] peerChallenge) {
                if (proof == null || proof.length != SIGNATURE_LENGTH) {
                    return HlsVerification.failed("an HLS-ECDSA proof is a 64-byte r || s signature, got "
                            + (proof == null ? "none" : proof.length));
                }
                var peer = context.peerSystemTitle();
                if (peer.isEmpty()) {
                    return HlsVerification.failed("the peer's system title is not known");
                }
                byte[] data = signedData(peer.get(), context.ownSystemTitle(), ownChallenge, peerChallenge);
                return HlsEcdsa.verify(peerVerificationKey, data, proof) ? HlsVerification.ok()
                        : HlsVerification.failed("HLS-ECDSA signature does not verify with the peer's key");
            }

            @Override
            public String toString() {
                return "HLS-ECDSA authenticator of " + context.ownSystemTitle();
            }
        };
    }
}
