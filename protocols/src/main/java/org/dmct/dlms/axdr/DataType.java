package org.dmct.dlms.axdr;

import java.util.Optional;

/**
 * The tags of the COSEM {@code Data} CHOICE that this codec understands. Each value prefixes its
 * A-XDR encoding with this tag; fixed-size types are followed by their bytes, variable-size ones
 * by an A-XDR length first. Compact-array (19) and the deprecated tags are not supported.
 */
public enum DataType {
    /** null-data [0]. */
    NULL_DATA(0, 0),
    /** array [1]: count, then elements. */
    ARRAY(1, -1),
    /** structure [2]: count, then elements. */
    STRUCTURE(2, -1),
    /** boolean [3]: one byte. */
    BOOLEAN(3, 1),
    /** bit-string [4]: bit count, then the bits MSB first. */
    BIT_STRING(4, -1),
    /** double-long [5]: Integer32. */
    DOUBLE_LONG(5, 4),
    /** double-long-unsigned [6]: Unsigned32. */
    DOUBLE_LONG_UNSIGNED(6, 4),
    /** octet-string [9]. */
    OCTET_STRING(9, -1),
    /** visible-string [10]. */
    VISIBLE_STRING(10, -1),
    /** utf8-string [12]. */
    UTF8_STRING(12, -1),
    /** bcd [13]: one byte. */
    BCD(13, 1),
    /** integer [15]: Integer8. */
    INTEGER(15, 1),
    /** long [16]: Integer16. */
    LONG(16, 2),
    /** unsigned [17]: Unsigned8. */
    UNSIGNED(17, 1),
    /** long-unsigned [18]: Unsigned16. */
    LONG_UNSIGNED(18, 2),
    /** long64 [20]: Integer64. */
    LONG64(20, 8),
    /** long64-unsigned [21]: Unsigned64. */
    LONG64_UNSIGNED(21, 8),
    /** enum [22]: one byte. */
    ENUM(22, 1),
    /** float32 [23]: IEEE 754 single. */
    FLOAT32(23, 4),
    /** float64 [24]: IEEE 754 double. */
    FLOAT64(24, 8),
    /** date-time [25]: 12 bytes. */
    DATE_TIME(25, 12),
    /** date [26]: 5 bytes. */
    DATE(26, 5),
    /** time [27]: 4 bytes. */
    TIME(27, 4);

    private static final DataType[] BY_TAG = new DataType[256];

    static {
        for (DataType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    private final int tag;
    private final int fixedLength;

    DataType(int tag, int fixedLength) {
        this.tag = tag;
        this.fixedLength = fixedLength;
    }

    /**
     * Returns the tag byte.
     *
     * @return the tag, 0..27
     */
    public int tag() {
        return tag;
    }

    /**
     * Returns the number of content bytes after the tag for fixed-size types.
     *
     * @return the length, or -1 when the type carries a length or count
     */
    public int fixedLength() {
        return fixedLength;
    }

    /**
     * Looks up a tag.
     *
     * @param tag the tag byte
     * @return the type
     * @throws IllegalArgumentException if the tag is not one this codec understands
     */
    public static DataType fromTag(int tag) {
        return lookup(tag).orElseThrow(() -> new IllegalArgumentException("unknown A-XDR data tag " + tag));
    }

    /**
     * Looks up a tag without failing.
     *
     * @param tag the tag byte
     * @return the type, empty if unknown
     */
    public static Optional<DataType> lookup(int tag) {
        return tag < 0 || tag > 255 ? Optional.empty() : Optional.ofNullable(BY_TAG[tag]);
    }
}
