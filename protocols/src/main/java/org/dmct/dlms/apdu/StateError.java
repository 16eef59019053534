package org.dmct.dlms.apdu;

import java.util.Optional;

/** The state-error field of an exception-response: whether the service was not allowed in the current state or not known at all. */
public enum StateError {
    /** service-not-allowed (1). */
    SERVICE_NOT_ALLOWED(1),
    /** service-unknown (2). */
    SERVICE_UNKNOWN(2);

    private final int code;

    StateError(int code) {
        this.code = code;
    }

    /**
     * @return the ENUMERATED value on the wire
     */
    public int code() {
        return code;
    }

    /**
     * @param code the wire value
     * @return the error, empty if undefined
     */
    public static Optional<StateError> fromCode(int code) {
        for (StateError e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
