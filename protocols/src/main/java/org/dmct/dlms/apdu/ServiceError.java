package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * The service-error field of an exception-response: why the server could not process an APDU
 * at all (as opposed to a per-attribute data-access-result).
 */
public enum ServiceError {
    /** operation-not-possible (1). */
    OPERATION_NOT_POSSIBLE(1),
    /** service-not-supported (2). */
    SERVICE_NOT_SUPPORTED(2),
    /** other-reason (3). */
    OTHER_REASON(3),
    /** pdu-too-long (4). */
    PDU_TOO_LONG(4),
    /** deciphering-error (5). */
    DECIPHERING_ERROR(5),
    /** invocation-counter-error (6): followed on the wire by the expected counter (Unsigned32). */
    INVOCATION_COUNTER_ERROR(6);

    private final int code;

    ServiceError(int code) {
        this.code = code;
    }

    /**
     * @return the value on the wire
     */
    public int code() {
        return code;
    }

    /**
     * @param code the wire value
     * @return the error, empty if undefined
     */
    public static Optional<ServiceError> fromCode(int code) {
        for (ServiceError e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
