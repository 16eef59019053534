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
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
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
import org.dmct.dlms.hdlc.HdlcFrame;
import org.dmct.dlms.hdlc.HdlcFrameDecoder;
import org.dmct.dlms.hdlc.HdlcFrameType;

/**
 * A misbehaving HDLC meter over TCP for negative tests (what a serial-to-IP converter in front of a faulty meter
 * looks like). It is a small but honest IEC 62056-46 secondary station: it answers SNRM with UA (echoing the
 * proposed parameters), DISC with UA, numbers its I-frames, answers a poll RR whose N(R) shows that its last I-frame
 * was not received by sending that frame again, and otherwise answers a poll with RR; above the link it accepts
 * associations and answers each GET with an octet string naming the GET ({@code PEER-ANSWER-n}). What it does wrong
 * is scripted per GET, in order ({@link Builder#onGets}); it can also refuse SNRMs with DM or be deaf to everything.
 * Faults that spoil a frame spoil only its first transmission, so the client's HDLC recovery can succeed.
 *
 * <pre>
 * try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(group).onGets(Fault.CORRUPT_FCS, Fault.NONE).start()) { .. }
 * </pre>
 */
final class ScriptedHdlcPeer implements AutoCloseable {
    /** What the peer does with the answer to one GET. */
    enum Fault {
        /** A correct answer. */
        NONE,
        /** The answer's FCS is wrong; the retransmission is good. */
        CORRUPT_FCS,
        /** The answer's HCS is wrong; the retransmission is good. */
        CORRUPT_HCS,
        /** Only the first half of the answer frame is sent; the retransmission is whole. */
        TRUNCATED,
        /** The answer's length field is 2 short; the retransmission is good. */
        WRONG_LENGTH,
        /** The answer's N(S) skips one, as if a frame had been lost; the retransmission has the right N(S). */
        SKIPPED_SEND_SEQUENCE,
        /** The answer is sent twice, the same frame. */
        REPEATED,
        /** The answer's N(R) acknowledges frames the client never sent. */
        WRONG_RECEIVE_SEQUENCE_IN_I_FRAME,
        /** Instead of an answer, RR with an N(R) acknowledging frames the client never sent. */
        WRONG_RECEIVE_SEQUENCE_IN_RR,
        /** Instead of an answer, FRMR rejecting the GET's I-frame (undefined control field). */
        FRMR,
        /** A well-formed I-frame whose information is an APDU with an unknown tag. */
        UNKNOWN_APDU_TAG,
        /** Bytes outside any frame, then the correct answer. */
        GARBAGE_BEFORE,
        /** No answer, and no answer to anything else on this connection either. */
        SILENT
    }

    /** The unknown APDU the {@link Fault#UNKNOWN_APDU_TAG} frame carries after the LLC header. */
    static final String UNKNOWN_APDU = "FF0102";
    /** The bytes {@link Fault#GARBAGE_BEFORE} sends first (no 0x7E among them). */
    static final String GARBAGE = "0102030405060708";
    private static final byte[] LLC_RESPONSE = {(byte) 0xE6, (byte) 0xE7, 0x00};

    private final Deque<Fault> script;
    private final AtomicInteger snrmsToRefuse;
    private volatile boolean deaf;
    private final boolean corruptRetransmissions;
    private final Channel server;
    /** GETs received, over all connections. */
    final AtomicInteger gets = new AtomicInteger();
    /** SNRMs received, over all connections. */
    final AtomicInteger snrms = new AtomicInteger();

    /** Builds a peer. */
    static final class Builder {
        private final EventLoopGroup group;
        private final Deque<Fault> script = new ArrayDeque<>();
        private int snrmsToRefuse;
        private boolean deaf;
        private boolean corruptRetransmissions;

        private Builder(EventLoopGroup group) {
            this.group = group;
        }

        /** The faults of the first, second, ... GET; later GETs are answered correctly. */
        Builder onGets(Fault... faults) {
            script.addAll(List.of(faults));
            return this;
        }

        /** Answers the first {@code n} SNRMs with DM. */
        Builder refusingSnrm(int n) {
            snrmsToRefuse = n;
            return this;
        }

        /** Spoils the retransmissions of a {@link Fault#CORRUPT_FCS} frame too, so that recovery cannot succeed. */
        Builder corruptingRetransmissions() {
            corruptRetransmissions = true;
            return this;
        }

        /** Answers nothing at all until {@link ScriptedHdlcPeer#wakeUp()}. */
        Builder deaf() {
            deaf = true;
            return this;
        }

        ScriptedHdlcPeer start() {
            return new ScriptedHdlcPeer(this);
        }
    }

    static Builder builder(EventLoopGroup group) {
        return new Builder(group);
    }

    private ScriptedHdlcPeer(Builder b) {
        script = new ArrayDeque<>(b.script);
        snrmsToRefuse = new AtomicInteger(b.snrmsToRefuse);
        deaf = b.deaf;
        corruptRetransmissions = b.corruptRetransmissions;
        server = new ServerBootstrap().group(b.group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, null,
                                RawFrameListener.NO_OP), new Link());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** From now on the peer answers (a {@link Builder#deaf()} peer, or one whose connection went silent, on a new connection). */
    void wakeUp() {
        deaf = false;
    }

    /** The secondary station of one connection. */
    private final class Link extends SimpleChannelInboundHandler<Object> {
        private int sendState;
        private int receiveState;
        private HdlcFrame lastSent;
        private Fault lastFault = Fault.NONE;
        private boolean silent;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HdlcFrame f) || deaf || silent) {
                return;
            }
            switch (f.type()) {
                case SNRM -> {
                    snrms.incrementAndGet();
                    if (snrmsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        send(ctx, HdlcFrame.dm(f.source(), f.destination()));
                        return;
                    }
                    sendState = 0;
                    receiveState = 0;
                    lastSent = null;
                    // Accept the proposal as made: the client proposes the same in both directions.
                    send(ctx, new HdlcFrame(HdlcFrameType.UA, f.source(), f.destination(), true, 0, 0, false,
                            f.information()));
                }
                case DISC -> send(ctx, HdlcFrame.ua(f.source(), f.destination(), null));
                case RR -> onPoll(ctx, f);
                case I -> onInformation(ctx, f);
                default -> { }
            }
        }

        private void onPoll(ChannelHandlerContext ctx, HdlcFrame rr) {
            if (!rr.pollFinal()) {
                return;
            }
            if (lastSent != null && rr.receiveSequence() == lastSent.sendSequence()) {
                // The client says our last I-frame did not arrive.
                if (corruptRetransmissions && lastFault == Fault.CORRUPT_FCS) {
                    write(ctx, withBadFcs(lastSent));
                } else {
                    send(ctx, lastSent);
                }
            } else {
                send(ctx, HdlcFrame.rr(rr.source(), rr.destination(), receiveState, true));
            }
        }

        private void onInformation(ChannelHandlerContext ctx, HdlcFrame f) {
            if (f.sendSequence() != receiveState || f.segmented()) {
                throw new IllegalStateException("the scripted peer expects whole requests in sequence, got " + f);
            }
            receiveState = (receiveState + 1) & 7;
            byte[] info = f.information();
            Apdu request = ApduCodec.decode(Arrays.copyOfRange(info, 3, info.length)).apdu();
            if (request instanceof AarqApdu) {
                Conformance c = Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION);
                answer(ctx, f, AareApdu.accepted(ApplicationContextName.LN_NO_CIPHERING, InitiateResponse.of(c, 1024)));
            } else if (request instanceof RlrqApdu) {
                answer(ctx, f, new RlreApdu(RlreApdu.NORMAL, null));
            } else if (request instanceof GetRequest.Normal get) {
                int n = gets.incrementAndGet();
                Fault fault;
                synchronized (script) {
                    fault = script.isEmpty() ? Fault.NONE : script.poll();
                }
                GetResponse answer = new GetResponse.Normal(get.invokeIdAndPriority(),
                        GetDataResult.of(DlmsData.octets(("PEER-ANSWER-" + n).getBytes(StandardCharsets.US_ASCII))));
                misbehave(ctx, f, answer, fault);
            } else {
                throw new IllegalStateException("the scripted peer does not handle " + request);
            }
        }

        private void answer(ChannelHandlerContext ctx, HdlcFrame to, Apdu apdu) {
            send(ctx, next(to, ApduCodec.encode(apdu)));
        }

        /** The next I-frame of this station, remembered for retransmission. */
        private HdlcFrame next(HdlcFrame to, byte[] apdu) {
            byte[] info = new byte[LLC_RESPONSE.length + apdu.length];
            System.arraycopy(LLC_RESPONSE, 0, info, 0, 3);
            System.arraycopy(apdu, 0, info, 3, apdu.length);
            HdlcFrame frame = HdlcFrame.iFrame(to.source(), to.destination(), sendState, receiveState, true, false, info);
            sendState = (sendState + 1) & 7;
            lastSent = frame;
            return frame;
        }

        private byte[] withBadFcs(HdlcFrame frame) {
            byte[] b = frame.toBytes();
            b[b.length - 3] ^= 0x01;
            return b;
        }

        private void misbehave(ChannelHandlerContext ctx, HdlcFrame to, GetResponse answer, Fault fault) {
            lastFault = fault;
            switch (fault) {
                case NONE -> send(ctx, next(to, ApduCodec.encode(answer)));
                case CORRUPT_FCS -> write(ctx, withBadFcs(next(to, ApduCodec.encode(answer))));
                case CORRUPT_HCS -> {
                    HdlcFrame frame = next(to, ApduCodec.encode(answer));
                    byte[] b = frame.toBytes();
                    b[3 + frame.destination().length() + frame.source().length() + 1] ^= 0x01;
                    write(ctx, b);
                }
                case TRUNCATED -> {
                    byte[] b = next(to, ApduCodec.encode(answer)).toBytes();
                    write(ctx, Arrays.copyOf(b, b.length / 2));
                }
                case WRONG_LENGTH -> {
                    byte[] b = next(to, ApduCodec.encode(answer)).toBytes();
                    b[2] -= 2;
                    write(ctx, b);
                }
                case SKIPPED_SEND_SEQUENCE -> {
                    HdlcFrame good = next(to, ApduCodec.encode(answer));
                    send(ctx, HdlcFrame.iFrame(good.destination(), good.source(), (good.sendSequence() + 1) & 7,
                            good.receiveSequence(), true, false, good.information()));
                }
                case REPEATED -> {
                    HdlcFrame good = next(to, ApduCodec.encode(answer));
                    send(ctx, good);
                    send(ctx, good);
                }
                case WRONG_RECEIVE_SEQUENCE_IN_I_FRAME -> {
                    HdlcFrame good = next(to, ApduCodec.encode(answer));
                    send(ctx, HdlcFrame.iFrame(good.destination(), good.source(), good.sendSequence(),
                            (good.receiveSequence() + 3) & 7, true, false, good.information()));
                }
                case WRONG_RECEIVE_SEQUENCE_IN_RR ->
                        send(ctx, HdlcFrame.rr(to.source(), to.destination(), (receiveState + 2) & 7, true));
                case FRMR -> send(ctx, HdlcFrame.frmr(to.source(), to.destination(),
                        HdlcFrame.frmrInformation(to.control(), sendState, receiveState, HdlcFrame.FRMR_W)));
                case UNKNOWN_APDU_TAG -> send(ctx, next(to, HexFormat.of().parseHex(UNKNOWN_APDU)));
                case GARBAGE_BEFORE -> {
                    write(ctx, HexFormat.of().parseHex(GARBAGE));
                    send(ctx, next(to, ApduCodec.encode(answer)));
                }
                case SILENT -> silent = true;
                default -> throw new IllegalStateException("unscripted fault " + fault);
            }
        }

        private void send(ChannelHandlerContext ctx, HdlcFrame frame) {
            write(ctx, frame.toBytes());
        }

        private void write(ChannelHandlerContext ctx, byte[] bytes) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
