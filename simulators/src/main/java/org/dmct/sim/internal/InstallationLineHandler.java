package org.dmct.sim.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the framing handlers of a simulated installation's line share (wrapper over TCP, HDLC over TCP or a serial
 * port): the line's {@link AssociationServer}, answers sent after the device's response delay, and the line as an
 * outlet for the devices' alerts ({@link ConnectionOutlet}) while it is open. Subclasses only read their frames and
 * say how an APDU is framed.
 */
abstract class InstallationLineHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(InstallationLineHandler.class);

    protected final AssociationServer server;
    private final Map<Integer, SimulatedDevice> devices;
    private ConnectionOutlet outlet;

    InstallationLineHandler(Map<Integer, SimulatedDevice> devicesByAddress, SecretResolver secrets) {
        this.server = new AssociationServer(devicesByAddress, secrets);
        this.devices = devicesByAddress;
    }

    /** How this line frames an encoded APDU from a logical device to a client. */
    protected abstract ConnectionOutlet.Framing framing();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        outlet = new ConnectionOutlet(ctx.channel(), server, framing());
        devices.values().forEach(d -> d.attach(outlet));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (outlet != null) {
            devices.values().forEach(d -> d.detach(outlet));
        }
        ctx.fireChannelInactive();
    }

    /** Sends a framed answer after the answering device's response delay. */
    protected void answer(ChannelHandlerContext ctx, int logicalDevice, Object framed) {
        long delayNanos = server.responseDelay(logicalDevice).toNanos();
        if (delayNanos > 0) {
            ctx.executor().schedule(() -> ctx.writeAndFlush(framed), delayNanos, TimeUnit.NANOSECONDS);
        } else {
            ctx.writeAndFlush(framed);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("simulated installation line {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + server + "]";
    }
}
