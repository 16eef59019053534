package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * The DLMS authentication mechanism names, OIDs {@code 2.16.756.5.8.2.x}: lowest level (none),
 * low level (password) and the high-level mechanisms (challenge-response).
 */
public enum AuthenticationMechanism {
    /** No authentication (id 0). */
    LOWEST(0),
    /** Low level security: a password in the calling-authentication-value (id 1). */
    LOW(1),
    /** High level security, manufacturer-specific (id 2). */
    HIGH(2),
    /** HLS with MD5 (id 3). */
    HIGH_MD5(3),
    /** HLS with SHA-1 (id 4). */
    HIGH_SHA1(4),
    /** HLS with GMAC (id 5), security suite 0. */
    HIGH_GMAC(5),
    /** HLS with SHA-256 (id 6). */
    HIGH_SHA256(6),
    /** HLS with ECDSA (id 7), security suites 1 and 2. */
    HIGH_ECDSA(7);

    private final int id;

    AuthenticationMechanism(int id) {
        this.id = id;
    }

    /**
     * @return the last arc of the OID
     */
    public int id() {
        return id;
    }

    /**
     * @return the OID in dotted form
     */
    public String oid() {
        return "2.16.756.5.8.2." + id;
    }

    /**
     * @param id the last arc
     * @return the mechanism, empty if not a defined one
     */
    public static Optional<AuthenticationMechanism> fromId(int id) {
        for (AuthenticationMechanism m : values()) {
            if (m.id == id) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
