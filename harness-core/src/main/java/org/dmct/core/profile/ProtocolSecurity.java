package org.dmct.core.profile;

import java.util.Objects;

/**
 * The ciphering a secured device model requires ({@code protocol.security} of a profile): the security policy every
 * xDLMS APDU of the association must meet, and the logical name of the frame counter object (class 1, attribute 2)
 * that the public client reads before a secured association, so the harness's invocation counter continues above
 * the highest the device has accepted, as real DLMS clients do.
 *
 * @param policy what protection every APDU carries
 * @param invocationCounter the OBIS code of the frame counter object, e.g. {@code 0-0:43.1.0.255}
 * @param ciphering the envelope of ciphered service APDUs: the service-specific glo- APDUs, or
 *                  general-glo-ciphering (tag 0xDB, carrying the sender's system title) for every APDU
 */
public record ProtocolSecurity(Policy policy, String invocationCounter, Ciphering ciphering) {

    /** The usual frame counter object of the management client's security setup. */
    public static final String DEFAULT_INVOCATION_COUNTER = "0-0:43.1.0.255";

    public ProtocolSecurity {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(invocationCounter, "invocationCounter");
        Objects.requireNonNull(ciphering, "ciphering");
    }

    /** With the glo- envelopes, the usual choice. */
    public ProtocolSecurity(Policy policy, String invocationCounter) {
        this(policy, invocationCounter, Ciphering.GLO);
    }

    /** How ciphered service APDUs are wrapped. */
    public enum Ciphering {
        /** glo-get-request (0xC8) and its kin: one tag per service. */
        GLO,
        /** general-glo-ciphering (0xDB) for every service APDU, with the sender's system title. */
        GENERAL_GLO
    }

    /** The security policies a profile may name (Security setup version 0 values 1 to 3). */
    public enum Policy {
        /** Every APDU authenticated and encrypted. */
        AUTHENTICATED_ENCRYPTED,
        /** Every APDU authenticated (GMAC), in clear. */
        AUTHENTICATED,
        /** Every APDU encrypted, without authentication tag. */
        ENCRYPTED
    }
}
