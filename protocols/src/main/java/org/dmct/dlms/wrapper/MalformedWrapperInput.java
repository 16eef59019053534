package org.dmct.dlms.wrapper;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The message {@link WrapperFrameDecoder} passes down the pipeline instead of a frame when the
 * input cannot be framed: a header with the wrong version or a length above the limit, or a
 * frame cut short by the connection closing. It carries the bytes as received and the reason,
 * so the failure can be recorded and shown; it is a message rather than an exception so that it
 * reaches the handler that owns the request in order, like any frame.
 *
 * @param bytes the bytes as received
 * @param reason what was wrong
 */
public record MalformedWrapperInput(byte[] bytes, String reason) {

    /** Copies the bytes. */
    public MalformedWrapperInput {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        Objects.requireNonNull(reason, "reason");
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MalformedWrapperInput m && Arrays.equals(m.bytes, bytes) && m.reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + reason.hashCode();
    }

    @Override
    public String toString() {
        return "MalformedWrapperInput[" + reason + "; " + bytes.length + " bytes " + Hex.abbreviate(bytes) + "]";
    }
}
