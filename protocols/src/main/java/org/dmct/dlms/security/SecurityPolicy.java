package org.dmct.dlms.security;

/**
 * What protection an association requires on its xDLMS APDUs, as the security policy of the
 * Security setup object states it (version 0 values): none, authenticated, encrypted, or both.
 * A received APDU must carry at least the protection the policy requires.
 */
public enum SecurityPolicy {
    /** No protection required (0). */
    NONE(false, false),
    /** All messages authenticated (1). */
    AUTHENTICATED(true, false),
    /** All messages encrypted (2). */
    ENCRYPTED(false, true),
    /** All messages authenticated and encrypted (3). */
    AUTHENTICATED_AND_ENCRYPTED(true, true);

    private final boolean authentication;
    private final boolean encryption;

    SecurityPolicy(boolean authentication, boolean encryption) {
        this.authentication = authentication;
        this.encryption = encryption;
    }

    /** @return true if messages must be authenticated */
    public boolean authentication() {
        return authentication;
    }

    /** @return true if messages must be encrypted */
    public boolean encryption() {
        return encryption;
    }

    /**
     * @param control a received security control byte
     * @return true if it provides every protection this policy requires
     */
    public boolean isMetBy(SecurityControl control) {
        return (!authentication || control.authentication()) && (!encryption || control.encryption());
    }
}
