package org.dmct.dlms.wrapper;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;

/**
 * Maps between {@link WrapperFrame}s and APDUs for one association, i.e. one pair of wPorts.
 * Outbound, an {@link Apdu} becomes a version-1 frame from the local to the remote wPort.
 * Inbound, every frame becomes an {@link ApduDecodeResult}: the decoded APDU, or a failure with
 * the reason and bytes, which is also what a frame between other wPorts yields (a wrong answerer
 * is a fault to report, not to ignore). {@link MalformedWrapperInput} passes through untouched.
 * A server serving several logical devices on one connection should instead handle
 * {@code WrapperFrame}s itself and call {@link ApduCodec} per frame.
 */
public class ApduFrameCodec extends MessageToMessageCodec<WrapperFrame, Apdu> {

    private final int localWPort;
    private final int remoteWPort;

    /**
     * @param localWPort our wPort (the client SAP on a client, the logical device on a server)
     * @param remoteWPort the peer's wPort
     */
    public ApduFrameCodec(int localWPort, int remoteWPort) {
        super(WrapperFrame.class, Apdu.class);
        if (localWPort < 0 || localWPort > 0xFFFF || remoteWPort < 0 || remoteWPort > 0xFFFF) {
            throw new IllegalArgumentException("wPorts must be 0..65535, got " + localWPort + " and " + remoteWPort);
        }
        this.localWPort = localWPort;
        this.remoteWPort = remoteWPort;
    }

    /**
     * @return our wPort
     */
    public int localWPort() {
        return localWPort;
    }

    /**
     * @return the peer's wPort
     */
    public int remoteWPort() {
        return remoteWPort;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Apdu apdu, List<Object> out) {
        out.add(WrapperFrame.of(localWPort, remoteWPort, ApduCodec.encode(apdu)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WrapperFrame frame, List<Object> out) {
        if (frame.sourceWPort() != remoteWPort || frame.destinationWPort() != localWPort) {
            out.add(ApduDecodeResult.failure("frame from wPort " + frame.sourceWPort() + " to wPort "
                    + frame.destinationWPort() + ", expected from " + remoteWPort + " to " + localWPort,
                    0, frame.payload()));
            return;
        }
        out.add(ApduCodec.decode(frame.payload()));
    }
}
