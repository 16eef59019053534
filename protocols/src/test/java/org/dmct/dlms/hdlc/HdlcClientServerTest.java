package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our client link against our server link: long APDUs both ways across many segments and
 * windows, boundary sizes, and a line that loses, repeats and corrupts frames. Once wired
 * through embedded channels (deterministic, with a clock the test moves) and once over real
 * loopback TCP.
 */
class HdlcClientServerTest {

    private static final long TIMEOUT_MS = 2000;

    /** A SET request whose encoding is exactly {@code length} bytes. */
    private static Apdu setOfLength(int length) {
        return ofLength(length, n -> new SetRequest.Normal(InvokeIdAndPriority.of(3),
                AttributeDescriptor.of(1, "0-0:96.1.0.255", 2), DlmsData.octets(HdlcTesting.filled(n, 11))));
    }

    /** A GET response whose encoding is exactly {@code length} bytes. */
    private static Apdu responseOfLength(int length) {
        return ofLength(length, n -> new GetResponse.Normal(InvokeIdAndPriority.of(3),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(n, 13)))));
    }

    private static Apdu ofLength(int length, IntFunction<Apdu> withValue) {
        for (int n = Math.max(0, length - 30); n <= length; n++) {
            Apdu a = withValue.apply(n);
            if (ApduCodec.encode(a).length == length) {
                return a;
            }
        }
        throw new IllegalArgumentException("no APDU of exactly " + length + " bytes");
    }

    /** The server application: checks nothing, answers every request with the APDU chosen for it. */
    private static final class Answering extends SimpleChannelInboundHandler<Object> {
        final List<Object> received = new CopyOnWriteArrayList<>();
        final Function<HdlcServerRequest, Apdu> answer;

        Answering(Function<HdlcServerRequest, Apdu> answer) {
            this.answer = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
            if (msg instanceof HdlcServerRequest r) {
                ctx.writeAndFlush(HdlcServerResponse.of(r.clientAddress(), r.serverLogicalAddress(), answer.apply(r)));
            }
        }
    }

    // ------------------------------------------------------------------ wired embedded channels

    /** Moves frames between a client and a server channel, through a fault the test chooses. */
    private static final class Wire {
        final EmbeddedChannel client = new EmbeddedChannel();
        final EmbeddedChannel server = new EmbeddedChannel();
        final Answering app;
        Function<HdlcFrame, List<byte[]>> toServer = f -> List.of(f.toBytes());
        Function<HdlcFrame, List<byte[]>> toClient = f -> List.of(f.toBytes());
        final List<HdlcFrame> clientSent = new ArrayList<>();
        final List<HdlcFrame> serverSent = new ArrayList<>();

        Wire(HdlcClientSettings clientSettings, HdlcServerSettings serverSettings, Function<HdlcServerRequest, Apdu> answer) {
            client.freezeTime();
            server.freezeTime();
            app = new Answering(answer);
            HdlcPipeline.installServer(server.pipeline(), serverSettings, new HdlcTesting.Recording());
            server.pipeline().addLast(app);
            HdlcPipeline.installClient(client.pipeline(), clientSettings, new HdlcTesting.Recording());
            pump();
        }

        void pump() {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (HdlcFrame f : HdlcTesting.sentFrames(client)) {
                    clientSent.add(f);
                    toServer.apply(f).forEach(b -> server.writeInbound(Unpooled.wrappedBuffer(b)));
                    moved = true;
                }
                for (HdlcFrame f : HdlcTesting.sentFrames(server)) {
                    serverSent.add(f);
                    toClient.apply(f).forEach(b -> client.writeInbound(Unpooled.wrappedBuffer(b)));
                    moved = true;
                }
            }
        }

        void write(Apdu apdu) {
            client.writeAndFlush(apdu);
            pump();
        }

        void advance(long ms) {
            HdlcTesting.advance(client, ms);
            HdlcTesting.advance(server, ms);
            pump();
        }
    }

    private static HdlcClientSettings clientSettings(HdlcParameters proposal) {
        return HdlcClientSettings.defaults(16, 1).withProposed(proposal)
                .withTimeouts(Duration.ofMillis(TIMEOUT_MS), Duration.ofMillis(500), 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void fiveThousandBytesEachWayWithMaxInformation128(int window) {
        Apdu request = setOfLength(5000);
        Apdu response = responseOfLength(5000);
        Wire wire = new Wire(clientSettings(HdlcParameters.symmetric(128, window)), HdlcServerSettings.serving(1),
                r -> response);
        wire.write(request);
        List<Object> in = HdlcTesting.inbound(wire.client);
        assertThat(in).hasSize(1);
        assertThat(((ApduDecodeResult) in.get(0)).apdu()).isEqualTo(response);
        assertThat(((HdlcServerRequest) wire.app.received.get(0)).result().apdu()).isEqualTo(request);
        int segments = (5003 + 127) / 128;
        assertThat(wire.clientSent.stream().filter(f -> f.type() == HdlcFrameType.I)).hasSize(segments);
        assertThat(wire.serverSent.stream().filter(f -> f.type() == HdlcFrameType.I)).hasSize(segments);
        assertThat(wire.clientSent).filteredOn(f -> f.type() == HdlcFrameType.I)
                .allMatch(f -> f.informationLength() <= 128);
        // one RR per window in each direction, except after the last window
        int windows = (segments + window - 1) / window;
        assertThat(wire.serverSent.stream().filter(f -> f.type() == HdlcFrameType.RR)).hasSize(windows - 1);
        assertThat(wire.clientSent.stream().filter(f -> f.type() == HdlcFrameType.RR)).hasSize(windows - 1);
        assertThat(wire.clientSent).filteredOn(f -> f.type() == HdlcFrameType.I && f.pollFinal()).hasSize(windows);
    }

    @ParameterizedTest
    @ValueSource(ints = {125, 126, 127, 253, 254, 255, 243, 244})
    void boundarySizesAroundSegmentsAndTheOneByteLength(int apduLength) {
        for (int maxInformation : new int[] {128, 2030}) {
            Apdu request = setOfLength(apduLength);
            Apdu response = responseOfLength(apduLength);
            Wire wire = new Wire(clientSettings(HdlcParameters.symmetric(maxInformation, 3)),
                    HdlcServerSettings.serving(1), r -> response);
            wire.write(request);
            assertThat(((ApduDecodeResult) HdlcTesting.inbound(wire.client).get(0)).apdu()).isEqualTo(response);
            assertThat(((HdlcServerRequest) wire.app.received.get(0)).result().apdu()).isEqualTo(request);
            int expectedFrames = (apduLength + 3 + maxInformation - 1) / maxInformation;
            assertThat(wire.clientSent.stream().filter(f -> f.type() == HdlcFrameType.I)).hasSize(expectedFrames);
        }
    }

    @Test
    void aLineThatLosesRepeatsAndCorruptsFramesStillDeliversBothApdus() {
        Apdu request = setOfLength(3000);
        Apdu response = responseOfLength(3000);
        Wire wire = new Wire(clientSettings(HdlcParameters.symmetric(128, 7)), HdlcServerSettings.serving(1),
                r -> response);
        int[] toServerCount = {0};
        int[] toClientCount = {0};
        wire.toServer = f -> {
            int n = ++toServerCount[0];
            if (n == 3 || n == 12) {
                return List.of(); // lost
            }
            if (n == 7) {
                return List.of(f.toBytes(), f.toBytes()); // repeated
            }
            if (n == 20) {
                byte[] b = f.toBytes();
                b[b.length - 3] ^= 0x10; // corrupted FCS
                return List.of(b);
            }
            return List.of(f.toBytes());
        };
        wire.toClient = f -> {
            int n = ++toClientCount[0];
            if (n == 4 || n == 9) {
                return List.of();
            }
            if (n == 6) {
                return List.of(f.toBytes(), f.toBytes());
            }
            if (n == 15) {
                byte[] b = f.toBytes();
                b[5] ^= 0x02; // corrupted header
                return List.of(b);
            }
            return List.of(f.toBytes());
        };
        wire.write(request);
        List<Object> in = new ArrayList<>(HdlcTesting.inbound(wire.client));
        for (int i = 0; i < 40 && in.stream().noneMatch(o -> o instanceof ApduDecodeResult || o instanceof HdlcLinkFailure);
                i++) {
            wire.advance(TIMEOUT_MS);
            in.addAll(HdlcTesting.inbound(wire.client));
        }
        List<Object> results = in.stream().filter(o -> o instanceof ApduDecodeResult).toList();
        assertThat(in).noneMatch(o -> o instanceof HdlcLinkFailure);
        assertThat(results).hasSize(1);
        assertThat(((ApduDecodeResult) results.get(0)).apdu()).isEqualTo(response);
        List<Object> requests = wire.app.received.stream().filter(o -> o instanceof HdlcServerRequest).toList();
        assertThat(requests).hasSize(1);
        assertThat(((HdlcServerRequest) requests.get(0)).result().apdu()).isEqualTo(request);
        assertThat(wire.app.received).anyMatch(o -> o instanceof MalformedHdlcInput m && m.reason().startsWith("FCS"));
        // Recovery really happened: both sides sent some I-frames more than once (24 segments each way).
        assertThat(wire.clientSent.stream().filter(f -> f.type() == HdlcFrameType.I).count()).isGreaterThan(24);
        assertThat(wire.serverSent.stream().filter(f -> f.type() == HdlcFrameType.I).count()).isGreaterThan(24);
    }

    @Test
    void closingTheClientChannelDisconnectsTheLinkWithDiscAndUa() {
        Apdu response = responseOfLength(50);
        Wire wire = new Wire(clientSettings(HdlcParameters.DEFAULT), HdlcServerSettings.serving(1, 2, 3), r -> response);
        wire.write(setOfLength(40));
        assertThat(HdlcTesting.inbound(wire.client)).hasSize(1);
        wire.client.pipeline().close();
        wire.pump();
        assertThat(wire.client.isOpen()).isFalse();
        assertThat(wire.serverSent).last().isEqualTo(HdlcFrame.ua(HdlcTesting.CLIENT, HdlcTesting.SERVER, null));
    }

    // ------------------------------------------------------------------ real TCP

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    @Timeout(60)
    void overLoopbackTcp(int window) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Apdu bigResponse = responseOfLength(5000);
            // The big request gets the big answer; the others an answer as long as themselves.
            Answering app = new Answering(r -> {
                int length = ApduCodec.encode(r.result().apdu()).length;
                return length == 5000 ? bigResponse : responseOfLength(length);
            });
            HdlcTesting.Recording serverFrames = new HdlcTesting.Recording();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            HdlcPipeline.installServer(ch.pipeline(), HdlcServerSettings.serving(1, 2, 3)
                                    .withLimits(HdlcParameters.symmetric(128, 7)), serverFrames);
                            ch.pipeline().addLast(app);
                        }
                    }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            HdlcTesting.Recording clientFrames = new HdlcTesting.Recording();
            HdlcClientSettings settings = HdlcClientSettings.defaults(16, 2).withServerAddress(0x10, 2)
                    .withProposed(HdlcParameters.symmetric(2030, window))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), 3);
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            HdlcPipeline.installClient(ch.pipeline(), settings, clientFrames);
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    received.add(msg);
                                }
                            });
                        }
                    }).connect(server.localAddress()).sync().channel();

            Apdu request = setOfLength(5000);
            client.writeAndFlush(request).sync();
            Object first = received.poll(30, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(ApduDecodeResult.class);
            assertThat(((ApduDecodeResult) first).apdu()).isEqualTo(bigResponse);
            await().atMost(Duration.ofSeconds(10)).until(() -> !app.received.isEmpty());
            assertThat(((HdlcServerRequest) app.received.get(0)).result().apdu()).isEqualTo(request);
            assertThat(((HdlcServerRequest) app.received.get(0)).serverLogicalAddress()).isEqualTo(2);

            for (int length : new int[] {124, 125, 126, 252, 253, 254}) {
                client.writeAndFlush(setOfLength(length)).sync();
                Object r = received.poll(30, TimeUnit.SECONDS);
                assertThat(((ApduDecodeResult) r).isSuccess()).isTrue();
                assertThat(ApduCodec.encode(((ApduDecodeResult) r).apdu())).hasSize(length);
            }
            client.close().sync();
            assertThat(clientFrames.sent).last().satisfies(hex -> assertThat(hex).contains("53")); // DISC
            await().atMost(Duration.ofSeconds(10)).until(() -> serverFrames.sent.size() == clientFrames.received.size());
            assertThat(clientFrames.malformed).isEmpty();
            assertThat(serverFrames.malformed).isEmpty();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
