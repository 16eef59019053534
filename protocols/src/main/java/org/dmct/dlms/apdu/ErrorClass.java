package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * The class of a ServiceError inside a confirmed-service-error: the CHOICE tag that says how to
 * read the error code that follows (for example {@link #INITIATE} with code 1
 * dlms-version-too-low).
 */
public enum ErrorClass {
    /** application-reference [0]. */
    APPLICATION_REFERENCE(0),
    /** hardware-resource [1]. */
    HARDWARE_RESOURCE(1),
    /** vde-state-error [2]. */
    VDE_STATE_ERROR(2),
    /** service [3]. */
    SERVICE(3),
    /** definition [4]. */
    DEFINITION(4),
    /** access [5]. */
    ACCESS(5),
    /** initiate [6]. */
    INITIATE(6),
    /** load-data-set [7]. */
    LOAD_DATASET(7),
    /** change-scope [8]. */
    CHANGE_SCOPE(8),
    /** task [9]. */
    TASK(9),
    /** other [10]. */
    OTHER(10);

    private final int tag;

    ErrorClass(int tag) {
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
     * @return the class, empty if undefined
     */
    public static Optional<ErrorClass> fromTag(int tag) {
        for (ErrorClass c : values()) {
            if (c.tag == tag) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
