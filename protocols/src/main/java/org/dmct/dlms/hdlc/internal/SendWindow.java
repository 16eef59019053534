package org.dmct.dlms.hdlc.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The transmit side of one data link: the segments of the APDU being sent, numbered modulo 8
 * from V(A), the oldest unacknowledged N(S). Segments stay here until the peer's N(R) covers
 * them, so that an N(R) behind V(S) can be answered by sending them again with the same numbers.
 *
 * @param <T> what the caller attaches to the last segment of an APDU (e.g. its write promise)
 */
public final class SendWindow<T> {

    /** One I-frame's worth of an APDU. */
    public static final class Segment<T> {
        private final byte[] information;
        private final boolean segmented;
        private T attachment;

        Segment(byte[] information, boolean segmented, T attachment) {
            this.information = information;
            this.segmented = segmented;
            this.attachment = attachment;
        }

        /** @return the information field */
        public byte[] information() {
            return information;
        }

        /** @return true unless this is the last segment of its APDU */
        public boolean segmented() {
            return segmented;
        }

        /**
         * Hands out the attachment once: on the first transmission, not on a retransmission.
         *
         * @return the attachment, or null
         */
        public T takeAttachment() {
            T a = attachment;
            attachment = null;
            return a;
        }
    }

    /**
     * A segment with the N(S) it is sent under.
     *
     * @param sendSequence N(S)
     * @param segment the segment
     * @param <T> attachment type
     */
    public record Numbered<T>(int sendSequence, Segment<T> segment) { }

    private final List<Segment<T>> pending = new ArrayList<>();
    private int acknowledged;
    private int sent;

    /**
     * Splits an APDU (LLC header included) into segments.
     *
     * @param bytes the bytes to send
     * @param maxInformation the negotiated transmit maximum
     * @param attachment given back with the last segment's first transmission
     */
    public void add(byte[] bytes, int maxInformation, T attachment) {
        int at = 0;
        do {
            int n = Math.min(maxInformation, bytes.length - at);
            byte[] piece = new byte[n];
            System.arraycopy(bytes, at, piece, 0, n);
            at += n;
            boolean last = at >= bytes.length;
            pending.add(new Segment<>(piece, !last, last ? attachment : null));
        } while (at < bytes.length);
    }

    /** @return true if nothing is waiting or unacknowledged */
    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** @return true if some segments have not been sent since the last rewind */
    public boolean hasUnsent() {
        return sent < pending.size();
    }

    /** @return true if some sent segments are not acknowledged yet */
    public boolean hasUnacknowledged() {
        return sent > 0;
    }

    /** @return V(S), the N(S) of the next new frame */
    public int sendState() {
        return (acknowledged + sent) & 7;
    }

    /**
     * Takes the segments that may be sent now without exceeding the window of unacknowledged frames.
     *
     * @param window the peer's receive window
     * @return the segments, possibly none
     */
    public List<Numbered<T>> nextWindow(int window) {
        List<Numbered<T>> out = new ArrayList<>();
        int limit = Math.min(pending.size(), window);
        while (sent < limit) {
            out.add(new Numbered<>((acknowledged + sent) & 7, pending.get(sent)));
            sent++;
        }
        return out;
    }

    /**
     * Applies the peer's N(R): every segment before it is delivered.
     *
     * @param receiveSequence N(R)
     * @return false if N(R) is not between V(A) and V(S), i.e. acknowledges a frame never sent
     */
    public boolean acknowledge(int receiveSequence) {
        int count = (receiveSequence - acknowledged) & 7;
        if (count > sent) {
            return false;
        }
        pending.subList(0, count).clear();
        acknowledged = receiveSequence & 7;
        sent -= count;
        return true;
    }

    /**
     * @param receiveSequence N(R)
     * @return how many frames it would newly acknowledge (valid N(R) only)
     */
    public int newlyAcknowledged(int receiveSequence) {
        return (receiveSequence - acknowledged) & 7;
    }

    /** Takes every segment sent so far as delivered (the peer has answered the APDU they carried). */
    public void acknowledgeSent() {
        pending.subList(0, sent).clear();
        acknowledged = (acknowledged + sent) & 7;
        sent = 0;
    }

    /** Sends every unacknowledged segment again, from V(A), on the next {@link #nextWindow}. */
    public void rewind() {
        sent = 0;
    }

    /**
     * Empties the window and resets the numbering (a new link).
     *
     * @return the attachments not yet handed out
     */
    public List<T> reset() {
        List<T> left = new ArrayList<>();
        for (Segment<T> s : pending) {
            T a = s.takeAttachment();
            if (a != null) {
                left.add(a);
            }
        }
        pending.clear();
        acknowledged = 0;
        sent = 0;
        return left;
    }
}
