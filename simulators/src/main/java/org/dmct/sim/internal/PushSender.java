package org.dmct.sim.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.PushDestination;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.dlms.wrapper.WrapperFrameEncoder;
import org.dmct.link.SocketTransport;
import org.dmct.sim.device.EventOutlet;
import org.dmct.sim.device.RaisedEvent;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert to the DMC's push destination as a meter's push setup does when no association is open: it
 * connects, sends one wrapper frame from the logical device's wPort (so the receiver knows which device raised it)
 * to the wPort of the client the device's profile associates as, and closes. A destination that cannot be reached
 * is logged; the alert is lost, as it would be from a real meter that has exhausted its retries.
 */
public final class PushSender implements EventOutlet {
    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final EventLoopGroup group;
    private final PushDestination destination;

    public PushSender(EventLoopGroup group, PushDestination destination) {
        this.group = group;
        this.destination = destination;
    }

    @Override
    public CompletableFuture<Boolean> offer(SimulatedDevice device, RaisedEvent event) {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        WrapperFrame frame = WrapperFrame.of(device.logicalDevice(), device.profile().protocol().clientAddress(),
                ApduCodec.encode(Notifications.of(device, event)));
        ChannelFuture connect = new Bootstrap().group(group).channel(SocketTransport.socketChannel(group))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WrapperFrameEncoder(RawFrameListener.NO_OP));
                    }
                }).connect(destination.host(), destination.port());
        connect.addListener((ChannelFutureListener) c -> {
            if (!c.isSuccess()) {
                LOG.warn("{}: cannot push {} to {}: {}", device.id(), event, destination, c.cause().toString());
                sent.complete(false);
                return;
            }
            c.channel().writeAndFlush(frame).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    LOG.warn("{}: pushing {} to {} failed: {}", device.id(), event, destination, w.cause().toString());
                }
                sent.complete(w.isSuccess());
                w.channel().close();
            });
        });
        return sent;
    }

    @Override
    public String toString() {
        return "push to " + destination;
    }
}
