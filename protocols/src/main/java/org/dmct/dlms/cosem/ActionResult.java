package org.dmct.dlms.cosem;

import java.util.Locale;
import java.util.Optional;

/**
 * The Action-Result enumeration an ACTION response carries: success or the reason the method was
 * not executed. {@link #dlmsName()} gives the hyphenated Green Book name.
 */
public enum ActionResult {
    /** The method ran. */
    SUCCESS(0),
    /** The server's hardware failed. */
    HARDWARE_FAULT(1),
    /** The server could not run the method now. */
    TEMPORARY_FAILURE(2),
    /** The association's access rights do not allow the method. */
    READ_WRITE_DENIED(3),
    /** No such object in the server. */
    OBJECT_UNDEFINED(4),
    /** The object exists but is not of the class given. */
    OBJECT_CLASS_INCONSISTENT(9),
    /** The object exists but cannot be reached now. */
    OBJECT_UNAVAILABLE(11),
    /** The parameter has the wrong type. */
    TYPE_UNMATCHED(12),
    /** The parameter is outside what the server allows. */
    SCOPE_OF_ACCESS_VIOLATED(13),
    /** The data block asked for cannot be provided. */
    DATA_BLOCK_UNAVAILABLE(14),
    /** The server aborted an ACTION with block transfer. */
    LONG_ACTION_ABORTED(15),
    /** A block was received with no ACTION block transfer in progress. */
    NO_LONG_ACTION_IN_PROGRESS(16),
    /** Any other reason. */
    OTHER_REASON(250);

    private final int code;

    ActionResult(int code) {
        this.code = code;
    }

    /**
     * Returns the value of the enumeration on the wire.
     *
     * @return the code, 0..250
     */
    public int code() {
        return code;
    }

    /**
     * Returns the hyphenated standard name, e.g. {@code object-undefined}.
     *
     * @return the Green Book name
     */
    public String dlmsName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Looks up a wire code.
     *
     * @param code the code
     * @return the result
     * @throws IllegalArgumentException if the code is not a standard action-result
     */
    public static ActionResult fromCode(int code) {
        return lookup(code).orElseThrow(() ->
                new IllegalArgumentException("unknown action-result code " + code));
    }

    /**
     * Looks up a wire code without failing.
     *
     * @param code the code
     * @return the result, empty if the code is not standard
     */
    public static Optional<ActionResult> lookup(int code) {
        for (ActionResult r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
