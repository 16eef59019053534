package org.dmct.dlms.hdlc;

/**
 * The CRC-16/X.25 frame check sequence of IEC 62056-46 (ISO/IEC 13239), used both for the header
 * check sequence (HCS, over the format, address and control fields) and the frame check sequence
 * (FCS, over everything between the flags before it): polynomial x^16 + x^12 + x^5 + 1 processed
 * least significant bit first, initial value 0xFFFF, result complemented, and transmitted least
 * significant byte first.
 */
public final class HdlcChecksum {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private HdlcChecksum() { }

    /**
     * Computes the check sequence of a range of bytes.
     *
     * @param bytes the bytes
     * @param offset where the range starts
     * @param length how many bytes
     * @return the 16-bit check value, as a number (write it with {@link #write})
     */
    public static int compute(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return ~crc & 0xFFFF;
    }

    /**
     * Writes the check sequence of {@code length} bytes at {@code offset} just after them, least
     * significant byte first as the standard requires.
     *
     * @param bytes the frame being built
     * @param offset where the covered range starts
     * @param length how many bytes it covers
     */
    public static void write(byte[] bytes, int offset, int length) {
        int crc = compute(bytes, offset, length);
        bytes[offset + length] = (byte) crc;
        bytes[offset + length + 1] = (byte) (crc >>> 8);
    }

    /**
     * Checks the check sequence that follows a range of bytes.
     *
     * @param bytes the frame
     * @param offset where the covered range starts
     * @param length how many bytes it covers; the two check bytes follow them
     * @return true if they match
     */
    public static boolean matches(byte[] bytes, int offset, int length) {
        return read(bytes, offset + length) == compute(bytes, offset, length);
    }

    /**
     * Reads a check sequence as transmitted (least significant byte first).
     *
     * @param bytes the frame
     * @param at the position of the first check byte
     * @return the value
     */
    public static int read(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }
}
