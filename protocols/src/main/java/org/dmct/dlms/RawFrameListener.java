package org.dmct.dlms;

/**
 * Observer of every whole transport unit exactly as it crossed the wire, in both directions,
 * including input that could not be framed. Transport codecs call it on the channel's event
 * loop; an implementation that records evidence must therefore be quick or hand the bytes off.
 * The arrays passed are private copies that the listener may keep. All methods default to doing
 * nothing, so an implementation only overrides what it cares about; {@link #NO_OP} is the
 * listener used when none is given. A listener that throws does not lose the frame (it has
 * already been passed on), but the exception reaches the pipeline's exceptionCaught on receipt
 * and fails the write on sending, so that a broken evidence recorder is not silently ignored.
 */
public interface RawFrameListener {

    /** A listener that ignores everything; the default of every codec that takes a listener. */
    RawFrameListener NO_OP = new RawFrameListener() { };

    /**
     * Called with a complete transport unit (header and payload) as it is written to the wire.
     *
     * @param frame the exact bytes handed to the transport
     */
    default void frameSent(byte[] frame) { }

    /**
     * Called with a complete, well-formed transport unit as it was read from the wire.
     *
     * @param frame the exact bytes received
     */
    default void frameReceived(byte[] frame) { }

    /**
     * Called with input that could not be framed, together with the reason.
     *
     * @param bytes the bytes as received
     * @param reason what was wrong with them
     */
    default void malformedFrameReceived(byte[] bytes, String reason) { }
}
