package org.dmct.dlms.hdlc;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The message an HDLC link handler passes up the pipeline when the data link, rather than one
 * frame, fails: the server refused the connection (DM) or rejected a frame (FRMR), did not answer
 * within the response timeout after the allowed retries, or broke the sequence-number rules.
 * It carries the reason and the bytes of the frame that caused it (empty when the cause is
 * silence). Writes that were waiting on the link have been failed with the same reason. After a
 * failure on the client the link is down: further writes fail at once.
 *
 * @param reason what happened, naming the frame type where one caused it
 * @param bytes the offending frame as received, or empty
 */
public record HdlcLinkFailure(String reason, byte[] bytes) {

    /** How the reason of a failure caused by the server's silence begins. */
    public static final String SILENCE = "no answer from the server";

    /** Copies the bytes. */
    public HdlcLinkFailure {
        Objects.requireNonNull(reason, "reason");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /**
     * @return true if the server sent nothing acceptable within the response timeout and its retries, so that a
     *         caller can tell a silent device from one that answered wrongly
     */
    public boolean isSilence() {
        return bytes.length == 0 && reason.startsWith(SILENCE);
    }

    /** @return a copy of the bytes */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcLinkFailure f && f.reason.equals(reason) && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * reason.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "HdlcLinkFailure[" + reason + (bytes.length > 0 ? "; frame " + Hex.abbreviate(bytes) : "") + "]";
    }
}
