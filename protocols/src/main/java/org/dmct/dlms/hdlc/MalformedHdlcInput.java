package org.dmct.dlms.hdlc;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The message {@link HdlcFrameDecoder} passes up the pipeline instead of a frame when bytes
 * cannot be taken as a frame: bytes outside any flag, a wrong format type, a length beyond the
 * limit or without a closing flag where it points, a bad HCS or FCS, an undefined control field,
 * a malformed address, a frame cut short by the inter-frame timeout or the connection closing.
 * The link handlers use it too for a well-formed frame that makes no sense where it arrived (a
 * frame between other addresses, a command sent to the client, UA when no SNRM was sent), so that
 * nothing received is dropped unreported. It carries the reason, the offset in the bytes where the
 * problem was found and the bytes as received (flags included where there were any). It is a message rather than an exception so
 * that it reaches, in order, the handler that owns the exchange.
 *
 * @param reason what was wrong
 * @param offset where in {@code bytes} the problem was found
 * @param bytes the bytes as received
 */
public record MalformedHdlcInput(String reason, int offset, byte[] bytes) {

    /** Copies the bytes. */
    public MalformedHdlcInput {
        Objects.requireNonNull(reason, "reason");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MalformedHdlcInput m && m.reason.equals(reason) && m.offset == offset
                && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, offset, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "MalformedHdlcInput[" + reason + " (at byte offset " + offset + "); " + bytes.length + " bytes "
                + Hex.abbreviate(bytes) + "]";
    }
}
