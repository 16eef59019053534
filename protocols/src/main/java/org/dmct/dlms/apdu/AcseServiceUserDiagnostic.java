package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * The acse-service-user values of an AARE's result-source-diagnostic: why the server's
 * application refused (or the plain "null" when it accepted). Authentication failures of LLS
 * and HLS show up here.
 */
public enum AcseServiceUserDiagnostic {
    /** No diagnostic; used with an accepted association. */
    NULL(0),
    /** Refused without a reason. */
    NO_REASON_GIVEN(1),
    /** The application context proposed is not supported. */
    APPLICATION_CONTEXT_NAME_NOT_SUPPORTED(2),
    /** Calling AP title not recognised. */
    CALLING_AP_TITLE_NOT_RECOGNIZED(3),
    /** Calling AP invocation identifier not recognised. */
    CALLING_AP_INVOCATION_IDENTIFIER_NOT_RECOGNIZED(4),
    /** Calling AE qualifier not recognised. */
    CALLING_AE_QUALIFIER_NOT_RECOGNIZED(5),
    /** Calling AE invocation identifier not recognised. */
    CALLING_AE_INVOCATION_IDENTIFIER_NOT_RECOGNIZED(6),
    /** Called AP title not recognised. */
    CALLED_AP_TITLE_NOT_RECOGNIZED(7),
    /** Called AP invocation identifier not recognised. */
    CALLED_AP_INVOCATION_IDENTIFIER_NOT_RECOGNIZED(8),
    /** Called AE qualifier not recognised. */
    CALLED_AE_QUALIFIER_NOT_RECOGNIZED(9),
    /** Called AE invocation identifier not recognised. */
    CALLED_AE_INVOCATION_IDENTIFIER_NOT_RECOGNIZED(10),
    /** The authentication mechanism proposed is unknown to the server. */
    AUTHENTICATION_MECHANISM_NAME_NOT_RECOGNISED(11),
    /** The server requires a mechanism and none was proposed. */
    AUTHENTICATION_MECHANISM_NAME_REQUIRED(12),
    /** Wrong password or failed challenge. */
    AUTHENTICATION_FAILURE(13),
    /** HLS: the server accepts pending the challenge-response (pass 3 and 4). */
    AUTHENTICATION_REQUIRED(14);

    private final int code;

    AcseServiceUserDiagnostic(int code) {
        this.code = code;
    }

    /**
     * @return the INTEGER value on the wire
     */
    public int code() {
        return code;
    }

    /**
     * @param code the wire value
     * @return the diagnostic, empty if undefined
     */
    public static Optional<AcseServiceUserDiagnostic> fromCode(int code) {
        for (AcseServiceUserDiagnostic d : values()) {
            if (d.code == code) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
