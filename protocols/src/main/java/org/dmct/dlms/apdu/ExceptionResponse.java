package org.dmct.dlms.apdu;

import java.util.Objects;

/**
 * The exception-response APDU (tag 0xD8): the server's answer to an APDU it could not process at
 * all, such as an unknown service or one too long. With
 * {@link ServiceError#INVOCATION_COUNTER_ERROR} newer servers append the invocation counter they
 * expected; it is null otherwise and when a server omits it.
 *
 * @param stateError the state error
 * @param serviceError the service error
 * @param invocationCounter the expected counter for an invocation-counter-error, else null
 */
public record ExceptionResponse(StateError stateError, ServiceError serviceError, Long invocationCounter)
        implements Apdu {

    /** Null checks and counter consistency. */
    public ExceptionResponse {
        Objects.requireNonNull(stateError, "stateError");
        Objects.requireNonNull(serviceError, "serviceError");
        if (invocationCounter != null) {
            if (serviceError != ServiceError.INVOCATION_COUNTER_ERROR) {
                throw new IllegalArgumentException("an invocation counter goes only with invocation-counter-error");
            }
            if (invocationCounter < 0 || invocationCounter > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("invocation counter is an Unsigned32, got " + invocationCounter);
            }
        }
    }

    /**
     * An exception-response without invocation counter.
     *
     * @param stateError the state error
     * @param serviceError the service error
     */
    public ExceptionResponse(StateError stateError, ServiceError serviceError) {
        this(stateError, serviceError, null);
    }
}
