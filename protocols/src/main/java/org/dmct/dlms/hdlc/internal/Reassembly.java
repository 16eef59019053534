package org.dmct.dlms.hdlc.internal;

import java.io.ByteArrayOutputStream;

/**
 * Collects the segments of one APDU received in I- or UI-frames with the segmentation bit, up to
 * a bound (an xDLMS APDU is at most 65535 bytes, plus the LLC header), beyond which the APDU is
 * reported as too long instead of buffering without limit.
 */
public final class Reassembly {

    /** The longest APDU with its LLC header. */
    public static final int MAX_BYTES = 0xFFFF + 3;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long total;

    /** @param segment the next segment */
    public void append(byte[] segment) {
        total += segment.length;
        if (total <= MAX_BYTES) {
            buffer.writeBytes(segment);
        }
    }

    /** @return true if the APDU exceeded {@link #MAX_BYTES} */
    public boolean overflowed() {
        return total > MAX_BYTES;
    }

    /** @return bytes received so far (all of them, even past the bound) */
    public long total() {
        return total;
    }

    /** @return the bytes collected, and start afresh */
    public byte[] take() {
        byte[] out = buffer.toByteArray();
        buffer.reset();
        total = 0;
        return out;
    }

    /** Drops what was collected. */
    public void clear() {
        buffer.reset();
        total = 0;
    }
}
