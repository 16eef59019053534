package org.dmct.dlms.apdu;

/**
 * The bits of the xDLMS conformance block, numbered as in the Green Book: bit 0 is the most
 * significant bit of the first of the three bytes. The reserved bits are listed too so that a
 * decoded block can be re-encoded without losing anything.
 */
public enum ConformanceBit {
    /** Bit 0, reserved. */
    RESERVED_ZERO(0),
    /** Bit 1. */
    GENERAL_PROTECTION(1),
    /** Bit 2. */
    GENERAL_BLOCK_TRANSFER(2),
    /** Bit 3 (SN referencing). */
    READ(3),
    /** Bit 4 (SN referencing). */
    WRITE(4),
    /** Bit 5 (SN referencing). */
    UNCONFIRMED_WRITE(5),
    /** Bit 6. */
    DELTA_VALUE_ENCODING(6),
    /** Bit 7, reserved. */
    RESERVED_SEVEN(7),
    /** Bit 8. */
    ATTRIBUTE0_SUPPORTED_WITH_SET(8),
    /** Bit 9. */
    PRIORITY_MGMT_SUPPORTED(9),
    /** Bit 10. */
    ATTRIBUTE0_SUPPORTED_WITH_GET(10),
    /** Bit 11. */
    BLOCK_TRANSFER_WITH_GET_OR_READ(11),
    /** Bit 12. */
    BLOCK_TRANSFER_WITH_SET_OR_WRITE(12),
    /** Bit 13. */
    BLOCK_TRANSFER_WITH_ACTION(13),
    /** Bit 14. */
    MULTIPLE_REFERENCES(14),
    /** Bit 15 (SN referencing). */
    INFORMATION_REPORT(15),
    /** Bit 16. */
    DATA_NOTIFICATION(16),
    /** Bit 17. */
    ACCESS(17),
    /** Bit 18 (SN referencing). */
    PARAMETERIZED_ACCESS(18),
    /** Bit 19. */
    GET(19),
    /** Bit 20. */
    SET(20),
    /** Bit 21. */
    SELECTIVE_ACCESS(21),
    /** Bit 22. */
    EVENT_NOTIFICATION(22),
    /** Bit 23. */
    ACTION(23);

    private final int bit;

    ConformanceBit(int bit) {
        this.bit = bit;
    }

    /**
     * Returns the bit number.
     *
     * @return 0..23, 0 being the most significant bit of the 24
     */
    public int bit() {
        return bit;
    }

    /**
     * Returns this bit's mask in the 24-bit value.
     *
     * @return the mask
     */
    public int mask() {
        return 1 << (23 - bit);
    }
}
