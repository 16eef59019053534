package org.dmct.core.spi;

/**
 * The raw-message hook adapters call for every whole transport unit they send or receive (a wrapper frame, an
 * HDLC frame), exactly as on the wire. The harness writes each call to the evidence log with a timestamp, so the
 * bytes an auditor sees are the bytes that were exchanged. Implementations are thread-safe and never block for
 * long; adapters call it from their event loop.
 */
@FunctionalInterface
public interface FrameRecorder {
    /**
     * @param deviceId the lab id of the device the frame was addressed to or came from
     * @param requestId the request in flight that the frame belongs to, or {@code null} (e.g. a release on close)
     * @param direction sent, received, or received but not decodable
     * @param bytes the frame; not retained by the recorder after the call returns
     * @param note why a received frame was malformed, or other short context; {@code null} when none
     */
    void frame(String deviceId, String requestId, FrameDirection direction, byte[] bytes, String note);

    /** A recorder that keeps nothing, for work that writes no evidence (a lab probe). */
    FrameRecorder DISCARD = (deviceId, requestId, direction, bytes, note) -> { };

    FrameRecorder NONE = (deviceId, requestId, direction, bytes, note) -> { };
}
