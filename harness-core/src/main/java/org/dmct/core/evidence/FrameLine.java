package org.dmct.core.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a frame record's evidence line straight into a reused byte buffer, the bytes Jackson writes for the same
 * record through {@link EvidenceJson}'s mapper: {@code {"seq":N,"time":"...","type":"frame","requestId":...,"dmc":...,
 * "device":...,"direction":...,"hex":"...","length":N,"note":...,"prev":"..."}}. A run records every frame, so a
 * tree of JSON nodes, a hex string and a fresh array per frame were most of what evidence cost; here the hex digits
 * go into the buffer as they are computed. Only text of ASCII characters is written this way ({@link #fits}); the
 * caller writes any other record through Jackson, so the two encodings never have to agree on UTF-8 corner cases.
 * Confined to the evidence writer's thread.
 */
final class FrameLine {
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Jackson's escapes for control characters use upper-case hex. */
    private static final byte[] ESCAPE_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer = new byte[1024];
    private int length;

    /** True when every text field is null or ASCII, which this class writes exactly as Jackson does. */
    static boolean fits(String... texts) {
        for (String text : texts) {
            if (text != null) {
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) >= 0x80) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Encodes one frame record; the line (without its newline) is then {@link #bytes()}[0, {@link #length()}).
     * Every text must pass {@link #fits}.
     */
    void encode(long seq, String time, String requestId, String dmc, String device, String direction, byte[] frame,
                String note, String prev) {
        length = 0;
        ascii("{\"seq\":");
        ascii(Long.toString(seq));
        ascii(",\"time\":");
        text(time);
        ascii(",\"type\":\"" + EvidenceTypes.FRAME + "\",\"requestId\":");
        text(requestId);
        ascii(",\"dmc\":");
        text(dmc);
        ascii(",\"device\":");
        text(device);
        ascii(",\"direction\":");
        text(direction);
        ascii(",\"hex\":\"");
        hex(frame);
        ascii("\",\"length\":");
        ascii(Integer.toString(frame.length));
        ascii(",\"note\":");
        text(note);
        ascii(",\"prev\":");
        text(prev);
        put((byte) '}');
    }

    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    /** Text known to need no escaping (field names, numbers, punctuation). */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
    }

    /** A JSON string (or null) with Jackson's escapes: quote, backslash, and control characters. */
    private void text(String s) {
        if (s == null) {
            ensure(NULL.length);
            System.arraycopy(NULL, 0, buffer, length, NULL.length);
            length += NULL.length;
            return;
        }
        ensure(s.length() * 6 + 2);
        buffer[length++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                buffer[length++] = (byte) c;
                continue;
            }
            buffer[length++] = '\\';
            switch (c) {
                case '"' -> buffer[length++] = '"';
                case '\\' -> buffer[length++] = '\\';
                case '\b' -> buffer[length++] = 'b';
                case '\t' -> buffer[length++] = 't';
                case '\f' -> buffer[length++] = 'f';
                case '\n' -> buffer[length++] = 'n';
                case '\r' -> buffer[length++] = 'r';
                default -> {
                    buffer[length++] = 'u';
                    buffer[length++] = '0';
                    buffer[length++] = '0';
                    buffer[length++] = ESCAPE_DIGITS[c >> 4];
                    buffer[length++] = ESCAPE_DIGITS[c & 0x0F];
                }
            }
        }
        buffer[length++] = '"';
    }

    private void hex(byte[] bytes) {
        ensure(bytes.length * 2);
        for (byte b : bytes) {
            buffer[length++] = HEX_DIGITS[(b >> 4) & 0x0F];
            buffer[length++] = HEX_DIGITS[b & 0x0F];
        }
    }
}
