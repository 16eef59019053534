package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.RlreApdu;
import org.dmct.dlms.apdu.RlrqApdu;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.datatypes.DataObject.Type;
import org.openmuc.jdlms.sessionlayer.server.ServerSessionLayerFactories;

/**
 * Interoperability over HDLC on TCP: our client link opens the link with SNRM, associates (AARQ,
 * lowest level security) and reads register 1-0:1.8.0.255 attribute 2 from an OpenMUC jDLMS 1.8.0
 * server (GPL, test scope only), then disconnects (DISC, answered by UA). Every answer here fits in
 * one frame; answers spanning several frames are read from the jDLMS server by the device adapter's
 * interop matrix ({@code InteropMatrixTest}), where its server completes every segment under our
 * client (the thread death in the vectors' README happened under jDLMS's own client).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HdlcJdlmsInteropTest {

    /** Interface class 3 "Register" with its value. */
    @CosemClass(id = 3)
    public static class JdlmsRegister extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject value = DataObject.newUInteger32Data(1_234_568L);

        JdlmsRegister() {
            super("1.0.1.8.0.255");
        }
    }

    @Test
    void associatesAndReadsARegisterFromJdlmsOverHdlc() throws Exception {
        LogicalDevice ld = new LogicalDevice(1, "JDLMS-HDLC", "ISE", 4242L);
        ld.addRestriction(16, SecuritySuite.builder().build());
        ld.registerCosemObject(new JdlmsRegister());
        int[] port = new int[1];
        DlmsServer server = startServer(ld, port);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            HdlcTesting.Recording frames = new HdlcTesting.Recording();
            HdlcClientSettings settings = HdlcClientSettings.defaults(16, 1)
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), 2);
            Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            HdlcPipeline.installClient(c.pipeline(), settings, frames);
                            c.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    received.add(msg);
                                }
                            });
                        }
                    }).connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port[0])).sync().channel();

            ch.writeAndFlush(AarqApdu.lowestLevel(InitiateRequest.of(Conformance.of(ConformanceBit.GET), 1024)))
                    .sync();
            AareApdu aare = (AareApdu) next(received);
            assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);

            ch.writeAndFlush(new GetRequest.Normal(InvokeIdAndPriority.of(1), AttributeDescriptor.of(3,
                    "1-0:1.8.0.255", 2))).sync();
            GetResponse.Normal get = (GetResponse.Normal) next(received);
            assertThat(get.result()).isEqualTo(GetDataResult.of(DlmsData.u32(1_234_568L)));

            // DISC without RLRQ first: the jDLMS server drops the TCP connection after RLRE, leaving no link to close.
            ch.close().sync();
            assertThat(received).isEmpty();
            assertThat(frames.malformed).isEmpty();
            // SNRM, AARQ, GET, DISC sent; UA, AARE, GET response, UA received
            assertThat(frames.sent).hasSize(4);
            assertThat(frames.sent.get(0)).startsWith("7EA0").contains("0321" + "93");
            assertThat(frames.sent.get(3)).isEqualTo("7EA00703215303C77E");
            assertThat(frames.received).hasSize(4);
            assertThat(HdlcTesting.frames(org.dmct.dlms.Vectors.bytes(frames.received.get(3))).get(0).type())
                    .isEqualTo(HdlcFrameType.UA);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            server.close();
        }
    }

    /**
     * The other way round: a jDLMS client opens an HDLC link to our server link (logical device 2 of
     * three), associates, reads a value whose answer our server must segment into several frames
     * of the 128 bytes the client asked for, and closes the link.
     */
    @Test
    void aJdlmsClientReadsASegmentedAnswerFromOurServer() throws Exception {
        byte[] serial = HdlcTesting.filled(600, 17);
        List<Object> requests = new CopyOnWriteArrayList<>();
        HdlcTesting.Recording serverFrames = new HdlcTesting.Recording();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            HdlcPipeline.installServer(c.pipeline(), HdlcServerSettings.serving(1, 2, 3), serverFrames);
                            c.pipeline().addLast(new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    requests.add(msg);
                                    if (msg instanceof HdlcServerRequest r && r.result().isSuccess()) {
                                        Apdu answer = answer(r.result().apdu(), serial);
                                        ctx.writeAndFlush(HdlcServerResponse.of(r.clientAddress(),
                                                r.serverLogicalAddress(), answer));
                                    }
                                }
                            });
                        }
                    }).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            TcpConnectionBuilder builder = new TcpConnectionBuilder(InetAddress.getLoopbackAddress()).setPort(port)
                    .useHdlc().setClientId(16).setLogicalDeviceId(2).setResponseTimeout(20_000);
            builder.setHdlcMaxInformationLength(128);
            try (DlmsConnection jdlms = builder.build()) {
                GetResult result = jdlms.get(new AttributeAddress(1, new ObisCode("0.0.96.1.0.255"), 2));
                assertThat((byte[]) result.getResultData().getValue()).isEqualTo(serial);
            }
            assertThat(requests).allMatch(o -> o instanceof HdlcServerRequest r && r.serverLogicalAddress() == 2
                    && r.clientAddress() == 16 && r.result().isSuccess());
            assertThat(serverFrames.malformed).isEmpty();
            // the answer (600 bytes and more) went out in frames of at most 128 information bytes
            List<HdlcFrame> sent = serverFrames.sent.stream()
                    .map(hex -> HdlcTesting.frames(org.dmct.dlms.Vectors.bytes(hex)).get(0)).toList();
            assertThat(sent).filteredOn(f -> f.type() == HdlcFrameType.I && f.segmented()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(sent).allMatch(f -> f.informationLength() <= 128 || f.type() == HdlcFrameType.UA);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** A minimal COSEM server application: accept any association, answer one attribute, release. */
    private static Apdu answer(Apdu request, byte[] serial) {
        if (request instanceof AarqApdu aarq) {
            return AareApdu.accepted(aarq.applicationContextName(), InitiateResponse.of(
                    aarq.userInformation().proposedConformance().intersect(Conformance.of(ConformanceBit.GET)), 2048));
        }
        if (request instanceof GetRequest.Normal get) {
            return new GetResponse.Normal(get.invokeIdAndPriority(), GetDataResult.of(DlmsData.octets(serial)));
        }
        if (request instanceof RlrqApdu) {
            return new RlreApdu(RlreApdu.NORMAL);
        }
        throw new AssertionError("jDLMS sent " + request);
    }

    private static Object next(BlockingQueue<Object> received) throws InterruptedException {
        Object o = received.poll(20, TimeUnit.SECONDS);
        assertThat(o).as("an answer from jDLMS").isInstanceOf(ApduDecodeResult.class);
        return ((ApduDecodeResult) o).apdu();
    }

    private static DlmsServer startServer(LogicalDevice ld, int[] port) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port[0] = probe.getLocalPort();
            }
            try {
                return DlmsServer.tcpServerBuilder(port[0])
                        .setSessionLayerFactory(ServerSessionLayerFactories.newHdlcSessionLayerFactory())
                        .registerLogicalDevice(ld)
                        .build();
            } catch (BindException e) {
                last = e; // someone took the port in between: try another
            }
        }
        throw last;
    }
}
