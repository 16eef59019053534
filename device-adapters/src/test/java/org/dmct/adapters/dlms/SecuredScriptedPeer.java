package org.dmct.adapters.dlms;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
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
import org.dmct.dlms.security.CipheringContext;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.security.HlsAuthenticator;
import org.dmct.dlms.security.HlsGmac;
import org.dmct.dlms.security.SecuredAcse;
import org.dmct.dlms.security.SystemTitle;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.dlms.wrapper.WrapperFrameDecoder;
import org.dmct.dlms.wrapper.WrapperFrameEncoder;

/**
 * A misbehaving HLS-GMAC meter for negative tests, built on the protocol layer: it serves the frame counter to the
 * public client, completes a proper secured association, then answers each ciphered GET as the script says: answer
 * correctly, replay its previous ciphered answer byte for byte (same invocation counter), resend an older one (a
 * stale counter), or alter one byte of the ciphertext.
 */
final class SecuredScriptedPeer implements AutoCloseable {
    /** What the peer does with one GET. */
    enum Behaviour { ANSWER, REPLAY, STALE, ALTER }

    static final byte[] EK = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
    static final byte[] AK = HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    static final SystemTitle TITLE = SystemTitle.of("FRN", 4711);

    private final Deque<Behaviour> script = new ArrayDeque<>();
    private final Channel server;
    private final List<byte[]> sentAnswers = new ArrayList<>();
    private CipheringContext context;
    private long ownCounter = 1;
    private HlsAuthenticator authenticator;
    private byte[] ctoS;
    private byte[] stoC;

    SecuredScriptedPeer(EventLoopGroup group, Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
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

    private static WrapperFrame reply(WrapperFrame to, byte[] apdu) {
        return WrapperFrame.of(to.destinationWPort(), to.sourceWPort(), apdu);
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            WrapperFrame frame = (WrapperFrame) msg;
            Apdu apdu = ApduCodec.decode(frame.payload()).apdu();
            Conformance conformance = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION);
            if (apdu instanceof RlrqApdu) {
                ctx.writeAndFlush(reply(frame, ApduCodec.encode(new RlreApdu(RlreApdu.NORMAL, null))));
            } else if (frame.sourceWPort() == 16 && apdu instanceof AarqApdu) {
                ctx.writeAndFlush(reply(frame, ApduCodec.encode(AareApdu.accepted(ApplicationContextName.LN_NO_CIPHERING,
                        InitiateResponse.of(conformance, 1024)))));
            } else if (frame.sourceWPort() == 16 && apdu instanceof GetRequest.Normal get) {
                ctx.writeAndFlush(reply(frame, ApduCodec.encode(new GetResponse.Normal(get.invokeIdAndPriority(),
                        GetDataResult.of(DlmsData.u32(41))))));
            } else if (apdu instanceof AarqApdu aarq) {
                context = CipheringContext.builder().ownSystemTitle(TITLE).encryptionKey(EK).authenticationKey(AK)
                        .invocationCounter(ownCounter).build();
                authenticator = HlsGmac.authenticator(context);
                SecuredAcse.AarqReading reading = SecuredAcse.readAarq(context, aarq);
                ctoS = reading.clientChallenge();
                stoC = HlsAuthenticator.newChallenge(new SecureRandom(), 16);
                ctx.writeAndFlush(reply(frame, ApduCodec.encode(SecuredAcse.aare(context, authenticator.mechanism(),
                        stoC, InitiateResponse.of(conformance, 1024)))));
            } else {
                DecipherResult opened = context.decipher(apdu);
                Apdu plain = opened.apdu();
                if (plain instanceof ActionRequest action) {
                    send(ctx, frame, ApduCodec.encode(context.cipher(
                            SecuredAcse.hlsAuthenticationResponse(authenticator, action.invokeIdAndPriority(), ctoS, stoC))));
                    return;
                }
                GetRequest.Normal get = (GetRequest.Normal) plain;
                Behaviour b;
                synchronized (script) {
                    b = script.isEmpty() ? Behaviour.ANSWER : script.poll();
                }
                byte[] answer = ApduCodec.encode(context.cipher(new GetResponse.Normal(get.invokeIdAndPriority(),
                        GetDataResult.of(DlmsData.octets("SECURED-PEER".getBytes())))));
                switch (b) {
                    case REPLAY -> ctx.writeAndFlush(reply(frame, sentAnswers.get(sentAnswers.size() - 1)));
                    case STALE -> ctx.writeAndFlush(reply(frame, sentAnswers.get(0)));
                    case ALTER -> {
                        answer[answer.length - 14] ^= 0x01;
                        ctx.writeAndFlush(reply(frame, answer));
                    }
                    default -> send(ctx, frame, answer);
                }
            }
            ownCounter = context == null ? ownCounter : context.nextInvocationCounter();
        }

        private void send(ChannelHandlerContext ctx, WrapperFrame to, byte[] answer) {
            sentAnswers.add(answer);
            ctx.writeAndFlush(reply(to, answer));
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
