package org.dmct.dlms.hdlc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;
import org.dmct.dlms.RawFrameListener;

/**
 * Writes {@link HdlcFrame}s with their flags, format field, HCS and FCS, and reports each whole
 * frame to a {@link RawFrameListener} as it is encoded (handed to the transport). Every frame has
 * its own opening and closing flag; a receiver must accept that as well as shared flags.
 * Stateless, so one instance may be shared between channels.
 */
@ChannelHandler.Sharable
public class HdlcFrameEncoder extends MessageToByteEncoder<HdlcFrame> {

    private final RawFrameListener listener;

    /** An encoder with no listener. */
    public HdlcFrameEncoder() {
        this(RawFrameListener.NO_OP);
    }

    /**
     * @param listener sees every frame sent
     */
    public HdlcFrameEncoder(RawFrameListener listener) {
        super(HdlcFrame.class);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, HdlcFrame frame, ByteBuf out) {
        byte[] bytes = frame.toBytes();
        out.writeBytes(bytes);
        listener.frameSent(bytes);
    }
}
