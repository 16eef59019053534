package org.dmct.sim.internal;

import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
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
 * the link, which resynchronises; the client recovers what was lost by polling, as with a real meter. Alerts leave
 * at once in UI frames on the data link of each client associated with the device.
 */
public final class HdlcInstallationHandler extends InstallationLineHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HdlcInstallationHandler.class);

    public HdlcInstallationHandler(Map<Integer, SimulatedDevice> devicesByAddress, SecretResolver secrets) {
        super(devicesByAddress, secrets);
    }

    @Override
    protected ConnectionOutlet.Framing framing() {
        return (logicalDevice, client, apdu) -> HdlcServerResponse.push(client, logicalDevice, apdu);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HdlcServerRequest request) {
            int client = request.clientAddress();
            int logicalDevice = request.serverLogicalAddress();
            Apdu response = server.serve(client, logicalDevice, request.result());
            if (response != null) {
                answer(ctx, logicalDevice, HdlcServerResponse.of(client, logicalDevice, response));
            }
        } else if (msg instanceof MalformedHdlcInput bad) {
            LOG.debug("bad HDLC frame on {}: {}", ctx.channel(), bad.reason());
        } else if (msg instanceof HdlcLinkFailure failure) {
            LOG.debug("HDLC link failure on {}: {}", ctx.channel(), failure.reason());
        }
    }
}
