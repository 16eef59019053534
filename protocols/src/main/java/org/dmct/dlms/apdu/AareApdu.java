package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The AARE (A-Associate Response, tag 0x61): the BER-encoded ACSE APDU with which a server
 * accepts or rejects an association. Besides the result and its diagnostic it may carry the
 * server's system title (responding-AP-title), AE qualifier, mechanism and its own challenge
 * (HLS), and in user-information the xDLMS InitiateResponse when accepted or a
 * confirmed-service-error (initiate error) when the xDLMS part was refused.
 *
 * <p>At most one of {@code userInformation}, {@code initiateError} and {@code rawUserInformation}
 * is set; the raw form keeps ciphered content (e.g. glo-initiate-response) for the security layer.
 * The protocol-version field is always encoded (as {@code 80 02 07 80}, as servers customarily
 * do) and checked when decoding; ACSE fields DLMS does not use are skipped on decode.
 *
 * @param applicationContextName the application context
 * @param result accepted or rejected
 * @param resultSourceDiagnostic who decided and why
 * @param respondingApTitle the server system title, or null
 * @param respondingAeQualifier the responding AE qualifier, or null
 * @param acseRequirements true when the authentication functional unit is selected
 * @param mechanismName the authentication mechanism, or null
 * @param respondingAuthenticationValue the server challenge (GraphicString choice), or null
 * @param userInformation the InitiateResponse, or null
 * @param initiateError the confirmed-service-error, or null
 * @param rawUserInformation another xDLMS APDU in user-information, or null
 */
public record AareApdu(ApplicationContextName applicationContextName, AssociationResult result,
                       ResultSourceDiagnostic resultSourceDiagnostic, byte[] respondingApTitle,
                       byte[] respondingAeQualifier, boolean acseRequirements, AuthenticationMechanism mechanismName,
                       byte[] respondingAuthenticationValue, InitiateResponse userInformation,
                       ConfirmedServiceError initiateError, byte[] rawUserInformation) implements Apdu {

    /** Checks and copies. */
    public AareApdu {
        Objects.requireNonNull(applicationContextName, "applicationContextName");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(resultSourceDiagnostic, "resultSourceDiagnostic");
        int userInfos = (userInformation != null ? 1 : 0) + (initiateError != null ? 1 : 0)
                + (rawUserInformation != null ? 1 : 0);
        if (userInfos > 1) {
            throw new IllegalArgumentException(
                    "user-information is one of InitiateResponse, initiate error or raw bytes");
        }
        respondingApTitle = copy(respondingApTitle);
        respondingAeQualifier = copy(respondingAeQualifier);
        respondingAuthenticationValue = copy(respondingAuthenticationValue);
        rawUserInformation = copy(rawUserInformation);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    /**
     * An accepting AARE without authentication.
     *
     * @param context the application context
     * @param response the InitiateResponse
     * @return the AARE
     */
    public static AareApdu accepted(ApplicationContextName context, InitiateResponse response) {
        return new AareApdu(context, AssociationResult.ACCEPTED, ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NULL),
                null, null, false, null, null, response, null, null);
    }

    /**
     * A rejecting AARE.
     *
     * @param context the application context
     * @param result permanent or transient
     * @param diagnostic why
     * @param initiateError the xDLMS error to include, or null
     * @return the AARE
     */
    public static AareApdu rejected(ApplicationContextName context, AssociationResult result,
                                    ResultSourceDiagnostic diagnostic, ConfirmedServiceError initiateError) {
        return new AareApdu(context, result, diagnostic, null, null, false, null, null, null, initiateError, null);
    }

    /** @return a copy, or null */
    @Override
    public byte[] respondingApTitle() {
        return copy(respondingApTitle);
    }

    /** @return a copy, or null */
    @Override
    public byte[] respondingAeQualifier() {
        return copy(respondingAeQualifier);
    }

    /** @return a copy, or null */
    @Override
    public byte[] respondingAuthenticationValue() {
        return copy(respondingAuthenticationValue);
    }

    /** @return a copy, or null */
    @Override
    public byte[] rawUserInformation() {
        return copy(rawUserInformation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AareApdu a && a.applicationContextName == applicationContextName && a.result == result
                && a.resultSourceDiagnostic.equals(resultSourceDiagnostic)
                && Arrays.equals(a.respondingApTitle, respondingApTitle)
                && Arrays.equals(a.respondingAeQualifier, respondingAeQualifier)
                && a.acseRequirements == acseRequirements && a.mechanismName == mechanismName
                && Arrays.equals(a.respondingAuthenticationValue, respondingAuthenticationValue)
                && Objects.equals(a.userInformation, userInformation)
                && Objects.equals(a.initiateError, initiateError)
                && Arrays.equals(a.rawUserInformation, rawUserInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationContextName, result, resultSourceDiagnostic, Arrays.hashCode(respondingApTitle),
                Arrays.hashCode(respondingAeQualifier), acseRequirements, mechanismName,
                Arrays.hashCode(respondingAuthenticationValue), userInformation, initiateError,
                Arrays.hashCode(rawUserInformation));
    }

    @Override
    public String toString() {
        return "AareApdu[" + applicationContextName + ", " + result + ", " + resultSourceDiagnostic
                + (respondingApTitle != null ? ", respondingApTitle=" + Hex.abbreviate(respondingApTitle) : "")
                + (respondingAeQualifier != null ? ", respondingAeQualifier=" + Hex.abbreviate(respondingAeQualifier) : "")
                + (acseRequirements ? ", authentication selected" : "")
                + (mechanismName != null ? ", mechanism=" + mechanismName : "")
                + (respondingAuthenticationValue != null
                    ? ", respondingAuthenticationValue=(" + respondingAuthenticationValue.length + " bytes)" : "")
                + (userInformation != null ? ", " + userInformation : "")
                + (initiateError != null ? ", " + initiateError : "")
                + (rawUserInformation != null ? ", rawUserInformation=" + Hex.abbreviate(rawUserInformation) : "")
                + "]";
    }
}
