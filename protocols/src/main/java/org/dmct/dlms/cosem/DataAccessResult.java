package org.dmct.dlms.cosem;

import java.util.Locale;
import java.util.Optional;

/**
 * The Data-Access-Result enumeration that GET and SET responses carry per attribute: success or
 * the reason the server refused or failed. {@link #dlmsName()} gives the name the Green Book uses,
 * which is what reports and test packs quote.
 */
public enum DataAccessResult {
    /** The attribute was read or written. */
    SUCCESS(0),
    /** The server's hardware failed. */
    HARDWARE_FAULT(1),
    /** The server could not serve the request now; a later retry may work. */
    TEMPORARY_FAILURE(2),
    /** The association's access rights do not allow the operation. */
    READ_WRITE_DENIED(3),
    /** No such object in the server. */
    OBJECT_UNDEFINED(4),
    /** The object exists but is not of the class given. */
    OBJECT_CLASS_INCONSISTENT(9),
    /** The object exists but cannot be reached now. */
    OBJECT_UNAVAILABLE(11),
    /** The value given has the wrong type. */
    TYPE_UNMATCHED(12),
    /** Selective access parameters are outside what the server allows. */
    SCOPE_OF_ACCESS_VIOLATED(13),
    /** The data block asked for cannot be provided. */
    DATA_BLOCK_UNAVAILABLE(14),
    /** The server aborted a GET with block transfer. */
    LONG_GET_ABORTED(15),
    /** A GET next was received with no block transfer in progress. */
    NO_LONG_GET_IN_PROGRESS(16),
    /** The server aborted a SET with block transfer. */
    LONG_SET_ABORTED(17),
    /** A SET block was received with no block transfer in progress. */
    NO_LONG_SET_IN_PROGRESS(18),
    /** The block number received does not follow the previous one. */
    DATA_BLOCK_NUMBER_INVALID(19),
    /** Any other reason. */
    OTHER_REASON(250);

    private final int code;

    DataAccessResult(int code) {
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
     * Returns the hyphenated standard name, e.g. {@code read-write-denied}.
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
     * @throws IllegalArgumentException if the code is not a standard data-access-result
     */
    public static DataAccessResult fromCode(int code) {
        return lookup(code).orElseThrow(() ->
                new IllegalArgumentException("unknown data-access-result code " + code));
    }

    /**
     * Looks up a wire code without failing.
     *
     * @param code the code
     * @return the result, empty if the code is not standard
     */
    public static Optional<DataAccessResult> lookup(int code) {
        for (DataAccessResult r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
