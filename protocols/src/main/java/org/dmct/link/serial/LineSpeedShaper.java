package org.dmct.link.serial;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Paces outbound bytes as a real serial line at the configured settings would send them, so that a simulated
 * meter on a pty (where bytes otherwise move at memory speed) answers like a 9600-baud meter. Each character
 * takes {@link SerialPortSettings#bitsPerCharacter()} bit times (10 for 8N1, 11 for 8E1); flushed bytes leave
 * this handler when the line would have finished sending them, back to back after whatever was flushed before,
 * in releases at least {@link #releaseInterval()} apart, except that the rest of a write goes when its last
 * character is due (so a frame ends exactly on time, and a longer interval only batches the characters inside it,
 * as a USB serial adapter's latency timer does). A write's promise completes when its last byte has been
 * passed on. Timing uses timers on the channel's event loop and its {@link io.netty.util.concurrent.Ticker}, so
 * tests drive it with {@code EmbeddedChannel.advanceTimeBy}; nothing sleeps.
 *
 * <p>A close waits until the flushed bytes are on the line, as closing a tty waits for its output to drain;
 * written but unflushed bytes, and anything written after the close, fail with {@link ClosedChannelException}.
 * Put it last in the pipeline ({@code addFirst}), next to the channel, so that it paces the bytes as encoded.
 */
public final class LineSpeedShaper extends ChannelDuplexHandler {

    /** The default shortest time between two releases: timing error stays under a millisecond. */
    public static final Duration DEFAULT_RELEASE_INTERVAL = Duration.ofMillis(1);

    private final SerialPortSettings settings;
    private final long releaseIntervalNanos;

    private final ArrayDeque<Pending> unflushed = new ArrayDeque<>();
    private final ArrayDeque<Pending> onLine = new ArrayDeque<>();
    private long lineIdleAtNanos = Long.MIN_VALUE;
    private ScheduledFuture<?> timer;
    private ChannelPromise closeAfterDrain;

    /**
     * Paces at the settings' rate and framing with the default release interval.
     *
     * @param settings the line to emulate
     */
    public LineSpeedShaper(SerialPortSettings settings) {
        this(settings, DEFAULT_RELEASE_INTERVAL);
    }

    /**
     * @param settings the line to emulate
     * @param releaseInterval the shortest time between two releases, positive; shorter is more faithful and
     *                        costs more timers
     */
    public LineSpeedShaper(SerialPortSettings settings, Duration releaseInterval) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (releaseInterval.isNegative() || releaseInterval.isZero()) {
            throw new IllegalArgumentException("release interval must be positive: " + releaseInterval);
        }
        this.releaseIntervalNanos = releaseInterval.toNanos();
    }

    /** The line being emulated. */
    public SerialPortSettings settings() {
        return settings;
    }

    /** The shortest time between two releases. */
    public Duration releaseInterval() {
        return Duration.ofNanos(releaseIntervalNanos);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeAfterDrain != null) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        unflushed.add(new Pending(msg, promise));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (unflushed.isEmpty()) {
            return;
        }
        long now = now(ctx);
        Pending pending;
        while ((pending = unflushed.poll()) != null) {
            pending.startNanos = Math.max(now, lineIdleAtNanos);
            lineIdleAtNanos = pending.startNanos + settings.transmitNanos(pending.total);
            onLine.add(pending);
        }
        release(ctx);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        failAll(unflushed);
        if (onLine.isEmpty()) {
            ctx.close(promise);
        } else {
            closeAfterDrain = promise;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        failAll(unflushed);
        failAll(onLine);
        super.channelInactive(ctx);
    }

    /** Passes on whatever is still held, at once: removing the shaper must not lose bytes. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        boolean any = !onLine.isEmpty() || !unflushed.isEmpty();
        Pending pending;
        while ((pending = onLine.poll()) != null) {
            pending.passRemainderOn(ctx);
        }
        if (any) {
            ctx.flush();
        }
        while ((pending = unflushed.poll()) != null) {
            pending.passRemainderOn(ctx);
        }
        if (closeAfterDrain != null) {
            ctx.close(closeAfterDrain);
        }
    }

    private void release(ChannelHandlerContext ctx) {
        cancelTimer();
        long now = now(ctx);
        boolean wrote = false;
        Pending head;
        while ((head = onLine.peek()) != null) {
            long due = now < head.startNanos ? 0
                    : Math.min(head.total, settings.charactersSentWithin(now - head.startNanos));
            if (due > head.released) {
                wrote = true;
                head.passOn(ctx, (int) due);
            } else if (head.total == 0 && now >= head.startNanos) {
                wrote = true;
                ctx.write(head.message, head.promise);
                head.message = null;
            }
            if (head.message != null) {
                break;
            }
            onLine.poll();
        }
        if (wrote) {
            ctx.flush();
        }
        if (head != null) {
            long nextCharacterDone = head.startNanos + settings.transmitNanos(head.released + 1L);
            long writeDone = head.startNanos + settings.transmitNanos(head.total);
            // However long the interval, a write's last characters go when the line would have finished it: a frame
            // ends on time, only the characters inside it arrive in batches.
            long delay = Math.min(Math.max(nextCharacterDone - now, releaseIntervalNanos), writeDone - now);
            timer = ctx.executor().schedule(() -> {
                timer = null;
                release(ctx);
            }, delay, TimeUnit.NANOSECONDS);
        } else if (closeAfterDrain != null) {
            ChannelPromise promise = closeAfterDrain;
            closeAfterDrain = null;
            ctx.close(promise);
        }
    }

    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static void failAll(ArrayDeque<Pending> queue) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            if (pending.message != null) {
                ReferenceCountUtil.release(pending.message);
                pending.message = null;
            }
            pending.promise.tryFailure(new ClosedChannelException());
        }
    }

    /** One write on its way: what has been passed on so far, and when its first character starts. */
    private static final class Pending {
        private Object message;
        private final ChannelPromise promise;
        private final int total;
        private int released;
        private long startNanos;

        Pending(Object message, ChannelPromise promise) {
            this.message = message;
            this.promise = promise;
            // Anything but bytes (a FileRegion, a user event object) takes no line time and keeps its place.
            this.total = message instanceof ByteBuf buf ? buf.readableBytes() : 0;
        }

        void passOn(ChannelHandlerContext ctx, int due) {
            ByteBuf buf = (ByteBuf) message;
            int from = buf.readerIndex() + released;
            int length = due - released;
            released = due;
            if (released == total) {
                ByteBuf last = buf.retainedSlice(from, length);
                buf.release();
                message = null;
                ctx.write(last, promise);
            } else {
                ctx.write(buf.retainedSlice(from, length)).addListener(future -> {
                    if (!future.isSuccess()) {
                        promise.tryFailure(future.cause());
                    }
                });
            }
        }

        void passRemainderOn(ChannelHandlerContext ctx) {
            Object rest = message;
            message = null;
            if (rest == null) {
                return;
            }
            if (rest instanceof ByteBuf buf && released > 0) {
                buf.skipBytes(released);
            }
            ctx.write(rest, promise);
        }
    }
}
