package org.dmct.sim.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.hdlc.HdlcLinkFailure;
import org.dmct.dlms.hdlc.HdlcServerRequest;
import org.dmct.dlms.hdlc.HdlcServerResponse;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one HDLC line (a TCP connection or a serial port) to a simulated installation: every APDU the
 * HDLC server link reassembles goes to the line's {@link AssociationServer} for the logical device it was addressed
 * to, and the answer goes back on the same data link after the device's response delay. Bad frames are dropped by
 * the link, which resynchronises; the client recovers what was lost by polling, as with a real meter.
 */
public final class HdlcInstallationHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(HdlcInstallationHandler.class);

    private final AssociationServer server;
    private final Map<Integer, SimulatedDevice> devices;
    private ConnectionOutlet outlet;

    public HdlcInstallationHandler(Map<Integer, SimulatedDevice> devicesByAddress, SecretResolver secrets) {
        this.server = new AssociationServer(devicesByAddress, secrets);
        this.devices = devicesByAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Alerts leave at once in UI frames on the data link of each client associated with the device.
        outlet = new ConnectionOutlet(ctx.channel(), server,
                (logicalDevice, client, apdu) -> HdlcServerResponse.push(client, logicalDevice, apdu));
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

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HdlcServerRequest request) {
            int client = request.clientAddress();
            int logicalDevice = request.serverLogicalAddress();
            Apdu response = server.serve(client, logicalDevice, request.result());
            if (response == null) {
                return;
            }
            HdlcServerResponse answer = HdlcServerResponse.of(client, logicalDevice, response);
            long delayNanos = server.responseDelay(logicalDevice).toNanos();
            if (delayNanos > 0) {
                ctx.executor().schedule(() -> ctx.writeAndFlush(answer), delayNanos, TimeUnit.NANOSECONDS);
            } else {
                ctx.writeAndFlush(answer);
            }
        } else if (msg instanceof MalformedHdlcInput bad) {
            LOG.debug("bad HDLC frame on {}: {}", ctx.channel(), bad.reason());
        } else if (msg instanceof HdlcLinkFailure failure) {
            LOG.debug("HDLC link failure on {}: {}", ctx.channel(), failure.reason());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("simulated installation line {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
