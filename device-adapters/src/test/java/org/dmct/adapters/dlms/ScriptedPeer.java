package org.dmct.adapters.dlms;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApplicationContextName;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.RlreApdu;
import org.dmct.dlms.apdu.RlrqApdu;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.dlms.wrapper.WrapperFrameDecoder;
import org.dmct.dlms.wrapper.WrapperFrameEncoder;

/**
 * A misbehaving DLMS device for negative tests: it accepts associations properly, then answers each GET as the
 * next scripted behaviour says (answer correctly, stay silent, answer late, send garbage, drop the link).
 */
final class ScriptedPeer implements AutoCloseable {
    /** What the peer does with one GET. */
    enum Behaviour { ANSWER, SILENT, GARBAGE_APDU, BAD_WRAPPER_HEADER, CLOSE }

    private final Deque<Behaviour> script = new ArrayDeque<>();
    private final Channel server;
    final AtomicInteger getsReceived = new AtomicInteger();
    private volatile Channel lastSilentChannel;
    private volatile WrapperFrame lastSilentRequest;

    ScriptedPeer(EventLoopGroup group, Behaviour... behaviours) {
        for (Behaviour b : behaviours) {
            script.add(b);
        }
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WrapperFrameDecoder(0xFFFF, RawFrameListener.NO_OP),
                                new WrapperFrameEncoder(RawFrameListener.NO_OP), new Handler());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Answers the GET that was left unanswered, late. */
    void answerLate() {
        WrapperFrame f = lastSilentRequest;
        lastSilentChannel.writeAndFlush(reply(f, answer((GetRequest.Normal) ApduCodec.decode(f.payload()).apdu())));
    }

    private static WrapperFrame reply(WrapperFrame to, Apdu apdu) {
        return WrapperFrame.of(to.destinationWPort(), to.sourceWPort(), ApduCodec.encode(apdu));
    }

    private static Apdu answer(GetRequest.Normal get) {
        return new GetResponse.Normal(get.invokeIdAndPriority(), GetDataResult.of(DlmsData.octets("LATE-OR-NOT".getBytes())));
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WrapperFrame frame)) {
                return;
            }
            Apdu apdu = ApduCodec.decode(frame.payload()).apdu();
            if (apdu instanceof AarqApdu) {
                Conformance c = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION);
                ctx.writeAndFlush(reply(frame, AareApdu.accepted(ApplicationContextName.LN_NO_CIPHERING,
                        InitiateResponse.of(c, 1024))));
                return;
            }
            if (apdu instanceof RlrqApdu) {
                ctx.writeAndFlush(reply(frame, new RlreApdu(RlreApdu.NORMAL, null)));
                return;
            }
            getsReceived.incrementAndGet();
            Behaviour b;
            synchronized (script) {
                b = script.isEmpty() ? Behaviour.ANSWER : script.poll();
            }
            switch (b) {
                case ANSWER:
                    ctx.writeAndFlush(reply(frame, answer((GetRequest.Normal) apdu)));
                    break;
                case SILENT:
                    lastSilentChannel = ctx.channel();
                    lastSilentRequest = frame;
                    break;
                case GARBAGE_APDU:
                    ctx.writeAndFlush(WrapperFrame.of(frame.destinationWPort(), frame.sourceWPort(),
                            HexFormat.of().parseHex("C4FF99")));
                    break;
                case BAD_WRAPPER_HEADER:
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(HexFormat.of().parseHex("0007000100100003C40141")));
                    break;
                default:
                    ctx.close();
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
