package org.dmct.dlms.apdu;

import java.util.Objects;

/**
 * The confirmed-service-error APDU (tag 0x0E): which service failed, the class of the error and
 * its code. In LN referencing it appears inside a rejecting AARE's user-information as an
 * initiate error, e.g. {@code 0E 01 06 01} (initiate, class initiate, dlms-version-too-low).
 * The code is an int because its meaning depends on the class; the {@code INITIATE_} constants
 * name the codes of class {@link ErrorClass#INITIATE}.
 *
 * @param service which service failed
 * @param errorClass class of the error
 * @param errorCode 0..255, meaning per class
 */
public record ConfirmedServiceError(ServiceErrorKind service, ErrorClass errorClass, int errorCode) implements Apdu {

    /** Initiate error code: other. */
    public static final int INITIATE_OTHER = 0;
    /** Initiate error code: dlms-version-too-low. */
    public static final int INITIATE_DLMS_VERSION_TOO_LOW = 1;
    /** Initiate error code: incompatible-conformance. */
    public static final int INITIATE_INCOMPATIBLE_CONFORMANCE = 2;
    /** Initiate error code: pdu-size-too-short. */
    public static final int INITIATE_PDU_SIZE_TOO_SHORT = 3;
    /** Initiate error code: refused-by-the-VDE-Handler. */
    public static final int INITIATE_REFUSED_BY_THE_VDE_HANDLER = 4;

    /** Null and range checks. */
    public ConfirmedServiceError {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(errorClass, "errorClass");
        if (errorCode < 0 || errorCode > 255) {
            throw new IllegalArgumentException("error code is one byte, got " + errorCode);
        }
    }

    /**
     * An initiate error of class initiate, as a server puts in a rejecting AARE.
     *
     * @param code one of the {@code INITIATE_} constants
     * @return the APDU
     */
    public static ConfirmedServiceError initiateError(int code) {
        return new ConfirmedServiceError(ServiceErrorKind.INITIATE_ERROR, ErrorClass.INITIATE, code);
    }
}
