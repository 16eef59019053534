package org.dmct.dlms.security;

import java.util.Objects;

/**
 * The outcome of checking a peer's HLS proof (f(StoC) at the server, f(CtoS) at the client):
 * verified, or not with the reason. Reasons name lengths and security control bytes, never keys.
 *
 * @param verified true if the proof is the one the peer's key makes over our challenge
 * @param reason why not, empty when verified
 */
public record HlsVerification(boolean verified, String reason) {

    /** Checks. */
    public HlsVerification {
        Objects.requireNonNull(reason, "reason");
    }

    /** @return a verified outcome */
    public static HlsVerification ok() {
        return new HlsVerification(true, "");
    }

    /**
     * @param reason why not
     * @return a failed outcome
     */
    public static HlsVerification failed(String reason) {
        return new HlsVerification(false, reason);
    }
}
