package org.dmct.dlms.security;

import java.util.Optional;

/**
 * The DLMS security suites this package implements. Both cipher with AES-GCM-128 and a 12-byte
 * tag; suite 1 adds ECDSA P-256 (HLS mechanism 7) and ECDH P-256 key agreement. The id is the
 * low nibble of the security control byte. Suite 2 (AES-256, P-384) is not implemented.
 */
public enum SecuritySuite {
    /** Suite 0: AES-GCM-128, HLS-GMAC (mechanism 5). */
    SUITE_0(0),
    /** Suite 1: AES-GCM-128, ECDSA/ECDH with P-256 and SHA-256. */
    SUITE_1(1);

    private final int id;

    SecuritySuite(int id) {
        this.id = id;
    }

    /** @return the suite id, 0..15 */
    public int id() {
        return id;
    }

    /**
     * @param id a suite id
     * @return the suite, empty if this package does not implement it
     */
    public static Optional<SecuritySuite> fromId(int id) {
        for (SecuritySuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
