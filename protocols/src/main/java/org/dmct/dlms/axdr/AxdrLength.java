package org.dmct.dlms.axdr;

import io.netty.buffer.ByteBuf;
import org.dmct.dlms.axdr.internal.AxdrReader;

/**
 * The A-XDR (and BER) length encoding: one byte below 0x80, otherwise 0x80 + n followed by n
 * big-endian length bytes (0x81 xx, 0x82 xx xx, ...). The writer always uses the shortest form;
 * the reader accepts any definite form up to four length bytes and rejects 0x80 (indefinite).
 */
public final class AxdrLength {

    private AxdrLength() { }

    /**
     * Writes a length in its shortest form.
     *
     * @param length the length, not negative
     * @param out where to write
     */
    public static void write(int length, ByteBuf out) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length < 0x80) {
            out.writeByte(length);
        } else if (length <= 0xFF) {
            out.writeByte(0x81).writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(0x82).writeShort(length);
        } else if (length <= 0xFFFFFF) {
            out.writeByte(0x83).writeMedium(length);
        } else {
            out.writeByte(0x84).writeInt(length);
        }
    }

    /**
     * Returns how many bytes {@link #write} uses for a length.
     *
     * @param length the length, not negative
     * @return 1 to 5
     */
    public static int encodedSize(int length) {
        if (length < 0x80) {
            return 1;
        } else if (length <= 0xFF) {
            return 2;
        } else if (length <= 0xFFFF) {
            return 3;
        } else if (length <= 0xFFFFFF) {
            return 4;
        }
        return 5;
    }

    /**
     * Reads a length at the reader index.
     *
     * @param in the buffer; offsets in failures count from its reader index
     * @return the length
     * @throws AxdrException if the form is invalid, truncated or the value exceeds 2^31-1
     */
    public static int read(ByteBuf in) {
        return new AxdrReader(in).readLength("length");
    }
}
