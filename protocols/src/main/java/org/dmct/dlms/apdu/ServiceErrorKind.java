package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * Which service a confirmed-service-error answers: the CHOICE tag of the ConfirmedServiceError
 * APDU. In LN referencing only {@link #INITIATE_ERROR} occurs in practice (a refused
 * InitiateRequest inside an AARE); the others belong to SN referencing and the DLMS services of
 * IEC 61334-4-41 and are listed so that any such APDU can be decoded.
 */
public enum ServiceErrorKind {
    /** initiateError [1]. */
    INITIATE_ERROR(1),
    /** getStatus [2]. */
    GET_STATUS(2),
    /** getNameList [3]. */
    GET_NAME_LIST(3),
    /** getVariableAttribute [4]. */
    GET_VARIABLE_ATTRIBUTE(4),
    /** read [5]. */
    READ(5),
    /** write [6]. */
    WRITE(6),
    /** getDataSetAttribute [7]. */
    GET_DATA_SET_ATTRIBUTE(7),
    /** getTIAttribute [8]. */
    GET_TI_ATTRIBUTE(8),
    /** changeScope [9]. */
    CHANGE_SCOPE(9),
    /** start [10]. */
    START(10),
    /** stop [11]. */
    STOP(11),
    /** resume [12]. */
    RESUME(12),
    /** makeUsable [13]. */
    MAKE_USABLE(13),
    /** initiateLoad [14]. */
    INITIATE_LOAD(14),
    /** loadSegment [15]. */
    LOAD_SEGMENT(15),
    /** terminateLoad [16]. */
    TERMINATE_LOAD(16),
    /** initiateUpLoad [17]. */
    INITIATE_UPLOAD(17),
    /** upLoadSegment [18]. */
    UPLOAD_SEGMENT(18),
    /** terminateUpLoad [19]. */
    TERMINATE_UPLOAD(19);

    private final int tag;

    ServiceErrorKind(int tag) {
        this.tag = tag;
    }

    /**
     * @return the CHOICE tag on the wire
     */
    public int tag() {
        return tag;
    }

    /**
     * @param tag the wire value
     * @return the kind, empty if undefined
     */
    public static Optional<ServiceErrorKind> fromTag(int tag) {
        for (ServiceErrorKind k : values()) {
            if (k.tag == tag) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
