package org.dmct.dlms.internal;

import java.util.HexFormat;

/**
 * Upper-case hex formatting for messages and toString methods, cut short by default so that a
 * large value cannot flood a log line or a failure message.
 */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int MAX_SHOWN = 256;

    private Hex() { }

    /**
     * Formats all bytes.
     *
     * @param bytes the bytes
     * @return upper-case hex, two digits per byte
     */
    public static String format(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Formats at most the first 256 bytes and says how many there were in total.
     *
     * @param bytes the bytes
     * @return upper-case hex, possibly followed by "...(n bytes)"
     */
    public static String abbreviate(byte[] bytes) {
        if (bytes.length <= MAX_SHOWN) {
            return HEX.formatHex(bytes);
        }
        return HEX.formatHex(bytes, 0, MAX_SHOWN) + "...(" + bytes.length + " bytes)";
    }

    /**
     * Formats one byte as {@code 0xNN}.
     *
     * @param b the byte value
     * @return e.g. {@code 0xC4}
     */
    public static String byteHex(int b) {
        return String.format("0x%02X", b & 0xFF);
    }
}
