package org.dmct.core.profile;

import org.dmct.core.config.SecretRef;

/**
 * How to speak to a device model: which adapter (e.g. {@code dlms}), the client address (SAP) to associate as,
 * the authentication level, where the password lives (never the password itself), and the largest APDU the
 * harness proposes to receive.
 */
public record ProtocolSettings(String adapter, int clientAddress, Authentication authentication,
                               SecretRef password, int maxPduSize) {
    /** DLMS authentication mechanisms a profile may ask for (more arrive with the security work). */
    public enum Authentication { NONE, LOW }
}
