package org.dmct.adapters.dlms.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.PushDestination;
import org.dmct.core.spi.AlertSink;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.NotificationApdu;
import org.dmct.dlms.wrapper.MalformedWrapperInput;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.dlms.wrapper.WrapperFrameDecoder;
import org.dmct.link.SocketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens where a DMC's devices push their notifications when no association is open (the lab's
 * {@code dmcs[].push}), as a head end does: each connection carries wrapper frames whose source wPort names the
 * logical device that raised the event (the destination wPort, the client the device's push setup names, is not
 * checked: companion specifications differ on it). Every frame is evidence with no request id. A frame from a
 * logical device the DMC does not have, a frame that is not a notification, an undecodable APDU or one without an
 * event code is recorded as a malformed frame with the reason and the connection stays open; a malformed wrapper
 * header is recorded and closes that connection (a TCP stream cannot be resynchronised); the listener goes on
 * accepting. Readable events go through the device profile's event map to the alert sink with source {@code push}.
 */
public final class PushListener {
    private static final Logger LOG = LoggerFactory.getLogger(PushListener.class);
    /** A previous run's listener on the same port may still be closing: retry a bind that finds it in use. */
    private static final int BIND_ATTEMPTS = 40;
    private static final Duration BIND_RETRY = Duration.ofMillis(50);

    private final LabDmc dmc;
    private final PushDestination destination;
    private final EventLoopGroup group;
    private final FrameRecorder frames;
    private final AlertSink alerts;
    private final Clock clock;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    private volatile Channel server;
    private volatile boolean closed;

    private PushListener(LabDmc dmc, EventLoopGroup group, FrameRecorder frames, AlertSink alerts, Clock clock) {
        this.dmc = dmc;
        this.destination = dmc.pushDestination().orElseThrow(() -> new IllegalArgumentException(
                "DMC " + dmc.id() + " has no push destination"));
        this.group = group;
        this.frames = frames;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Starts binding the DMC's push destination; returns at once. */
    public static PushListener start(LabDmc dmc, EventLoopGroup group, FrameRecorder frames, AlertSink alerts,
                                     Clock clock) {
        PushListener listener = new PushListener(dmc, group, frames, alerts, clock);
        listener.bind(1);
        return listener;
    }

    /** Completes with the bound address, or fails naming the DMC and address when it cannot be bound. */
    public CompletableFuture<InetSocketAddress> bound() {
        return bound;
    }

    /** Why the listener is not listening, once binding has failed. */
    public Optional<String> failure() {
        if (!bound.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(bound.handle((a, e) -> e.getMessage()).join());
    }

    private void bind(int attempt) {
        if (closed) {
            bound.completeExceptionally(new IllegalStateException("the push listener of DMC " + dmc.id() + " is closed"));
            return;
        }
        new ServerBootstrap().group(group).channel(SocketTransport.serverSocketChannel(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new WrapperFrameDecoder(WrapperFrame.MAX_PAYLOAD_LENGTH,
                                RawFrameListener.NO_OP), new PushHandler());
                    }
                })
                .bind(destination.host(), destination.port())
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        server = f.channel();
                        bound.complete((InetSocketAddress) f.channel().localAddress());
                        return;
                    }
                    if (f.cause() instanceof BindException && attempt < BIND_ATTEMPTS && !closed) {
                        group.next().schedule(() -> bind(attempt + 1), BIND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    LOG.error("DMC {}: cannot listen for pushed alerts on {}: {}", dmc.id(), destination,
                            f.cause().toString());
                    bound.completeExceptionally(new IllegalStateException("cannot listen for the alerts DMC " + dmc.id()
                            + " pushes on " + destination + ": " + f.cause().getMessage(), f.cause()));
                });
    }

    /** Stops listening and drops the push connections; completes when they are closed. Never fails. */
    public CompletableFuture<Void> close() {
        closed = true;
        return bound.handle((a, e) -> null).thenCompose(x -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Channel s = server;
            if (s == null) {
                connections.close().addListener(f -> done.complete(null));
            } else {
                s.close().addListener(f -> connections.close().addListener(g -> done.complete(null)));
            }
            return done;
        });
    }

    private void record(String deviceId, FrameDirection direction, byte[] bytes, String note) {
        frames.frame(deviceId, null, direction, bytes, note);
    }

    /** One device's (or a stranger's) push connection. */
    private final class PushHandler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MalformedWrapperInput bad) {
                record(null, FrameDirection.MALFORMED_RECEIVED, bad.bytes(), "push to " + destination + " from "
                        + ctx.channel().remoteAddress() + ": " + bad.reason() + "; connection closed");
                ctx.close();
                return;
            }
            WrapperFrame frame = (WrapperFrame) msg;
            byte[] bytes = frame.toBytes();
            Optional<LabDevice> device = dmc.deviceAt(frame.sourceWPort());
            if (device.isEmpty()) {
                record(null, FrameDirection.MALFORMED_RECEIVED, bytes, "push to " + destination + " from logical device "
                        + frame.sourceWPort() + ", which DMC " + dmc.id() + " does not have; ignored");
                return;
            }
            LabDevice d = device.get();
            ApduDecodeResult decoded = ApduCodec.decode(frame.payload());
            if (decoded.isFailure()) {
                record(d.id(), FrameDirection.MALFORMED_RECEIVED, bytes, "push from " + d.id() + ": malformed APDU: "
                        + decoded.reason() + " at offset " + decoded.offset());
                return;
            }
            if (!(decoded.apdu() instanceof NotificationApdu notification)) {
                record(d.id(), FrameDirection.MALFORMED_RECEIVED, bytes, "push from " + d.id() + " carried a "
                        + decoded.apdu().getClass().getSimpleName() + ", not a notification");
                return;
            }
            NotificationReader.Reading reading = NotificationReader.read(dmc, d, notification, clock.instant(), "push");
            record(d.id(), reading instanceof NotificationReader.Unreadable ? FrameDirection.MALFORMED_RECEIVED
                    : FrameDirection.RECEIVED, bytes, reading.note());
            if (reading instanceof NotificationReader.Alert alert) {
                alerts.alert(alert.event());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("DMC {}: push connection from {} failed: {}", dmc.id(), ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }
}
