package org.dmct.adapters.dlms.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.hdlc.HdlcLinkFailure;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.dlms.wrapper.MalformedWrapperInput;

/**
 * The last handler of an association's pipeline: hands every decoded answer (or decoding failure) and the loss of
 * the connection to the association, which matches them with the request in flight.
 */
final class ClientHandler extends SimpleChannelInboundHandler<Object> {
    private final DlmsAssociation association;

    ClientHandler(DlmsAssociation association) {
        this.association = association;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ApduDecodeResult result) {
            association.received(result);
        } else if (msg instanceof MalformedWrapperInput bad) {
            association.malformed(bad);
            ctx.close();
        } else if (msg instanceof HdlcLinkFailure failure) {
            association.linkFailed(failure);
        } else if (msg instanceof MalformedHdlcInput bad) {
            // HDLC drops the bad frame, resynchronises and recovers the lost data by polling, and the evidence
            // already holds the bytes; the association only remembers it to explain a failure that may follow.
            association.malformedFrame(bad);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        association.connectionLost(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        association.connectionFailed(ctx.channel(), cause);
        ctx.close();
    }
}
