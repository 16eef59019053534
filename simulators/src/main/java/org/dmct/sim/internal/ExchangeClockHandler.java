package org.dmct.sim.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.dmct.dlms.hdlc.HdlcServerRequest;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.sim.time.SimulatedClock;

/**
 * Moves an installation's per-exchange clock one step for every request that reaches its devices (a wrapper frame,
 * or an APDU the HDLC link reassembled), before the request is served. Link-layer traffic (HDLC supervisory frames,
 * malformed input) does not count, so the time a device answers at depends on the requests alone, not on how the
 * link polled for them.
 */
public final class ExchangeClockHandler extends ChannelInboundHandlerAdapter {
    private final SimulatedClock clock;

    public ExchangeClockHandler(SimulatedClock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WrapperFrame || msg instanceof HdlcServerRequest) {
            clock.exchangeServed();
        }
        ctx.fireChannelRead(msg);
    }
}
