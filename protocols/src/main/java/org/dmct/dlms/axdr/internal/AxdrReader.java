package org.dmct.dlms.axdr.internal;

import io.netty.buffer.ByteBuf;
import org.dmct.dlms.axdr.AxdrException;

/**
 * Bounds-checked reader over a {@link ByteBuf} that reports every shortfall as an
 * {@link AxdrException} with an offset relative to the start of the outermost unit being
 * decoded, also when reading nested slices (BER TLVs inside an AARQ, for example). Every read
 * names what it was reading, so the failure says "truncated double-long-unsigned" rather than
 * just "index out of bounds".
 */
public final class AxdrReader {

    private final ByteBuf buf;
    private final int startIndex;
    private final int startOffset;

    /**
     * Reads from the buffer's reader index, which becomes offset 0.
     *
     * @param buf the input
     */
    public AxdrReader(ByteBuf buf) {
        this(buf, 0);
    }

    private AxdrReader(ByteBuf buf, int startOffset) {
        this.buf = buf;
        this.startIndex = buf.readerIndex();
        this.startOffset = startOffset;
    }

    /**
     * Returns the offset of the next byte from the start of the outermost unit.
     *
     * @return the offset
     */
    public int offset() {
        return startOffset + buf.readerIndex() - startIndex;
    }

    /**
     * Returns the bytes left in this reader.
     *
     * @return the count
     */
    public int remaining() {
        return buf.readableBytes();
    }

    /**
     * Tells whether bytes are left.
     *
     * @return true if at least one byte remains
     */
    public boolean hasRemaining() {
        return buf.isReadable();
    }

    /**
     * Creates a failure at the current offset.
     *
     * @param reason what was wrong
     * @return the exception, for the caller to throw
     */
    public AxdrException error(String reason) {
        return new AxdrException(reason, offset());
    }

    /**
     * Creates a failure at a given offset.
     *
     * @param reason what was wrong
     * @param offset where
     * @return the exception, for the caller to throw
     */
    public AxdrException errorAt(String reason, int offset) {
        return new AxdrException(reason, offset);
    }

    private void need(int n, String what) {
        if (buf.readableBytes() < n) {
            throw error("truncated " + what + ": needs " + n + " byte" + (n == 1 ? "" : "s") + ", "
                    + buf.readableBytes() + " left");
        }
    }

    /**
     * Returns the next byte without consuming it.
     *
     * @param what name of the field, for the failure message
     * @return the byte, 0..255
     */
    public int peekU8(String what) {
        need(1, what);
        return buf.getUnsignedByte(buf.readerIndex());
    }

    /**
     * Reads an unsigned byte.
     *
     * @param what name of the field
     * @return 0..255
     */
    public int readU8(String what) {
        need(1, what);
        return buf.readUnsignedByte();
    }

    /**
     * Reads a signed byte.
     *
     * @param what name of the field
     * @return -128..127
     */
    public int readI8(String what) {
        need(1, what);
        return buf.readByte();
    }

    /**
     * Reads a big-endian unsigned 16-bit value.
     *
     * @param what name of the field
     * @return 0..65535
     */
    public int readU16(String what) {
        need(2, what);
        return buf.readUnsignedShort();
    }

    /**
     * Reads a big-endian signed 16-bit value.
     *
     * @param what name of the field
     * @return the value
     */
    public int readI16(String what) {
        need(2, what);
        return buf.readShort();
    }

    /**
     * Reads a big-endian unsigned 32-bit value.
     *
     * @param what name of the field
     * @return 0..2^32-1
     */
    public long readU32(String what) {
        need(4, what);
        return buf.readUnsignedInt();
    }

    /**
     * Reads a big-endian signed 32-bit value.
     *
     * @param what name of the field
     * @return the value
     */
    public int readI32(String what) {
        need(4, what);
        return buf.readInt();
    }

    /**
     * Reads a big-endian 64-bit value.
     *
     * @param what name of the field
     * @return the value (callers treat it as signed or unsigned)
     */
    public long readI64(String what) {
        need(8, what);
        return buf.readLong();
    }

    /**
     * Reads a number of bytes.
     *
     * @param n how many
     * @param what name of the field
     * @return a new array
     */
    public byte[] readBytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        buf.readBytes(b);
        return b;
    }

    /**
     * Reads the remaining bytes.
     *
     * @return a new array, possibly empty
     */
    public byte[] readRest() {
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    /**
     * Reads an A-XDR/BER definite length (short form or 0x81..0x84 long form).
     *
     * @param what name of the field whose length this is
     * @return the length
     */
    public int readLength(String what) {
        int at = offset();
        int first = readU8("length of " + what);
        if (first < 0x80) {
            return first;
        }
        if (first == 0x80) {
            throw errorAt("indefinite length form 0x80 for " + what + " is not allowed", at);
        }
        int n = first & 0x7F;
        if (n > 4) {
            throw errorAt("length of " + what + " uses " + n + " length bytes (0x"
                    + Integer.toHexString(first).toUpperCase() + "); at most 4 are supported", at);
        }
        need(n, "length of " + what);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | buf.readUnsignedByte();
        }
        if (value > Integer.MAX_VALUE) {
            throw errorAt("length of " + what + " is " + value + ", beyond any possible input", at);
        }
        return (int) value;
    }

    /**
     * Reads a length and checks that that many bytes (or elements of at least one byte) are left.
     *
     * @param what name of the field
     * @return the length
     */
    public int readBoundedLength(String what) {
        int at = offset();
        int len = readLength(what);
        if (len > remaining()) {
            throw errorAt(what + " claims " + len + " bytes but only " + remaining() + " follow", at);
        }
        return len;
    }

    /**
     * Consumes the next n bytes as a nested reader whose offsets continue this reader's.
     *
     * @param n length of the slice, already checked against {@link #remaining()}
     * @param what name of the field, for truncation messages
     * @return the nested reader
     */
    public AxdrReader slice(int n, String what) {
        need(n, what);
        int at = offset();
        return new AxdrReader(buf.readSlice(n), at);
    }

    /**
     * Fails if any byte is left, naming the unit that should have ended.
     *
     * @param what the unit just decoded
     */
    public void expectEnd(String what) {
        if (buf.isReadable()) {
            throw error(buf.readableBytes() + " trailing byte" + (buf.readableBytes() == 1 ? "" : "s")
                    + " after the " + what);
        }
    }
}
