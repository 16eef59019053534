package org.dmct.dlms.axdr;

/**
 * Unchecked failure to decode A-XDR (or another binary DLMS encoding): names what was wrong and
 * the byte offset, counted from the start of the value or APDU being decoded, where it was found.
 */
public class AxdrException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param reason what was wrong, without the offset
     * @param offset byte offset of the fault
     */
    public AxdrException(String reason, int offset) {
        super(reason + " (at byte offset " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /**
     * Returns the byte offset where decoding failed.
     *
     * @return the offset from the start of the decoded unit
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns what was wrong, without the offset.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
