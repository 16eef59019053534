package org.dmct.dlms.apdu;

import java.util.Optional;

/** The result field of an AARE: whether the server accepted the association, and if not how lasting the refusal is. */
public enum AssociationResult {
    /** The association is established. */
    ACCEPTED(0),
    /** Refused; retrying with the same parameters will not help. */
    REJECTED_PERMANENT(1),
    /** Refused for now. */
    REJECTED_TRANSIENT(2);

    private final int code;

    AssociationResult(int code) {
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
     * @return the result, empty if undefined
     */
    public static Optional<AssociationResult> fromCode(int code) {
        for (AssociationResult r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
