package org.dmct.dlms.hdlc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.hdlc.internal.HdlcFrameParser;

/**
 * Splits a byte stream into {@link HdlcFrame}s delimited by 0x7E flags, however the bytes are
 * fragmented or coalesced, and reports each whole frame (flags included, exactly as received) to
 * a {@link RawFrameListener}. IEC 62056-46 uses no byte stuffing (0x7E may occur inside a frame),
 * so the length field, not the next flag, delimits a frame; the closing flag must then be where
 * the length says. Back-to-back frames may share one flag, and extra flags between frames are fill.
 *
 * <p>Malformed input never raises an exception into the pipeline: bytes outside any frame, a
 * format type other than 3, a length below the minimum or above the configured maximum, a missing
 * closing flag, an HCS or FCS mismatch, an undefined control field or a bad address each become
 * one {@link MalformedHdlcInput} (passed up the pipeline and to the listener's
 * {@code malformedFrameReceived}), after which the decoder resynchronises on the next flag. A
 * frame whose length field points past the bytes received waits for them; with an inter-frame
 * timeout configured, a partial frame still incomplete that long after it began is reported as
 * truncated and dropped, so a lost byte cannot wedge the line. The timer runs on the channel's
 * event loop. A partial frame left when the connection closes is reported the same way.
 */
public class HdlcFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;
    private final Duration interFrameTimeout;
    private final RawFrameListener listener;
    private ChannelHandlerContext context;
    private long consumed;
    private ScheduledFuture<?> timer;
    private long timerMark = -1;

    /** A decoder accepting frames up to 2047 bytes, with no inter-frame timeout and no listener. */
    public HdlcFrameDecoder() {
        this(HdlcFrame.MAX_FRAME_LENGTH, null, RawFrameListener.NO_OP);
    }

    /**
     * @param maxFrameLength largest frame length accepted (the length field value), 7..2047
     * @param interFrameTimeout how long a partial frame may wait for its remaining bytes; null or
     *                          zero for no limit
     * @param listener sees every frame received and every malformed input
     */
    public HdlcFrameDecoder(int maxFrameLength, Duration interFrameTimeout, RawFrameListener listener) {
        if (maxFrameLength < HdlcFrame.MIN_FRAME_LENGTH || maxFrameLength > HdlcFrame.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("max frame length must be " + HdlcFrame.MIN_FRAME_LENGTH + ".."
                    + HdlcFrame.MAX_FRAME_LENGTH + ", got " + maxFrameLength);
        }
        if (interFrameTimeout != null && interFrameTimeout.isNegative()) {
            throw new IllegalArgumentException("inter-frame timeout must not be negative: " + interFrameTimeout);
        }
        this.maxFrameLength = maxFrameLength;
        this.interFrameTimeout = interFrameTimeout == null || interFrameTimeout.isZero() ? null : interFrameTimeout;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        context = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            if (in.getUnsignedByte(start) != HdlcFrame.FLAG) {
                int flag = in.indexOf(start, end, (byte) HdlcFrame.FLAG);
                int garbageEnd = flag < 0 ? end : flag;
                fail(in, garbageEnd - start, 0, (garbageEnd - start) + " bytes outside any frame (no opening flag)", out);
                continue;
            }
            int opening = start;
            while (opening + 1 < end && in.getUnsignedByte(opening + 1) == HdlcFrame.FLAG) {
                opening++;
            }
            skip(in, opening - start);
            int readable = end - opening;
            if (readable < 3) {
                break;
            }
            int format = in.getUnsignedShort(opening + 1);
            if (format >> 12 != 0xA) {
                failToNextFlag(in, 1, String.format("frame format type 0x%X is not 0xA (type 3)", format >> 12), out);
                continue;
            }
            int length = format & 0x7FF;
            if (length < HdlcFrame.MIN_FRAME_LENGTH) {
                failToNextFlag(in, 1, "frame length " + length + " is below the minimum of "
                        + HdlcFrame.MIN_FRAME_LENGTH, out);
                continue;
            }
            if (length > maxFrameLength) {
                failToNextFlag(in, 1, "frame length " + length + " exceeds the maximum of " + maxFrameLength, out);
                continue;
            }
            if (readable < length + 2) {
                break;
            }
            if (in.getUnsignedByte(opening + 1 + length) != HdlcFrame.FLAG) {
                failToNextFlag(in, 1 + length, "no closing flag after the " + length
                        + " bytes the length field announces", out);
                continue;
            }
            byte[] wire = new byte[length + 2];
            in.getBytes(opening, wire);
            // The closing flag stays in the buffer: it may also open the next frame.
            skip(in, length + 1);
            HdlcFrameParser.Parsed parsed = HdlcFrameParser.parse(wire);
            if (parsed.frame() != null) {
                out.add(parsed.frame());
                listener.frameReceived(wire);
            } else {
                out.add(parsed.failure());
                listener.malformedFrameReceived(wire.clone(), parsed.failure().reason());
            }
        }
        armInterFrameTimer(ctx, in);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        cancelTimer();
        if (in.readableBytes() >= 2) {
            int length = in.readableBytes() >= 3 ? in.getUnsignedShort(in.readerIndex() + 1) & 0x7FF : -1;
            fail(in, in.readableBytes(), in.readableBytes(), "connection closed after " + in.readableBytes()
                    + " bytes of a frame" + (length >= 0 ? " of length " + length : ""), out);
        } else {
            skip(in, in.readableBytes());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    private void failToNextFlag(ByteBuf in, int offset, String reason, List<Object> out) {
        int start = in.readerIndex();
        int next = in.indexOf(start + 1, in.writerIndex(), (byte) HdlcFrame.FLAG);
        int end = next < 0 ? in.writerIndex() : next;
        // The bytes end at the next flag, which may come before the place the problem was found (a closing flag
        // missing where the length points): the offset then says "past these bytes" rather than pointing outside.
        fail(in, end - start, Math.min(offset, end - start), reason, out);
    }

    private void fail(ByteBuf in, int count, int offset, String reason, List<Object> out) {
        byte[] bytes = new byte[count];
        in.readBytes(bytes);
        consumed += count;
        out.add(new MalformedHdlcInput(reason, offset, bytes));
        listener.malformedFrameReceived(bytes.clone(), reason);
    }

    private void skip(ByteBuf in, int count) {
        in.skipBytes(count);
        consumed += count;
    }

    /** A lone flag is an idle line; two or more bytes from a flag on are a frame in progress. */
    private void armInterFrameTimer(ChannelHandlerContext ctx, ByteBuf in) {
        if (interFrameTimeout == null) {
            return;
        }
        if (in.readableBytes() < 2) {
            cancelTimer();
            return;
        }
        if (timer != null && timerMark == consumed) {
            return;
        }
        cancelTimer();
        long mark = consumed;
        timerMark = mark;
        timer = ctx.executor().schedule(() -> onInterFrameTimeout(mark), interFrameTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void onInterFrameTimeout(long mark) {
        timer = null;
        ByteBuf in = internalBuffer();
        if (mark != consumed || in.readableBytes() < 2 || context == null || context.isRemoved()) {
            return;
        }
        int length = in.readableBytes() >= 3 ? in.getUnsignedShort(in.readerIndex() + 1) & 0x7FF : -1;
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        consumed += bytes.length;
        String reason = "truncated frame: " + bytes.length + " bytes" + (length >= 0 ? " of a frame of length " + length
                : "") + " did not complete within the inter-frame timeout of " + interFrameTimeout.toMillis() + " ms";
        listener.malformedFrameReceived(bytes.clone(), reason);
        context.fireChannelRead(new MalformedHdlcInput(reason, bytes.length, bytes));
        context.fireChannelReadComplete();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
