package org.dmct.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ActionResponseWithOptionalData;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.AttributeRequest;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.ServiceError;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.apdu.SetResponse;
import org.dmct.dlms.apdu.StateError;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SET- and ACTION-with-list (the multiple-references conformance bit) against the simulated ESME of DMC-ALPHA over a
 * real TCP connection, spoken with the project's own codec: a plain socket writing and reading wrapper frames. The
 * disconnect control (class 70, 0-0:96.3.10.255) starts connected with control mode 1.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatorWithListTest {
    private static final int CLIENT = 16;
    private static final int ESME = 2;
    private static final int READ_TIMEOUT_MS = 5_000;

    private static final String DISCONNECT = "0-0:96.3.10.255";
    private static final AttributeDescriptor CONTROL_STATE = AttributeDescriptor.of(70, DISCONNECT, 3);
    private static final AttributeDescriptor CONTROL_MODE = AttributeDescriptor.of(70, DISCONNECT, 4);
    private static final MethodDescriptor REMOTE_DISCONNECT = MethodDescriptor.of(70, DISCONNECT, 1);
    private static final MethodDescriptor REMOTE_RECONNECT = MethodDescriptor.of(70, DISCONNECT, 2);

    private static final Conformance WITH_LISTS = Conformance.of(ConformanceBit.GET, ConformanceBit.SET,
            ConformanceBit.ACTION, ConformanceBit.MULTIPLE_REFERENCES);
    private static final Conformance WITHOUT_LISTS = Conformance.of(ConformanceBit.GET, ConformanceBit.SET,
            ConformanceBit.ACTION);
    private static final ExceptionResponse NOT_SUPPORTED =
            new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED, null);

    private EventLoopGroup group;
    private SimulatorHost host;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startSimulators() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Path labFile = Path.of("../lab-config/labs/ci-simulated.yaml").toAbsolutePath().normalize();
        assertThat(labFile).as("the CI lab file (surefire runs in the simulators module directory)").isRegularFile();
        Lab lab = new LabLoader().load(labFile);
        host = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            for (Socket s : sockets) {
                s.close();
            }
        } finally {
            if (host != null) {
                host.close();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private DisconnectControlObject supplySwitch() {
        return host.simulator("DMC-ALPHA").orElseThrow().device("ALPHA-ESME").orElseThrow().supplySwitch()
                .orElseThrow();
    }

    /** Connects to DMC-ALPHA and associates with its ESME (lowest-level security) proposing the given services. */
    private Socket associate(Conformance proposed) throws IOException {
        int port = host.lab().dmc("DMC-ALPHA").orElseThrow().link().port();
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        Apdu answer = exchange(socket, AarqApdu.lowestLevel(InitiateRequest.of(proposed, 0xFFFF)));
        assertThat(answer).isInstanceOf(AareApdu.class);
        AareApdu aare = (AareApdu) answer;
        assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);
        assertThat(aare.userInformation().negotiatedConformance().contains(ConformanceBit.MULTIPLE_REFERENCES))
                .as("multiple-references negotiated").isEqualTo(proposed.contains(ConformanceBit.MULTIPLE_REFERENCES));
        return socket;
    }

    /**
     * Sends one APDU in a wrapper frame and reads the frame the ESME answers with. Notifications the ESME sends
     * meanwhile (its alerts, which answer nothing) are kept in {@link #NOTIFICATIONS}.
     */
    private static Apdu exchange(Socket socket, Apdu request) throws IOException {
        socket.getOutputStream().write(WrapperFrame.of(CLIENT, ESME, ApduCodec.encode(request)).toBytes());
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        while (true) {
            byte[] header = in.readNBytes(WrapperFrame.HEADER_LENGTH);
            assertThat(header).as("wrapper header of the answer to %s", request).hasSize(WrapperFrame.HEADER_LENGTH);
            assertThat(((header[2] & 0xFF) << 8) | (header[3] & 0xFF)).as("source wPort").isEqualTo(ESME);
            assertThat(((header[4] & 0xFF) << 8) | (header[5] & 0xFF)).as("destination wPort").isEqualTo(CLIENT);
            int length = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
            byte[] payload = in.readNBytes(length);
            assertThat(payload).as("payload of the answer to %s", request).hasSize(length);
            ApduDecodeResult decoded = ApduCodec.decode(payload);
            assertThat(decoded.isSuccess()).as("%s", decoded).isTrue();
            if (decoded.apdu() instanceof org.dmct.dlms.apdu.NotificationApdu n) {
                NOTIFICATIONS.add(n);
                continue;
            }
            return decoded.apdu();
        }
    }

    private static final List<org.dmct.dlms.apdu.NotificationApdu> NOTIFICATIONS =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private static DlmsData read(Socket socket, AttributeDescriptor attribute, int invokeId) throws IOException {
        Apdu answer = exchange(socket, new GetRequest.Normal(InvokeIdAndPriority.of(invokeId), attribute));
        assertThat(answer).isInstanceOf(GetResponse.Normal.class);
        GetDataResult result = ((GetResponse.Normal) answer).result();
        assertThat(result.isSuccess()).as("GET %s gave %s", attribute, result).isTrue();
        return result.data();
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void setWithListWritesEveryAttributeAndAnswersEachResultInOrder() throws IOException {
        Socket socket = associate(WITH_LISTS);
        assertThat(supplySwitch().controlMode()).isEqualTo(1);

        Apdu answer = exchange(socket, new SetRequest.WithList(InvokeIdAndPriority.of(1),
                List.of(AttributeRequest.of(CONTROL_MODE), AttributeRequest.of(CONTROL_MODE)),
                List.of(DlmsData.enumValue(2), DlmsData.enumValue(2))));
        assertThat(answer).isEqualTo(new SetResponse.WithList(InvokeIdAndPriority.of(1),
                List.of(DataAccessResult.SUCCESS, DataAccessResult.SUCCESS)));
        assertThat(supplySwitch().controlMode()).isEqualTo(2);
        assertThat(read(socket, CONTROL_MODE, 2)).isEqualTo(DlmsData.enumValue(2));

        // Each entry is served on its own: a read-only attribute, a valid write and an undefined object.
        answer = exchange(socket, new SetRequest.WithList(InvokeIdAndPriority.of(3),
                List.of(AttributeRequest.of(CONTROL_STATE), AttributeRequest.of(CONTROL_MODE),
                        AttributeRequest.of(AttributeDescriptor.of(70, "0-0:96.3.11.255", 4))),
                List.of(DlmsData.enumValue(1), DlmsData.enumValue(4), DlmsData.enumValue(1))));
        assertThat(answer).isEqualTo(new SetResponse.WithList(InvokeIdAndPriority.of(3),
                List.of(DataAccessResult.READ_WRITE_DENIED, DataAccessResult.SUCCESS, DataAccessResult.OBJECT_UNDEFINED)));
        assertThat(supplySwitch().controlMode()).isEqualTo(4);
        assertThat(supplySwitch().state()).isEqualTo(DisconnectControlObject.CONNECTED);
    }

    @Test
    void actionWithListInvokesEachMethodInOrder() throws IOException {
        Socket socket = associate(WITH_LISTS);
        assertThat(exchange(socket, new SetRequest.Normal(InvokeIdAndPriority.of(1), CONTROL_MODE,
                DlmsData.enumValue(2)))).isEqualTo(new SetResponse.Normal(InvokeIdAndPriority.of(1),
                DataAccessResult.SUCCESS));
        assertThat(read(socket, CONTROL_STATE, 2)).as("connected").isEqualTo(DlmsData.enumValue(1));

        Apdu answer = exchange(socket, new ActionRequest.WithList(InvokeIdAndPriority.of(3),
                List.of(REMOTE_DISCONNECT, REMOTE_RECONNECT), List.of(DlmsData.i8(0), DlmsData.i8(0))));
        assertThat(answer).isEqualTo(new ActionResponse.WithList(InvokeIdAndPriority.of(3),
                List.of(new ActionResponseWithOptionalData(ActionResult.SUCCESS),
                        new ActionResponseWithOptionalData(ActionResult.SUCCESS))));

        // Disconnected first, then remote_reconnect in mode 2 only arms the switch: ready_for_reconnection.
        assertThat(read(socket, CONTROL_STATE, 4)).isEqualTo(DlmsData.enumValue(2));
        assertThat(supplySwitch().state()).isEqualTo(DisconnectControlObject.READY_FOR_RECONNECTION);
        // Arming is an event the Acme profile maps to alert 0x8F32: reported on this open association.
        assertThat(NOTIFICATIONS).anySatisfy(n -> assertThat(n).isEqualTo(new org.dmct.dlms.apdu.EventNotificationRequest(
                ((org.dmct.dlms.apdu.EventNotificationRequest) n).time(),
                AttributeDescriptor.of(1, "0-0:96.11.0.255", 2), DlmsData.u16(0x8F32))));
    }

    @Test
    void withListRequestsAreRefusedWhenMultipleReferencesWasNotNegotiated() throws IOException {
        Socket socket = associate(WITHOUT_LISTS);

        assertThat(exchange(socket, new SetRequest.WithList(InvokeIdAndPriority.of(1),
                List.of(AttributeRequest.of(CONTROL_MODE), AttributeRequest.of(CONTROL_MODE)),
                List.of(DlmsData.enumValue(2), DlmsData.enumValue(2))))).isEqualTo(NOT_SUPPORTED);
        assertThat(exchange(socket, new ActionRequest.WithList(InvokeIdAndPriority.of(2),
                List.of(REMOTE_DISCONNECT, REMOTE_RECONNECT), List.of(DlmsData.i8(0), DlmsData.i8(0)))))
                .isEqualTo(NOT_SUPPORTED);
        assertThat(supplySwitch().controlMode()).as("nothing was written").isEqualTo(1);
        assertThat(supplySwitch().state()).as("nothing was invoked").isEqualTo(DisconnectControlObject.CONNECTED);

        // The association still serves the normal forms.
        assertThat(exchange(socket, new SetRequest.Normal(InvokeIdAndPriority.of(3), CONTROL_MODE,
                DlmsData.enumValue(2)))).isEqualTo(new SetResponse.Normal(InvokeIdAndPriority.of(3),
                DataAccessResult.SUCCESS));
        assertThat(supplySwitch().controlMode()).isEqualTo(2);
    }
}
