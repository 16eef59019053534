package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The AARQ (A-Associate Request, tag 0x60): the BER-encoded ACSE APDU with which a client opens
 * an association. It names the application context, optionally the client's system title
 * (calling-AP-title), AE qualifier (a certificate in suite 1/2), the authentication functional
 * unit and mechanism, and the password (LLS) or challenge (HLS) in the calling authentication
 * value, and carries the xDLMS InitiateRequest in its user-information.
 *
 * <p>User-information holds either a plain {@link InitiateRequest} ({@code userInformation}) or,
 * in ciphered contexts, another xDLMS APDU such as a glo-initiate-request, kept as raw bytes in
 * {@code rawUserInformation} for the security layer; at most one of them is set. Fields of the
 * ACSE standard that DLMS does not use (called AP title, invocation ids, implementation
 * information) are skipped on decode and never encoded. The protocol-version field is omitted on
 * encode (its default applies) and checked when present.
 *
 * @param applicationContextName the application context
 * @param callingApTitle the client system title, or null
 * @param callingAeQualifier the calling AE qualifier, or null
 * @param acseRequirements true when the authentication functional unit is requested
 * @param mechanismName the authentication mechanism, or null
 * @param callingAuthenticationValue the password or challenge (GraphicString choice), or null
 * @param userInformation the InitiateRequest, or null
 * @param rawUserInformation another xDLMS APDU in user-information, or null
 */
public record AarqApdu(ApplicationContextName applicationContextName, byte[] callingApTitle,
                       byte[] callingAeQualifier, boolean acseRequirements, AuthenticationMechanism mechanismName,
                       byte[] callingAuthenticationValue, InitiateRequest userInformation,
                       byte[] rawUserInformation) implements Apdu {

    /** Checks and copies. */
    public AarqApdu {
        Objects.requireNonNull(applicationContextName, "applicationContextName");
        if (userInformation != null && rawUserInformation != null) {
            throw new IllegalArgumentException("user-information is either an InitiateRequest or raw bytes, not both");
        }
        callingApTitle = copy(callingApTitle);
        callingAeQualifier = copy(callingAeQualifier);
        callingAuthenticationValue = copy(callingAuthenticationValue);
        rawUserInformation = copy(rawUserInformation);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    /**
     * An AARQ for LN referencing without ciphering or authentication (lowest level security).
     *
     * @param request the InitiateRequest
     * @return the AARQ
     */
    public static AarqApdu lowestLevel(InitiateRequest request) {
        return new AarqApdu(ApplicationContextName.LN_NO_CIPHERING, null, null, false, null, null, request, null);
    }

    /**
     * An AARQ for LN referencing without ciphering, with low level security (password).
     *
     * @param password the password, sent as the calling authentication value
     * @param request the InitiateRequest
     * @return the AARQ
     */
    public static AarqApdu lowLevel(byte[] password, InitiateRequest request) {
        Objects.requireNonNull(password, "password");
        return new AarqApdu(ApplicationContextName.LN_NO_CIPHERING, null, null, true,
                AuthenticationMechanism.LOW, password, request, null);
    }

    /** @return a copy, or null */
    @Override
    public byte[] callingApTitle() {
        return copy(callingApTitle);
    }

    /** @return a copy, or null */
    @Override
    public byte[] callingAeQualifier() {
        return copy(callingAeQualifier);
    }

    /** @return a copy, or null */
    @Override
    public byte[] callingAuthenticationValue() {
        return copy(callingAuthenticationValue);
    }

    /** @return a copy, or null */
    @Override
    public byte[] rawUserInformation() {
        return copy(rawUserInformation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AarqApdu a && a.applicationContextName == applicationContextName
                && Arrays.equals(a.callingApTitle, callingApTitle)
                && Arrays.equals(a.callingAeQualifier, callingAeQualifier)
                && a.acseRequirements == acseRequirements && a.mechanismName == mechanismName
                && Arrays.equals(a.callingAuthenticationValue, callingAuthenticationValue)
                && Objects.equals(a.userInformation, userInformation)
                && Arrays.equals(a.rawUserInformation, rawUserInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationContextName, Arrays.hashCode(callingApTitle), Arrays.hashCode(callingAeQualifier),
                acseRequirements, mechanismName, Arrays.hashCode(callingAuthenticationValue), userInformation,
                Arrays.hashCode(rawUserInformation));
    }

    /** The authentication value may be a password, so only its length is shown. */
    @Override
    public String toString() {
        return "AarqApdu[" + applicationContextName
                + (callingApTitle != null ? ", callingApTitle=" + Hex.abbreviate(callingApTitle) : "")
                + (callingAeQualifier != null ? ", callingAeQualifier=" + Hex.abbreviate(callingAeQualifier) : "")
                + (acseRequirements ? ", authentication requested" : "")
                + (mechanismName != null ? ", mechanism=" + mechanismName : "")
                + (callingAuthenticationValue != null
                    ? ", callingAuthenticationValue=(" + callingAuthenticationValue.length + " bytes)" : "")
                + (userInformation != null ? ", " + userInformation : "")
                + (rawUserInformation != null ? ", rawUserInformation=" + Hex.abbreviate(rawUserInformation) : "")
                + "]";
    }
}
