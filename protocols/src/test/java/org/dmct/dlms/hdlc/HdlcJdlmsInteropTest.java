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
 * server (GPL, test scope only), then disconnects (DISC, answered by UA). Every answer fits in one
 * frame: jDLMS's server thread dies when a client acknowledges the first segment of a longer one.
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
