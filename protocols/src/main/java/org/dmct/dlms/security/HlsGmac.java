package org.dmct.dlms.security;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.internal.Hex;
import org.dmct.dlms.security.internal.AesGcm;

/**
 * HLS mechanism 5 (GMAC, suite 0 and 1): the proof is {@code SC || IC || GMAC(SC || AK || challenge)},
 * 17 bytes, where SC is authentication-only for the suite, IC the prover's invocation counter and
 * the GMAC nonce the prover's system title and IC. A client sends f(StoC) over the server's
 * challenge, a server f(CtoS) over the client's, both in reply_to_HLS_authentication (Association
 * LN method 1) and its response.
 */
public final class HlsGmac {

    /** SC (1) + IC (4) + tag (12). */
    public static final int PROOF_LENGTH = 17;

    private HlsGmac() { }

    /**
     * Computes a proof with explicit inputs.
     *
     * @param suite the suite (for the SC)
     * @param prover the system title of the party computing the proof
     * @param invocationCounter the prover's invocation counter
     * @param encryptionKey the global unicast encryption key
     * @param authenticationKey the authentication key
     * @param challenge the challenge the other party sent
     * @return the 17-byte proof
     */
    public static byte[] proof(SecuritySuite suite, SystemTitle prover, long invocationCounter, byte[] encryptionKey,
                               byte[] authenticationKey, byte[] challenge) {
        Objects.requireNonNull(challenge, "challenge");
        int sc = SecurityControl.authenticationOnly(suite).value();
        byte[] tag = AesGcm.gmac(sc, prover.bytes(), invocationCounter, encryptionKey, authenticationKey, challenge);
        return ByteBuffer.allocate(PROOF_LENGTH).put((byte) sc).putInt((int) invocationCounter).put(tag).array();
    }

    /**
     * Checks a proof with explicit inputs.
     *
     * @param proof the received proof
     * @param suite the association's suite
     * @param prover the system title of the party that computed it
     * @param encryptionKey the global unicast encryption key
     * @param authenticationKey the authentication key
     * @param challenge the challenge we sent
     * @return the outcome
     */
    public static HlsVerification verify(byte[] proof, SecuritySuite suite, SystemTitle prover, byte[] encryptionKey,
                                         byte[] authenticationKey, byte[] challenge) {
        if (proof == null || proof.length != PROOF_LENGTH) {
            return HlsVerification.failed("an HLS-GMAC proof is 17 bytes (SC, IC, 12-byte tag), got "
                    + (proof == null ? "none" : proof.length));
        }
        int sc = proof[0] & 0xFF;
        int expectedSc = SecurityControl.authenticationOnly(suite).value();
        if (sc != expectedSc) {
            return HlsVerification.failed("HLS-GMAC proof has security control " + Hex.byteHex(sc) + ", expected "
                    + Hex.byteHex(expectedSc));
        }
        long ic = ByteBuffer.wrap(proof, 1, 4).getInt() & 0xFFFFFFFFL;
        byte[] expected = AesGcm.gmac(sc, prover.bytes(), ic, encryptionKey, authenticationKey, challenge);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(proof, 5, PROOF_LENGTH))) {
            return HlsVerification.failed("HLS-GMAC proof with invocation counter " + ic
                    + " does not verify (wrong key, wrong challenge or altered)");
        }
        return HlsVerification.ok();
    }

    /**
     * The mechanism-5 authenticator of an association: proofs take the context's next invocation
     * counter (so no APDU ciphered later reuses that nonce) and are checked against the peer's
     * system title, which must be known by then.
     *
     * @param context the association's ciphering context
     * @return the authenticator
     */
    public static HlsAuthenticator authenticator(CipheringContext context) {
        Objects.requireNonNull(context, "context");
        return new HlsAuthenticator() {
            @Override
            public AuthenticationMechanism mechanism() {
                return AuthenticationMechanism.HIGH_GMAC;
            }

            @Override
            public byte[] proof(byte[] peerChallenge, byte[] ownChallenge) {
                return HlsGmac.proof(context.suite(), context.ownSystemTitle(), context.takeInvocationCounter(),
                        context.encryptionKey(), context.authenticationKey(), peerChallenge);
            }

            @Override
            public HlsVerification verify(byte[] proof, byte[] ownChallenge, byte[] peerChallenge) {
                return context.peerSystemTitle()
                        .map(peer -> HlsGmac.verify(proof, context.suite(), peer, context.encryptionKey(),
                                context.authenticationKey(), ownChallenge))
                        .orElseGet(() -> HlsVerification.failed("the peer's system title is not known"));
            }

            @Override
            public String toString() {
                return "HLS-GMAC authenticator of " + context.ownSystemTitle();
            }
        };
    }
}
