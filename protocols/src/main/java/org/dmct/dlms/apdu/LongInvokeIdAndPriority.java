package org.dmct.dlms.apdu;

/**
 * The Long-Invoke-Id-And-Priority (Unsigned32) of a Data-Notification: bits 0-23 the invoke id,
 * bit 28 self-descriptive, bit 29 processing option (1 = break on error), bit 30 service class
 * (1 = confirmed), bit 31 priority (1 = high). Bits 24-27 are reserved and must be zero, so a
 * notification with any of them set is rejected rather than silently renumbered.
 *
 * @param invokeId 0..0xFFFFFF
 * @param selfDescriptive true if the notification body is self-descriptive
 * @param breakOnError true for the "break on error" processing option
 * @param confirmed true for a confirmed service
 * @param highPriority true for high priority
 */
public record LongInvokeIdAndPriority(int invokeId, boolean selfDescriptive, boolean breakOnError,
                                      boolean confirmed, boolean highPriority) {

    private static final long INVOKE_ID_MASK = 0x00FF_FFFFL;
    private static final long RESERVED = 0x0F00_0000L;
    private static final long SELF_DESCRIPTIVE = 0x1000_0000L;
    private static final long BREAK_ON_ERROR = 0x2000_0000L;
    private static final long CONFIRMED = 0x4000_0000L;
    private static final long HIGH_PRIORITY = 0x8000_0000L;

    /** Range check. */
    public LongInvokeIdAndPriority {
        if (invokeId < 0 || invokeId > INVOKE_ID_MASK) {
            throw new IllegalArgumentException("long invoke id must be 0..16777215, got " + invokeId);
        }
    }

    /**
     * An unconfirmed, normal-priority notification, what a server pushing data usually sends.
     *
     * @param invokeId 0..0xFFFFFF
     * @return the value
     */
    public static LongInvokeIdAndPriority of(int invokeId) {
        return new LongInvokeIdAndPriority(invokeId, false, false, false, false);
    }

    /**
     * Decodes the Unsigned32.
     *
     * @param value 0..2^32-1
     * @return the value
     * @throws IllegalArgumentException if a reserved bit (24-27) is set or the value is out of range
     */
    public static LongInvokeIdAndPriority fromLong(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("long-invoke-id-and-priority is an Unsigned32, got " + value);
        }
        if ((value & RESERVED) != 0) {
            throw new IllegalArgumentException(String.format(
                    "long-invoke-id-and-priority 0x%08X has reserved bits 24-27 set", value));
        }
        return new LongInvokeIdAndPriority((int) (value & INVOKE_ID_MASK), (value & SELF_DESCRIPTIVE) != 0,
                (value & BREAK_ON_ERROR) != 0, (value & CONFIRMED) != 0, (value & HIGH_PRIORITY) != 0);
    }

    /**
     * Encodes the Unsigned32.
     *
     * @return 0..2^32-1
     */
    public long toLong() {
        return invokeId | (selfDescriptive ? SELF_DESCRIPTIVE : 0) | (breakOnError ? BREAK_ON_ERROR : 0)
                | (confirmed ? CONFIRMED : 0) | (highPriority ? HIGH_PRIORITY : 0);
    }

    @Override
    public String toString() {
        return "long-invoke-id " + invokeId + (confirmed ? " confirmed" : " unconfirmed")
                + (highPriority ? " high-priority" : "") + (selfDescriptive ? " self-descriptive" : "")
                + (breakOnError ? " break-on-error" : "");
    }
}
