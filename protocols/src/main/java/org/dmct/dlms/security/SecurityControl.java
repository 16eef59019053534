package org.dmct.dlms.security;

import org.dmct.dlms.internal.Hex;

/**
 * The security control byte (SC) that opens every security header: bits 0-3 the security suite
 * id, bit 4 authentication, bit 5 encryption, bit 6 broadcast key, bit 7 compression. It is part
 * of the additional authenticated data, so a byte altered in transit fails the tag check.
 *
 * @param value the byte, 0..255
 */
public record SecurityControl(int value) {

    private static final int AUTHENTICATION = 0x10;
    private static final int ENCRYPTION = 0x20;
    private static final int BROADCAST = 0x40;
    private static final int COMPRESSION = 0x80;

    /** Range check. */
    public SecurityControl {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("security control must be 0..255, got " + value);
        }
    }

    /**
     * @param suite the suite
     * @param policy which of authentication and encryption to set
     * @return the byte with broadcast and compression clear
     */
    public static SecurityControl of(SecuritySuite suite, SecurityPolicy policy) {
        return new SecurityControl(suite.id() | (policy.authentication() ? AUTHENTICATION : 0)
                | (policy.encryption() ? ENCRYPTION : 0));
    }

    /**
     * The SC of HLS-GMAC proofs: authentication only.
     *
     * @param suite the suite
     * @return the byte
     */
    public static SecurityControl authenticationOnly(SecuritySuite suite) {
        return of(suite, SecurityPolicy.AUTHENTICATED);
    }

    /** @return the suite id, bits 0-3 */
    public int suiteId() {
        return value & 0x0F;
    }

    /** @return bit 4 */
    public boolean authentication() {
        return (value & AUTHENTICATION) != 0;
    }

    /** @return bit 5 */
    public boolean encryption() {
        return (value & ENCRYPTION) != 0;
    }

    /** @return bit 6: the broadcast key, not the unicast key, was used */
    public boolean broadcastKey() {
        return (value & BROADCAST) != 0;
    }

    /** @return bit 7: the plaintext was compressed before ciphering */
    public boolean compression() {
        return (value & COMPRESSION) != 0;
    }

    @Override
    public String toString() {
        return "SC " + Hex.byteHex(value) + " (suite " + suiteId() + (authentication() ? ", authenticated" : "")
                + (encryption() ? ", encrypted" : "") + (broadcastKey() ? ", broadcast key" : "")
                + (compression() ? ", compressed" : "") + ")";
    }
}
