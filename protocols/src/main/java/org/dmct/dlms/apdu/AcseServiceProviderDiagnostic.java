package org.dmct.dlms.apdu;

import java.util.Optional;

/** The acse-service-provider values of an AARE's result-source-diagnostic: refusals by the ACSE layer itself. */
public enum AcseServiceProviderDiagnostic {
    /** No diagnostic. */
    NULL(0),
    /** Refused without a reason. */
    NO_REASON_GIVEN(1),
    /** No ACSE protocol version in common. */
    NO_COMMON_ACSE_VERSION(2);

    private final int code;

    AcseServiceProviderDiagnostic(int code) {
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
    public static Optional<AcseServiceProviderDiagnostic> fromCode(int code) {
        for (AcseServiceProviderDiagnostic d : values()) {
            if (d.code == code) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
