package org.dmct.dlms.wrapper;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;
import org.dmct.dlms.RawFrameListener;

/**
 * Writes {@link WrapperFrame}s as header and payload, and reports each whole unit to a
 * {@link RawFrameListener} as it is encoded (that is, handed to the transport; a later write
 * failure is reported through the write's future as usual). Stateless, so one instance may be
 * shared between channels.
 */
@ChannelHandler.Sharable
public class WrapperFrameEncoder extends MessageToByteEncoder<WrapperFrame> {

    private final RawFrameListener listener;

    /** An encoder with no listener. */
    public WrapperFrameEncoder() {
        this(RawFrameListener.NO_OP);
    }

    /**
     * @param listener sees every unit sent
     */
    public WrapperFrameEncoder(RawFrameListener listener) {
        super(WrapperFrame.class);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, WrapperFrame frame, ByteBuf out) {
        byte[] unit = frame.toBytes();
        out.writeBytes(unit);
        listener.frameSent(unit);
    }
}
