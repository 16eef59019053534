package org.dmct.dlms.security;

import java.security.SecureRandom;
import java.util.Objects;
import org.dmct.dlms.apdu.AuthenticationMechanism;

/**
 * One side's high level security (HLS) pass 3 and 4: the proof it sends in reply to the peer's
 * challenge (f(StoC) from a client, f(CtoS) from a server, the parameter of reply_to_HLS_authentication
 * and of its response), and the check of the proof the peer sends back. Implementations are
 * {@link HlsGmac#authenticator} (mechanism 5) and {@link HlsEcdsa#authenticator} (mechanism 7).
 */
public interface HlsAuthenticator {

    /** Shortest challenge the Green Book allows. */
    int MIN_CHALLENGE_LENGTH = 8;
    /** Longest challenge the Green Book allows. */
    int MAX_CHALLENGE_LENGTH = 64;

    /** @return the mechanism, for the AARQ/AARE mechanism-name */
    AuthenticationMechanism mechanism();

    /**
     * Computes our proof.
     *
     * @param peerChallenge the challenge the peer sent (StoC for a client, CtoS for a server)
     * @param ownChallenge the challenge we sent
     * @return the proof
     */
    byte[] proof(byte[] peerChallenge, byte[] ownChallenge);

    /**
     * Checks the peer's proof.
     *
     * @param proof what the peer sent
     * @param ownChallenge the challenge we sent
     * @param peerChallenge the challenge the peer sent
     * @return the outcome
     */
    HlsVerification verify(byte[] proof, byte[] ownChallenge, byte[] peerChallenge);

    /**
     * Draws a fresh challenge.
     *
     * @param random the source; a {@link SecureRandom}
     * @param length 8..64 bytes
     * @return the challenge
     */
    static byte[] newChallenge(SecureRandom random, int length) {
        Objects.requireNonNull(random, "random");
        if (length < MIN_CHALLENGE_LENGTH || length > MAX_CHALLENGE_LENGTH) {
            throw new IllegalArgumentException("an HLS challenge is 8..64 bytes, asked for " + length);
        }
        byte[] challenge = new byte[length];
        random.nextBytes(challenge);
        return challenge;
    }
}
