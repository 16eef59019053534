package org.dmct.dlms.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * A DLMS system title: 8 bytes that name a device or client, conventionally the 3-letter FLAG
 * manufacturer id followed by a 5-byte device id. It is half of every AES-GCM nonce (system title
 * || invocation counter), and the calling/responding AP title of a ciphered association. It is
 * public, so {@code toString} shows it.
 */
public final class SystemTitle {

    /** Length in bytes. */
    public static final int LENGTH = 8;

    private final byte[] bytes;

    private SystemTitle(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes exactly 8 bytes
     * @return the title
     */
    public static SystemTitle of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a system title is 8 bytes, got " + bytes.length);
        }
        return new SystemTitle(bytes.clone());
    }

    /**
     * Builds the usual form: 3 ASCII letters and a 5-byte big-endian device id.
     *
     * @param manufacturer 3 ASCII characters, e.g. "ABC"
     * @param deviceId 0..2^40-1
     * @return the title
     */
    public static SystemTitle of(String manufacturer, long deviceId) {
        Objects.requireNonNull(manufacturer, "manufacturer");
        byte[] m = manufacturer.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 3 || !manufacturer.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("manufacturer id must be 3 ASCII characters, got '" + manufacturer + "'");
        }
        if (deviceId < 0 || deviceId > 0xFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("device id must fit 5 bytes, got " + deviceId);
        }
        byte[] b = new byte[LENGTH];
        System.arraycopy(m, 0, b, 0, 3);
        for (int i = 0; i < 5; i++) {
            b[7 - i] = (byte) (deviceId >>> (8 * i));
        }
        return new SystemTitle(b);
    }

    /** @return a copy of the 8 bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the first 3 bytes as ASCII (may be non-printable for titles that do not follow the convention) */
    public String manufacturer() {
        return new String(bytes, 0, 3, StandardCharsets.US_ASCII);
    }

    /** @return the last 5 bytes as an unsigned number */
    public long deviceId() {
        long id = 0;
        for (int i = 3; i < LENGTH; i++) {
            id = (id << 8) | (bytes[i] & 0xFF);
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SystemTitle t && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex, followed by the manufacturer and id when the first three bytes are printable letters. */
    @Override
    public String toString() {
        boolean letters = true;
        for (int i = 0; i < 3; i++) {
            letters &= bytes[i] >= 'A' && bytes[i] <= 'Z' || bytes[i] >= 'a' && bytes[i] <= 'z';
        }
        return Hex.format(bytes) + (letters ? " (" + manufacturer() + " " + deviceId() + ")" : "");
    }
}
