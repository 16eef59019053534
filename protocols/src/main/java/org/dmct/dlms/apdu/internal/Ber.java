package org.dmct.dlms.apdu.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.function.Consumer;
import org.dmct.dlms.axdr.AxdrLength;
import org.dmct.dlms.axdr.internal.AxdrReader;
import org.dmct.dlms.internal.Hex;

/**
 * The little BER that the ACSE APDUs need: single-byte tags, definite lengths (the same forms as
 * A-XDR lengths), INTEGER, OBJECT IDENTIFIER formatting and TLV nesting. Reading works on
 * {@link AxdrReader} slices so offsets stay relative to the start of the APDU.
 */
public final class Ber {

    /** Universal tag INTEGER. */
    public static final int INTEGER = 0x02;
    /** Universal tag OCTET STRING. */
    public static final int OCTET_STRING = 0x04;
    /** Universal tag OBJECT IDENTIFIER. */
    public static final int OBJECT_IDENTIFIER = 0x06;

    private Ber() { }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a TLV whose content is produced by a callback.
     *
     * @param tag the tag byte
     * @param out where to write
     * @param content writes the content into the buffer it is given
     */
    public static void writeTlv(int tag, ByteBuf out, Consumer<ByteBuf> content) {
        ByteBuf tmp = Unpooled.buffer();
        try {
            content.accept(tmp);
            out.writeByte(tag);
            AxdrLength.write(tmp.readableBytes(), out);
            out.writeBytes(tmp);
        } finally {
            tmp.release();
        }
    }

    /**
     * Writes a primitive TLV.
     *
     * @param tag the tag byte
     * @param content the content
     * @param out where to write
     */
    public static void writeTlv(int tag, byte[] content, ByteBuf out) {
        out.writeByte(tag);
        AxdrLength.write(content.length, out);
        out.writeBytes(content);
    }

    /**
     * Returns the shortest two's complement content of an INTEGER.
     *
     * @param value the value
     * @return the content bytes
     */
    public static byte[] integerContent(long value) {
        return BigInteger.valueOf(value).toByteArray();
    }

    // ------------------------------------------------------------------ reading

    /** A decoded tag with its content as a nested reader. */
    public record Tlv(int tag, int offset, AxdrReader content) { }

    /**
     * Reads one TLV.
     *
     * @param in the input
     * @param context what is being read, for messages
     * @return the TLV
     */
    public static Tlv readTlv(AxdrReader in, String context) {
        int at = in.offset();
        int tag = in.readU8("tag in " + context);
        if ((tag & 0x1F) == 0x1F) {
            throw in.errorAt("multi-byte BER tag " + String.format("0x%02X", tag) + " in " + context
                    + " is not supported", at);
        }
        String what = String.format("field 0x%02X of %s", tag, context);
        int len = in.readBoundedLength(what);
        return new Tlv(tag, at, in.slice(len, what));
    }

    /**
     * Reads a TLV that must have the given tag and fill the input.
     *
     * @param in the input
     * @param tag the expected tag
     * @param what what is being read, for messages
     * @return the content
     */
    public static AxdrReader readExpected(AxdrReader in, int tag, String what) {
        Tlv tlv = readTlv(in, what);
        if (tlv.tag() != tag) {
            throw in.errorAt(what + " must have tag " + String.format("0x%02X", tag) + ", got "
                    + String.format("0x%02X", tlv.tag()), tlv.offset());
        }
        in.expectEnd(what);
        return tlv.content();
    }

    /**
     * Reads the content of an INTEGER, at most four bytes.
     *
     * @param content the content reader
     * @param what what is being read
     * @return the value
     */
    public static int readIntegerContent(AxdrReader content, String what) {
        int n = content.remaining();
        if (n < 1 || n > 4) {
            throw content.error(what + " INTEGER must have 1 to 4 content bytes, got " + n);
        }
        int v = content.readI8(what);
        for (int i = 1; i < n; i++) {
            v = (v << 8) | content.readU8(what);
        }
        return v;
    }

    /**
     * Formats the content of an OBJECT IDENTIFIER in dotted form, for messages.
     *
     * @param content the content bytes
     * @return e.g. {@code 2.16.756.5.8.1.1}, or hex if the encoding is broken
     */
    public static String oidToString(byte[] content) {
        StringBuilder sb = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = 0; i < content.length; i++) {
            arc = (arc << 7) | (content[i] & 0x7F);
            if (arc > (1L << 40)) {
                return "(malformed OID " + Hex.format(content) + ")";
            }
            if ((content[i] & 0x80) == 0) {
                if (first) {
                    long x = arc < 80 ? arc / 40 : 2;
                    sb.append(x).append('.').append(arc - 40 * x);
                    first = false;
                } else {
                    sb.append('.').append(arc);
                }
                arc = 0;
            } else if (i == content.length - 1) {
                return "(malformed OID " + Hex.format(content) + ")";
            }
        }
        return sb.toString();
    }
}
