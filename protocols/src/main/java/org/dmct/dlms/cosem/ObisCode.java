package org.dmct.dlms.cosem;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OBIS code (IEC 62056-61): the six value groups A to F that name a COSEM object instance,
 * for example {@code 1-0:1.8.0.255} for the active energy import register. On the wire it is the
 * six-byte logical name; in text it is written {@code A-B:C.D.E.F}. Every group is 0..255.
 *
 * @param a value group A (media)
 * @param b value group B (channel)
 * @param c value group C (physical quantity)
 * @param d value group D (processing)
 * @param e value group E (classification)
 * @param f value group F (billing period, 255 when unused)
 */
public record ObisCode(int a, int b, int c, int d, int e, int f) {

    // The short form without F is accepted because OBIS tables commonly omit a trailing 255.
    private static final Pattern TEXT =
            Pattern.compile("(\\d{1,3})-(\\d{1,3}):(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,3}))?");

    /** Validates every group. */
    public ObisCode {
        check('A', a);
        check('B', b);
        check('C', c);
        check('D', d);
        check('E', e);
        check('F', f);
    }

    private static void check(char group, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(
                    "OBIS value group " + group + " must be 0..255, got " + value);
        }
    }

    /**
     * Parses the textual form {@code A-B:C.D.E.F}; {@code A-B:C.D.E} is also accepted and means F = 255.
     *
     * @param text the OBIS code, e.g. {@code "1-0:1.8.0.255"}
     * @return the code
     * @throws IllegalArgumentException if the text is not an OBIS code or a group exceeds 255
     */
    public static ObisCode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("OBIS code text must not be null");
        }
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an OBIS code: \"" + text
                    + "\" (expected A-B:C.D.E.F with decimal groups 0..255, e.g. 1-0:1.8.0.255)");
        }
        int[] g = new int[6];
        for (int i = 0; i < 6; i++) {
            String s = m.group(i + 1);
            g[i] = s == null ? 255 : Integer.parseInt(s);
            if (g[i] > 255) {
                throw new IllegalArgumentException("not an OBIS code: \"" + text + "\" (value group "
                        + (char) ('A' + i) + " is " + g[i] + ", above 255)");
            }
        }
        return new ObisCode(g[0], g[1], g[2], g[3], g[4], g[5]);
    }

    /**
     * Reads the six-byte logical name.
     *
     * @param bytes exactly six bytes
     * @return the code
     * @throws IllegalArgumentException if the array is not six bytes long
     */
    public static ObisCode fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 6) {
            throw new IllegalArgumentException("an OBIS code is 6 bytes, got "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        return new ObisCode(bytes[0] & 0xFF, bytes[1] & 0xFF, bytes[2] & 0xFF,
                bytes[3] & 0xFF, bytes[4] & 0xFF, bytes[5] & 0xFF);
    }

    /**
     * Returns the six-byte logical name as carried in an instance-id.
     *
     * @return a new six-byte array
     */
    public byte[] toBytes() {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) e, (byte) f};
    }

    /** Returns the textual form {@code A-B:C.D.E.F}. */
    @Override
    public String toString() {
        return a + "-" + b + ":" + c + "." + d + "." + e + "." + f;
    }
}
