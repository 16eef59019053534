package org.dmct.dlms.apdu;

/**
 * The Invoke-Id-And-Priority byte of every LN service APDU: bits 0-3 the invoke id that pairs a
 * response with its request, bit 6 the service class (1 = confirmed), bit 7 the priority
 * (1 = high). Bits 4-5 are reserved and must be zero.
 *
 * @param invokeId 0..15
 * @param confirmed true for a confirmed service
 * @param highPriority true for high priority
 */
public record InvokeIdAndPriority(int invokeId, boolean confirmed, boolean highPriority) {

    private static final int CONFIRMED = 0x40;
    private static final int HIGH_PRIORITY = 0x80;
    private static final int RESERVED = 0x30;

    /** Range check. */
    public InvokeIdAndPriority {
        if (invokeId < 0 || invokeId > 15) {
            throw new IllegalArgumentException("invoke id must be 0..15, got " + invokeId);
        }
    }

    /**
     * A confirmed, normal-priority invocation, what a client usually sends.
     *
     * @param invokeId 0..15
     * @return the value
     */
    public static InvokeIdAndPriority of(int invokeId) {
        return new InvokeIdAndPriority(invokeId, true, false);
    }

    /**
     * Decodes the byte.
     *
     * @param value the byte, 0..255
     * @return the value
     * @throws IllegalArgumentException if a reserved bit (4 or 5) is set
     */
    public static InvokeIdAndPriority fromByte(int value) {
        int v = value & 0xFF;
        if ((v & RESERVED) != 0) {
            throw new IllegalArgumentException(String.format(
                    "invoke-id-and-priority 0x%02X has reserved bits 4-5 set", v));
        }
        return new InvokeIdAndPriority(v & 0x0F, (v & CONFIRMED) != 0, (v & HIGH_PRIORITY) != 0);
    }

    /**
     * Encodes the byte.
     *
     * @return 0..255
     */
    public int toByte() {
        return invokeId | (confirmed ? CONFIRMED : 0) | (highPriority ? HIGH_PRIORITY : 0);
    }

    @Override
    public String toString() {
        return "invoke-id " + invokeId + (confirmed ? " confirmed" : " unconfirmed")
                + (highPriority ? " high-priority" : "");
    }
}
