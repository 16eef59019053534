package org.dmct.dlms.axdr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.dmct.dlms.axdr.internal.AxdrDataCodec;
import org.dmct.dlms.axdr.internal.AxdrReader;

/**
 * Encodes and decodes single COSEM {@code Data} values in A-XDR. Decoding is defensive: every
 * length and count is checked against the bytes actually present before anything is allocated,
 * nesting depth and the total number of values are bounded by {@link AxdrLimits}, and every fault
 * surfaces as an {@link AxdrException} naming the problem and its byte offset.
 */
public final class AxdrCodec {

    private AxdrCodec() { }

    /**
     * Appends the encoding of a value (tag and content).
     *
     * @param data the value
     * @param out where to write
     */
    public static void encode(DlmsData data, ByteBuf out) {
        AxdrDataCodec.encode(data, out);
    }

    /**
     * Encodes a value into a new array.
     *
     * @param data the value
     * @return tag and content
     */
    public static byte[] encode(DlmsData data) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encode(data, buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /**
     * Reads exactly one value from the reader index, leaving any following bytes unread.
     * Offsets in failures count from the reader index at the call; on failure the reader index
     * is restored so the caller can report the bytes.
     *
     * @param in the input
     * @return the value
     * @throws AxdrException on malformed input
     */
    public static DlmsData decode(ByteBuf in) {
        return decode(in, AxdrLimits.DEFAULT);
    }

    /**
     * Reads exactly one value with explicit bounds.
     *
     * @param in the input
     * @param limits depth and element bounds
     * @return the value
     * @throws AxdrException on malformed input or exceeded bounds
     */
    public static DlmsData decode(ByteBuf in, AxdrLimits limits) {
        int start = in.readerIndex();
        try {
            return new AxdrDataCodec(limits).decode(new AxdrReader(in));
        } catch (AxdrException e) {
            in.readerIndex(start);
            throw e;
        }
    }

    /**
     * Decodes an array that must hold exactly one value and nothing after it.
     *
     * @param bytes the encoding
     * @return the value
     * @throws AxdrException on malformed input, including trailing bytes
     */
    public static DlmsData decode(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        AxdrReader reader = new AxdrReader(buf);
        DlmsData data = new AxdrDataCodec(AxdrLimits.DEFAULT).decode(reader);
        reader.expectEnd(data.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " value");
        return data;
    }
}
