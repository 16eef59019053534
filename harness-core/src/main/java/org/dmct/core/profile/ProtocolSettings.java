package org.dmct.core.profile;

import org.dmct.core.config.SecretRef;

/**
 * How to speak to a device model: which adapter (e.g. {@code dlms}), the client address (SAP) to associate as,
 * the authentication level, where the password lives (never the password itself), the largest APDU the
 * harness proposes to receive, and for the high-level security mechanisms the ciphering the model requires
 * ({@code security}, null for {@code none} and {@code low}). The keys themselves belong to device instances
 * (the lab's device entry), not to the model.
 */
public record ProtocolSettings(String adapter, int clientAddress, Authentication authentication,
                               SecretRef password, int maxPduSize, ProtocolSecurity security) {

    /** The client SAP every DLMS server opens to anyone, with lowest-level security (Green Book: public client). */
    public static final int PUBLIC_CLIENT = 16;

    /** Settings without high-level security. */
    public ProtocolSettings(String adapter, int clientAddress, Authentication authentication, SecretRef password,
                            int maxPduSize) {
        this(adapter, clientAddress, authentication, password, maxPduSize, null);
    }

    /** DLMS authentication mechanisms a profile may ask for, with their mechanism id and security suite. */
    public enum Authentication {
        /** Lowest level security: no authentication (mechanism 0). */
        NONE(0, -1),
        /** Low level security: a password (mechanism 1). */
        LOW(1, -1),
        /** High level security with GMAC, security suite 0 (mechanism 5). */
        HLS_GMAC(5, 0),
        /** High level security with ECDSA P-256, security suite 1 (mechanism 7). */
        HLS_ECDSA(7, 1);

        private final int mechanismId;
        private final int suite;

        Authentication(int mechanismId, int suite) {
            this.mechanismId = mechanismId;
            this.suite = suite;
        }

        /** @return the Green Book mechanism id */
        public int mechanismId() {
            return mechanismId;
        }

        /** @return the security suite the mechanism runs under, -1 when it does not cipher */
        public int suite() {
            return suite;
        }

        /** @return true for the mechanisms that cipher every APDU and need keys */
        public boolean isHighLevel() {
            return suite >= 0;
        }
    }

    /** @return true when the model requires a ciphered, HLS-authenticated association */
    public boolean secured() {
        return authentication.isHighLevel();
    }

    /** The public client's settings on the same device: client 16, no authentication, no ciphering. */
    public ProtocolSettings publicClient() {
        return new ProtocolSettings(adapter, PUBLIC_CLIENT, Authentication.NONE, null, maxPduSize, null);
    }
}
