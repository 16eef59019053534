package org.dmct.sim.internal;

import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.wrapper.MalformedWrapperInput;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.sim.device.SimulatedDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one TCP wrapper connection to a simulated installation: each wrapper frame goes to the
 * connection's {@link AssociationServer} for the logical device its destination wPort names, and the answer goes
 * back from that wPort after the device's response delay. A malformed header closes the connection, as a device
 * that cannot resynchronise the stream does. While the connection is open it is an outlet for the devices' alerts
 * ({@link ConnectionOutlet}): a device's notification goes to each client with an association open to it.
 */
public final class InstallationServerHandler extends InstallationLineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InstallationServerHandler.class);

    public InstallationServerHandler(Map<Integer, SimulatedDevice> devicesByAddress, SecretResolver secrets) {
        super(devicesByAddress, secrets);
    }

    @Override
    protected ConnectionOutlet.Framing framing() {
        return WrapperFrame::of;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MalformedWrapperInput bad) {
            // The stream cannot be resynchronised after a bad header; a real device drops the connection.
            LOG.debug("malformed wrapper input from {}: {}", ctx.channel().remoteAddress(), bad.reason());
            ctx.close();
            return;
        }
        WrapperFrame frame = (WrapperFrame) msg;
        int logicalDevice = frame.destinationWPort();
        Apdu response = server.serve(frame.sourceWPort(), logicalDevice, ApduCodec.decode(frame.payload()));
        if (response != null) {
            answer(ctx, logicalDevice, WrapperFrame.of(logicalDevice, frame.sourceWPort(), server.encode(response)));
        }
    }
}
