package org.dmct.dlms.wrapper;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;
import org.dmct.dlms.RawFrameListener;

/**
 * Splits a TCP byte stream into {@link WrapperFrame}s, however the bytes are fragmented or
 * coalesced, and reports each whole unit (header and payload, exactly as received) to a
 * {@link RawFrameListener}.
 *
 * <p>Malformed input never raises an exception into the pipeline. A header whose version is not
 * 0x0001, or whose length exceeds the configured maximum, produces one {@link MalformedWrapperInput}
 * holding the bytes buffered at that moment; since a TCP stream has no frame delimiter, the
 * decoder cannot find the next header, so it then discards everything that follows on the
 * connection (each discarded chunk still goes to the listener's {@code malformedFrameReceived},
 * so nothing is lost from the record). If the connection closes mid-frame, the partial frame is
 * likewise passed on as {@code MalformedWrapperInput}. What to do with the connection (usually
 * close it) is up to the handler that receives the failure. A wrong version is detected as soon
 * as two bytes have arrived, so a peer speaking another protocol does not leave us waiting.
 */
public class WrapperFrameDecoder extends ByteToMessageDecoder {

    private final int maxPayloadLength;
    private final RawFrameListener listener;
    private boolean broken;
    private long discardedBytes;

    /** A decoder accepting payloads up to 65535 bytes, with no listener. */
    public WrapperFrameDecoder() {
        this(WrapperFrame.MAX_PAYLOAD_LENGTH, RawFrameListener.NO_OP);
    }

    /**
     * @param maxPayloadLength largest payload accepted, 0..65535 (typically the negotiated PDU size)
     * @param listener sees every unit received
     */
    public WrapperFrameDecoder(int maxPayloadLength, RawFrameListener listener) {
        if (maxPayloadLength < 0 || maxPayloadLength > WrapperFrame.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("max payload length must be 0..65535, got " + maxPayloadLength);
        }
        this.maxPayloadLength = maxPayloadLength;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            discard(in);
            return;
        }
        while (true) {
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int start = in.readerIndex();
            int version = in.getUnsignedShort(start);
            if (version != WrapperFrame.VERSION) {
                fail(in, String.format("wrapper version 0x%04X is not 0x0001", version), out);
                return;
            }
            if (readable < WrapperFrame.HEADER_LENGTH) {
                return;
            }
            int length = in.getUnsignedShort(start + 6);
            if (length > maxPayloadLength) {
                fail(in, "wrapper payload length " + length + " exceeds the maximum of " + maxPayloadLength, out);
                return;
            }
            if (readable < WrapperFrame.HEADER_LENGTH + length) {
                return;
            }
            byte[] unit = new byte[WrapperFrame.HEADER_LENGTH + length];
            in.readBytes(unit);
            byte[] payload = new byte[length];
            System.arraycopy(unit, WrapperFrame.HEADER_LENGTH, payload, 0, length);
            WrapperFrame frame = new WrapperFrame(version, ((unit[2] & 0xFF) << 8) | (unit[3] & 0xFF),
                    ((unit[4] & 0xFF) << 8) | (unit[5] & 0xFF), payload);
            out.add(frame);
            listener.frameReceived(unit);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!broken && in.isReadable()) {
            int readable = in.readableBytes();
            String reason = readable < WrapperFrame.HEADER_LENGTH
                    ? "connection closed after " + readable + " of the 8 wrapper header bytes"
                    : "connection closed after " + (readable - WrapperFrame.HEADER_LENGTH) + " of the "
                      + in.getUnsignedShort(in.readerIndex() + 6) + " payload bytes the wrapper header announced";
            fail(in, reason, out);
        }
    }

    private void fail(ByteBuf in, String reason, List<Object> out) {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        broken = true;
        out.add(new MalformedWrapperInput(bytes, reason));
        listener.malformedFrameReceived(bytes.clone(), reason);
    }

    private void discard(ByteBuf in) {
        int n = in.readableBytes();
        if (n == 0) {
            return;
        }
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        discardedBytes += n;
        listener.malformedFrameReceived(bytes, "discarded: the stream cannot be resynchronised after a malformed wrapper header");
    }

    /**
     * @return true once malformed input was seen; from then on all input is discarded
     */
    public boolean isBroken() {
        return broken;
    }

    /**
     * @return how many bytes were discarded after the malformed input
     */
    public long discardedBytes() {
        return discardedBytes;
    }
}
