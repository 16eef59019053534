package org.dmct.sim.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.AttributeRequest;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.dmct.sim.device.SimulatedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.FatalJDlmsException;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResult;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.RawMessageData;
import org.openmuc.jdlms.RawMessageListener;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.SetParameter;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.CosemDateFormat;
import org.openmuc.jdlms.datatypes.CosemDateTime;
import org.openmuc.jdlms.datatypes.DataObject;

/**
 * Interoperability: the OpenMUC jDLMS 1.8.0 client (an implementation nobody here wrote) associates with the
 * project's simulators of the CI lab over the DLMS TCP wrapper and reads, writes and invokes the same COSEM objects
 * the harness's adapter uses. If our AARE, xDLMS encodings, GET-, SET- or ACTION-with-list or GET block transfer
 * deviate from what a third-party stack expects, jDLMS fails here.
 *
 * <p>The jDLMS client always proposes a client-max-receive-pdu-size of 65535 (hard-coded in 1.8.0, not
 * configurable), so the simulator has no reason to use GET data blocks with it. To exercise our block transfer
 * against jDLMS anyway, one test puts a small relay between the two that rewrites the PDU size in jDLMS's AARQ to
 * 256; jDLMS then has to reassemble the blocks our simulator sends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdlmsClientAgainstSimulatorInteropTest {
    private static final int CLIENT = 16;
    private static final int ESME = 2;
    private static final int RESPONSE_TIMEOUT_MS = 5_000;

    private static final String REGISTER = "1.0.1.8.0.255";
    private static final String CLOCK = "0.0.1.0.0.255";
    private static final String FIRMWARE = "1.0.0.2.0.255";
    private static final String SERIAL = "0.0.96.1.0.255";
    private static final String MANUFACTURER = "0.0.96.1.1.255";
    private static final String DISCONNECT = "0.0.96.3.10.255";
    private static final String ACME_EVENT_LOG = "0.0.99.98.0.255";
    private static final String BOREALIS_EVENT_LOG = "0.0.99.98.1.255";

    private EventLoopGroup group;
    private SimulatorHost host;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startSimulators() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(ciLab());
        host = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (IOException e) {
                    // a connection the test already released or the server already dropped
                }
            }
        } finally {
            if (host != null) {
                host.close();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Path ciLab() {
        Path p = Path.of("../lab-config/labs/ci-simulated.yaml").toAbsolutePath().normalize();
        assertThat(p).as("the CI lab file (surefire runs in the simulators module directory)").isRegularFile();
        return p;
    }

    private int port(String dmcId) {
        int port = host.lab().dmc(dmcId).orElseThrow().link().port();
        assertThat(port).as("bound port of %s", dmcId).isPositive();
        return port;
    }

    private SimulatedDevice device(String dmcId, String deviceId) {
        return host.simulator(dmcId).orElseThrow().device(deviceId).orElseThrow();
    }

    /** Connects and associates a jDLMS client (LN referencing, wrapper, no security); closed after the test. */
    private DlmsConnection connect(int port, int clientId, int logicalDevice, RawMessageListener listener)
            throws IOException {
        TcpConnectionBuilder builder = new TcpConnectionBuilder(InetAddress.getLoopbackAddress())
                .setPort(port)
                .useWrapper()
                .setClientId(clientId)
                .setLogicalDeviceId(logicalDevice)
                .setResponseTimeout(RESPONSE_TIMEOUT_MS);
        if (listener != null) {
            builder.setRawMessageListener(listener);
        }
        DlmsConnection c = builder.build();
        toClose.add(c);
        return c;
    }

    private DlmsConnection connectAlphaEsme(RawMessageListener listener) throws IOException {
        return connect(port("DMC-ALPHA"), CLIENT, ESME, listener);
    }

    private static DataObject success(GetResult r, String what) {
        assertThat(r.getResultCode()).as("result code of GET %s", what).isEqualTo(AccessResultCode.SUCCESS);
        return r.getResultData();
    }

    private static long number(DataObject d) {
        assertThat(d.isNumber()).as("%s is a number", d).isTrue();
        return ((Number) d.getValue()).longValue();
    }

    private static byte[] octets(DataObject d) {
        assertThat(d.getType()).as("type of %s", d).isEqualTo(DataObject.Type.OCTET_STRING);
        return d.getValue();
    }

    /** A 12-byte COSEM date-time as jDLMS decodes it, turned into a point in time (deviation = minutes local to UTC). */
    private static OffsetDateTime dateTime(byte[] twelve) {
        assertThat(twelve).hasSize(12);
        CosemDateTime t = CosemDateTime.decode(twelve);
        int deviation = t.get(CosemDateFormat.Field.DEVIATION);
        assertThat(deviation).as("deviation of a UTC device clock").isZero();
        return LocalDateTime.of(t.get(CosemDateFormat.Field.YEAR), t.get(CosemDateFormat.Field.MONTH),
                        t.get(CosemDateFormat.Field.DAY_OF_MONTH), t.get(CosemDateFormat.Field.HOUR),
                        t.get(CosemDateFormat.Field.MINUTE), t.get(CosemDateFormat.Field.SECOND))
                .atOffset(ZoneOffset.UTC);
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void readsTheAcmeEsmeRegisterClockAndIdentity() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);

        DataObject value = success(c.get(new AttributeAddress(3, REGISTER, 2)), "register value");
        assertThat(value.getType()).isEqualTo(DataObject.Type.DOUBLE_LONG_UNSIGNED);
        assertThat(number(value)).isBetween(1_234_568L, 1_236_568L);

        DataObject scalerUnit = success(c.get(new AttributeAddress(3, REGISTER, 3)), "register scaler_unit");
        assertThat(scalerUnit.getType()).isEqualTo(DataObject.Type.STRUCTURE);
        List<DataObject> su = scalerUnit.getValue();
        assertThat(su).hasSize(2);
        assertThat(su.get(0).getType()).isEqualTo(DataObject.Type.INTEGER);
        assertThat(number(su.get(0))).isZero();
        assertThat(su.get(1).getType()).isEqualTo(DataObject.Type.ENUMERATE);
        assertThat(number(su.get(1))).as("unit Wh").isEqualTo(30);

        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        DataObject time = success(c.get(new AttributeAddress(8, CLOCK, 2)), "clock time");
        OffsetDateTime deviceTime = dateTime(octets(time));
        assertThat(Duration.between(before, deviceTime).abs()).isLessThan(Duration.ofMinutes(1));

        assertThat(new String(octets(success(c.get(new AttributeAddress(1, FIRMWARE, 2)), "firmware")),
                StandardCharsets.US_ASCII)).isEqualTo("P4X2G04");
        assertThat(new String(octets(success(c.get(new AttributeAddress(1, SERIAL, 2)), "serial")),
                StandardCharsets.US_ASCII)).isEqualTo("ACM-A1-0004471");
        assertThat(new String(octets(success(c.get(new AttributeAddress(1, MANUFACTURER, 2)), "manufacturer")),
                StandardCharsets.US_ASCII)).isEqualTo("Acme Metering Ltd");

        // Attribute 1 of every object is its logical name.
        DataObject ln = success(c.get(new AttributeAddress(3, REGISTER, 1)), "register logical_name");
        assertThat(octets(ln)).containsExactly(1, 0, 1, 8, 0, 255);

        c.disconnect();
    }

    @Test
    void remoteDisconnectChangesTheSwitchAndIsLogged() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);
        SimulatedDevice esme = device("DMC-ALPHA", "ALPHA-ESME");

        DataObject output = success(c.get(new AttributeAddress(70, DISCONNECT, 2)), "output_state");
        assertThat(output.getType()).isEqualTo(DataObject.Type.BOOLEAN);
        assertThat((Boolean) output.getValue()).isTrue();
        DataObject state = success(c.get(new AttributeAddress(70, DISCONNECT, 3)), "control_state");
        assertThat(state.getType()).isEqualTo(DataObject.Type.ENUMERATE);
        assertThat(number(state)).as("connected").isEqualTo(1);
        DataObject mode = success(c.get(new AttributeAddress(70, DISCONNECT, 4)), "control_mode");
        assertThat(mode.getType()).isEqualTo(DataObject.Type.ENUMERATE);
        assertThat(number(mode)).as("enableControlMode of esme-acme-a1").isEqualTo(1);

        MethodResult result = c.action(new MethodParameter(70, DISCONNECT, 1, DataObject.newInteger8Data((byte) 0)));
        assertThat(result.getResultCode()).isEqualTo(MethodResultCode.SUCCESS);

        assertThat(number(success(c.get(new AttributeAddress(70, DISCONNECT, 3)), "control_state"))).isZero();
        assertThat((Boolean) success(c.get(new AttributeAddress(70, DISCONNECT, 2)), "output_state").getValue())
                .isFalse();
        assertThat(esme.supplySwitch().orElseThrow().state()).isEqualTo(DisconnectControlObject.DISCONNECTED);

        // The switch operation went into the event log: 40 seeded entries, then the remote disconnection (0x0047).
        List<DataObject> log = success(c.get(new AttributeAddress(7, ACME_EVENT_LOG, 2)), "event log").getValue();
        assertThat(log).hasSize(41);
        List<DataObject> last = log.get(40).getValue();
        assertThat(number(last.get(1))).isEqualTo(0x0047);

        // Setting a read-only attribute is refused with the Blue Book's reason.
        assertThat(c.set(new SetParameter(new AttributeAddress(70, DISCONNECT, 3),
                DataObject.newEnumerateData(1)))).isEqualTo(AccessResultCode.READ_WRITE_DENIED);
        c.disconnect();
    }

    @Test
    void readsTheAcmeEventLogAsFortyStructures() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);
        List<LogEntry> expected = device("DMC-ALPHA", "ALPHA-ESME").eventLog().orElseThrow().rows().stream().map(LogEntry::of).toList();
        assertThat(expected).hasSize(40);

        DataObject buffer = success(c.get(new AttributeAddress(7, ACME_EVENT_LOG, 2)), "event log buffer");
        assertThat(buffer.getType()).isEqualTo(DataObject.Type.ARRAY);
        List<DataObject> rows = buffer.getValue();
        assertThat(rows).hasSize(40);
        for (int i = 0; i < rows.size(); i++) {
            DataObject row = rows.get(i);
            assertThat(row.getType()).isEqualTo(DataObject.Type.STRUCTURE);
            List<DataObject> cols = row.getValue();
            assertThat(cols).hasSize(2);
            assertThat(dateTime(octets(cols.get(0)))).as("time of entry %d", i)
                    .isEqualTo(expected.get(i).time().withNano(0));
            assertThat(cols.get(1).getType()).isEqualTo(DataObject.Type.LONG_UNSIGNED);
            assertThat(number(cols.get(1))).as("code of entry %d", i).isEqualTo(expected.get(i).code());
        }
        c.disconnect();
    }

    @Test
    void readsEventLogEntriesWithSelectiveAccessEncodedByJdlms() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);
        List<LogEntry> expected = device("DMC-ALPHA", "ALPHA-ESME").eventLog().orElseThrow().rows().stream().map(LogEntry::of).toList();

        // entry_descriptor (selector 2): entries 3..5, all columns.
        DataObject byEntry = DataObject.newStructureData(DataObject.newUInteger32Data(3),
                DataObject.newUInteger32Data(5), DataObject.newUInteger16Data(1), DataObject.newUInteger16Data(0));
        List<DataObject> rows = success(c.get(new AttributeAddress(7, ACME_EVENT_LOG, 2,
                new SelectiveAccessDescription(2, byEntry))), "entries 3..5").getValue();
        assertThat(rows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            List<DataObject> cols = rows.get(i).getValue();
            assertThat(dateTime(octets(cols.get(0)))).isEqualTo(expected.get(2 + i).time().withNano(0));
            assertThat(number(cols.get(1))).isEqualTo(expected.get(2 + i).code());
        }

        // range_descriptor (selector 1) over the clock column: the entries of the 11th to 15th capture times.
        DataObject restricting = DataObject.newStructureData(DataObject.newUInteger16Data(8),
                DataObject.newOctetStringData(new byte[] {0, 0, 1, 0, 0, (byte) 255}),
                DataObject.newInteger8Data((byte) 2), DataObject.newUInteger16Data(0));
        DataObject byRange = DataObject.newStructureData(restricting,
                DataObject.newOctetStringData(cosem(expected.get(10).time())),
                DataObject.newOctetStringData(cosem(expected.get(14).time())),
                DataObject.newArrayData(List.of()));
        rows = success(c.get(new AttributeAddress(7, ACME_EVENT_LOG, 2,
                new SelectiveAccessDescription(1, byRange))), "range").getValue();
        assertThat(rows).hasSize(5);
        for (int i = 0; i < 5; i++) {
            List<DataObject> cols = rows.get(i).getValue();
            assertThat(dateTime(octets(cols.get(0)))).isEqualTo(expected.get(10 + i).time().withNano(0));
            assertThat(number(cols.get(1))).isEqualTo(expected.get(10 + i).code());
        }
        c.disconnect();
    }

    private static byte[] cosem(OffsetDateTime utc) {
        return new CosemDateTime(utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getDayOfWeek().getValue(),
                utc.getHour(), utc.getMinute(), utc.getSecond(), 0, 0).encode();
    }

    @Test
    void getWithListReturnsEachResultInOrderIncludingErrors() throws Exception {
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        DlmsConnection c = connectAlphaEsme(raw -> {
            if (raw.getMessageSource() == RawMessageData.MessageSource.CLIENT) {
                sent.add(raw.getMessage());
            }
        });
        sent.clear();
        List<GetResult> results = c.get(List.of(
                new AttributeAddress(3, REGISTER, 2),
                new AttributeAddress(1, SERIAL, 2),
                new AttributeAddress(1, "0.0.96.1.9.255", 2),
                new AttributeAddress(70, DISCONNECT, 3)));

        // jDLMS used one GET-Request-With-List (C0 03), which the simulator negotiated (multiple-references).
        assertThat(sent).hasSize(1);
        assertThat(HexFormat.of().formatHex(sent.get(0), 8, 10)).isEqualTo("c003");
        assertThat(results).hasSize(4);
        assertThat(number(success(results.get(0), "register"))).isBetween(1_234_568L, 1_236_568L);
        assertThat(new String(octets(success(results.get(1), "serial")), StandardCharsets.US_ASCII))
                .isEqualTo("ACM-A1-0004471");
        assertThat(results.get(2).getResultCode()).isEqualTo(AccessResultCode.OBJECT_UNDEFINED);
        assertThat(number(success(results.get(3), "control_state"))).isEqualTo(1);
        c.disconnect();
    }

    @Test
    void setAndActionWithListSucceedInOneApduEach() throws Exception {
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        DlmsConnection c = connectAlphaEsme(raw -> {
            if (raw.getMessageSource() == RawMessageData.MessageSource.CLIENT) {
                sent.add(raw.getMessage());
            }
        });
        DisconnectControlObject supplySwitch = device("DMC-ALPHA", "ALPHA-ESME").supplySwitch().orElseThrow();
        assertThat(supplySwitch.controlMode()).isEqualTo(1);
        assertThat(supplySwitch.state()).isEqualTo(DisconnectControlObject.CONNECTED);

        // SET-with-list: control_mode to 2 (arm mode), and the read-only control_state, refused on its own.
        sent.clear();
        List<AccessResultCode> written = c.set(List.of(
                new SetParameter(new AttributeAddress(70, DISCONNECT, 4), DataObject.newEnumerateData(2)),
                new SetParameter(new AttributeAddress(70, DISCONNECT, 3), DataObject.newEnumerateData(1))));
        assertThat(sent).as("APDUs jDLMS sent for set(List)").hasSize(1);
        SetRequest.WithList set = ApduCodec.decode(Arrays.copyOfRange(sent.get(0), 8, sent.get(0).length))
                .as(SetRequest.WithList.class).orElseThrow();
        assertThat(set.attributes()).extracting(AttributeRequest::attribute).containsExactly(
                AttributeDescriptor.of(70, "0-0:96.3.10.255", 4), AttributeDescriptor.of(70, "0-0:96.3.10.255", 3));
        assertThat(set.values()).containsExactly(DlmsData.enumValue(2), DlmsData.enumValue(1));
        assertThat(written).containsExactly(AccessResultCode.SUCCESS, AccessResultCode.READ_WRITE_DENIED);
        assertThat(supplySwitch.controlMode()).isEqualTo(2);

        // ACTION-with-list: remote_disconnect, then remote_reconnect, which in mode 2 arms the switch.
        sent.clear();
        List<MethodResult> invoked = c.action(List.of(
                new MethodParameter(70, DISCONNECT, 1, DataObject.newInteger8Data((byte) 0)),
                new MethodParameter(70, DISCONNECT, 2, DataObject.newInteger8Data((byte) 0))));
        assertThat(sent).as("APDUs jDLMS sent for action(List)").hasSize(1);
        ActionRequest.WithList action = ApduCodec.decode(Arrays.copyOfRange(sent.get(0), 8, sent.get(0).length))
                .as(ActionRequest.WithList.class).orElseThrow();
        assertThat(action.methods()).containsExactly(MethodDescriptor.of(70, "0-0:96.3.10.255", 1),
                MethodDescriptor.of(70, "0-0:96.3.10.255", 2));
        assertThat(action.parameters()).containsExactly(DlmsData.i8(0), DlmsData.i8(0));
        assertThat(invoked).extracting(MethodResult::getResultCode)
                .containsExactly(MethodResultCode.SUCCESS, MethodResultCode.SUCCESS);
        assertThat(number(success(c.get(new AttributeAddress(70, DISCONNECT, 3)), "control_state")))
                .as("ready_for_reconnection").isEqualTo(2);
        assertThat(supplySwitch.state()).isEqualTo(DisconnectControlObject.READY_FOR_RECONNECTION);
        c.disconnect();
    }

    @Test
    void undefinedObjectsAndWrongClassesAreReportedAsSuch() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);
        GetResult undefined = c.get(new AttributeAddress(1, "0.0.96.1.9.255", 2));
        assertThat(undefined.getResultCode()).isEqualTo(AccessResultCode.OBJECT_UNDEFINED);
        assertThat(undefined.requestSuccessful()).isFalse();

        GetResult wrongClass = c.get(new AttributeAddress(1, REGISTER, 2));
        assertThat(wrongClass.getResultCode()).isEqualTo(AccessResultCode.OBJECT_CLASS_INCONSISTENT);

        MethodResult undefinedMethod = c.action(new MethodParameter(70, "0.0.96.3.11.255", 1,
                DataObject.newInteger8Data((byte) 0)));
        assertThat(undefinedMethod.getResultCode()).isEqualTo(MethodResultCode.OBJECT_UNDEFINED);

        // The association is still usable afterwards.
        // The register advances with (simulated) time from its initial value, never backwards.
        assertThat(number(success(c.get(new AttributeAddress(3, REGISTER, 2)), "register")))
                .isBetween(1_234_568L, 1_236_568L);
        c.disconnect();
    }

    @Test
    void associationWithAnotherClientAddressIsRefused() {
        // The simulator answers an AARE with result rejected-permanent, which jDLMS decodes and reports.
        assertThatThrownBy(() -> connect(port("DMC-ALPHA"), 1, ESME, null))
                .isInstanceOf(FatalJDlmsException.class)
                .hasMessageContaining("REJECTED_PERMANENT");
    }

    @Test
    void readsTheBorealisEventLogOf150Entries() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        DlmsConnection c = connect(port("DMC-BRAVO"), CLIENT, ESME, raw -> {
            if (raw.getMessageSource() == RawMessageData.MessageSource.SERVER) {
                received.add(raw.getMessage());
            }
        });
        List<LogEntry> expected = device("DMC-BRAVO", "BRAVO-ESME").eventLog().orElseThrow().rows().stream().map(LogEntry::of).toList();
        received.clear();
        List<DataObject> rows = success(c.get(new AttributeAddress(7, BOREALIS_EVENT_LOG, 2)), "event log").getValue();
        assertBorealisLog(rows, expected);
        // jDLMS proposes a client-max-receive-pdu-size of 65535, so the ~2.9 kB buffer may come as one
        // GET-Response-Normal (C4 01); if the simulator splits it anyway, every APDU must be a data block (C4 02).
        assertThat(received).isNotEmpty();
        if (received.size() == 1) {
            assertThat(HexFormat.of().formatHex(received.get(0), 8, 10)).isEqualTo("c401");
        } else {
            assertThat(received).allSatisfy(m -> assertThat(HexFormat.of().formatHex(m, 8, 10)).isEqualTo("c402"));
        }
        c.disconnect();
    }

    @Test
    void readsTheBorealisEventLogInGetDataBlocksWhenTheClientCanReceiveLittle() throws Exception {
        List<byte[]> fromServer = new CopyOnWriteArrayList<>();
        try (PduSizeRelay relay = new PduSizeRelay(port("DMC-BRAVO"), 256)) {
            DlmsConnection c = connect(relay.port(), CLIENT, ESME, raw -> {
                if (raw.getMessageSource() == RawMessageData.MessageSource.SERVER) {
                    fromServer.add(raw.getMessage());
                }
            });
            assertThat(relay.originalPduSize()).as("client-max-receive-pdu-size jDLMS proposed").isEqualTo(0xFFFF);
            List<LogEntry> expected =
                    device("DMC-BRAVO", "BRAVO-ESME").eventLog().orElseThrow().rows().stream().map(LogEntry::of).toList();
            fromServer.clear();

            List<DataObject> rows = success(c.get(new AttributeAddress(7, BOREALIS_EVENT_LOG, 2)), "event log")
                    .getValue();
            assertBorealisLog(rows, expected);

            // ~2.9 kB in blocks of at most 256 bytes: at least 12 GET-Response-With-Datablock (C4 02) APDUs.
            assertThat(fromServer.size()).isGreaterThanOrEqualTo(12);
            assertThat(fromServer).allSatisfy(m -> assertThat(HexFormat.of().formatHex(m, 8, 10)).isEqualTo("c402"));
            assertThat(relay.largestFrameFromServer()).as("largest wrapper frame").isLessThanOrEqualTo(8 + 256);
            // And a normal GET on the same association still works after the long one.
            assertThat(number(success(c.get(new AttributeAddress(3, REGISTER, 2)), "register"))).isEqualTo(987_654L);

            // GET-with-list whose answer is too long: the list of Get-Data-Results goes in blocks too.
            fromServer.clear();
            List<GetResult> results = c.get(List.of(new AttributeAddress(3, REGISTER, 2),
                    new AttributeAddress(7, BOREALIS_EVENT_LOG, 2), new AttributeAddress(1, "0.0.96.1.9.255", 2),
                    new AttributeAddress(1, SERIAL, 2)));
            assertThat(fromServer.size()).isGreaterThanOrEqualTo(12);
            assertThat(fromServer).allSatisfy(m -> assertThat(HexFormat.of().formatHex(m, 8, 10)).isEqualTo("c402"));
            assertThat(results).hasSize(4);
            assertThat(number(success(results.get(0), "register"))).isEqualTo(987_654L);
            assertBorealisLog(success(results.get(1), "event log").getValue(), expected);
            assertThat(results.get(2).getResultCode()).isEqualTo(AccessResultCode.OBJECT_UNDEFINED);
            assertThat(new String(octets(success(results.get(3), "serial")), StandardCharsets.US_ASCII))
                    .isEqualTo("BOR-B2-1180034");
            c.disconnect();
        }
    }

    @Test
    void setsTheSimulatedClock() throws Exception {
        DlmsConnection c = connectAlphaEsme(null);
        SimulatedDevice esme = device("DMC-ALPHA", "ALPHA-ESME");
        OffsetDateTime wanted = OffsetDateTime.parse("2030-05-06T07:08:09Z");
        byte[] encoded = new CosemDateTime(2030, 5, 6, 1, 7, 8, 9, 0, 0).encode();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("07ee05060107080900000000");

        assertThat(c.set(new SetParameter(new AttributeAddress(8, CLOCK, 2), DataObject.newOctetStringData(encoded))))
                .isEqualTo(AccessResultCode.SUCCESS);
        assertThat(Duration.between(wanted, esme.clock().now()).abs()).isLessThan(Duration.ofSeconds(5));
        OffsetDateTime readBack = dateTime(octets(success(c.get(new AttributeAddress(8, CLOCK, 2)), "clock")));
        assertThat(Duration.between(wanted, readBack).abs()).isLessThan(Duration.ofSeconds(5));

        // A date-time with unspecified fields is no point in time: the meter refuses it.
        byte[] wildcard = encoded.clone();
        wildcard[5] = (byte) 0xFF;
        assertThat(c.set(new SetParameter(new AttributeAddress(8, CLOCK, 2), DataObject.newOctetStringData(wildcard))))
                .isEqualTo(AccessResultCode.TYPE_UNMATCHED);
        c.disconnect();
    }

    /** An event log row of the simulator as the test compares it: its time and event code. */
    private record LogEntry(OffsetDateTime time, int code) {
        static LogEntry of(List<org.dmct.dlms.axdr.DlmsData> row) {
            return new LogEntry(row.get(0).asDateTime().flatMap(org.dmct.dlms.cosem.CosemDateTime::toOffsetDateTime)
                    .orElseThrow(), (int) row.get(1).asLong().orElseThrow());
        }
    }

    private static void assertBorealisLog(List<DataObject> rows, List<LogEntry> expected) {
        assertThat(expected).hasSize(150);
        assertThat(rows).hasSize(150);
        for (int i = 0; i < rows.size(); i++) {
            List<DataObject> cols = rows.get(i).getValue();
            assertThat(dateTime(octets(cols.get(0)))).as("time of entry %d", i)
                    .isEqualTo(expected.get(i).time().withNano(0));
            assertThat(number(cols.get(1))).as("code of entry %d", i).isEqualTo(expected.get(i).code());
        }
    }

    // ---- a relay that makes jDLMS propose a small PDU size ------------------------------------------------

    /**
     * A one-connection TCP relay between jDLMS and the simulator that rewrites the client-max-receive-pdu-size at
     * the end of the AARQ's xDLMS InitiateRequest (the last two bytes of an unciphered AARQ) and passes every other
     * byte unchanged. It parses the wrapper framing (8-byte header, length in bytes 6..7) in both directions.
     */
    private static final class PduSizeRelay implements AutoCloseable {
        private final ServerSocket listener;
        private final int target;
        private final int pduSize;
        private final AtomicReference<Integer> original = new AtomicReference<>();
        private final AtomicInteger largestFromServer = new AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();

        PduSizeRelay(int targetPort, int pduSize) throws IOException {
            this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.target = targetPort;
            this.pduSize = pduSize;
            start("relay-accept", this::acceptOne);
        }

        int port() {
            return listener.getLocalPort();
        }

        Integer originalPduSize() {
            return original.get();
        }

        int largestFrameFromServer() {
            return largestFromServer.get();
        }

        private void start(String name, ThrowingRunnable body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (IOException e) {
                    // the relay is being closed
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        private void acceptOne() throws IOException {
            Socket client = listener.accept();
            sockets.add(client);
            Socket server = new Socket();
            sockets.add(server);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            start("relay-up", () -> pump(client.getInputStream(), server.getOutputStream(), true));
            start("relay-down", () -> pump(server.getInputStream(), client.getOutputStream(), false));
        }

        private void pump(InputStream in, OutputStream out, boolean fromClient) throws IOException {
            while (true) {
                byte[] header = in.readNBytes(8);
                if (header.length < 8) {
                    out.close();
                    return;
                }
                int length = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
                byte[] payload = in.readNBytes(length);
                if (payload.length < length) {
                    out.close();
                    return;
                }
                if (fromClient && payload.length > 2 && (payload[0] & 0xFF) == 0x60) {
                    int at = payload.length - 2;
                    original.set(((payload[at] & 0xFF) << 8) | (payload[at + 1] & 0xFF));
                    payload[at] = (byte) (pduSize >> 8);
                    payload[at + 1] = (byte) pduSize;
                }
                if (!fromClient) {
                    largestFromServer.accumulateAndGet(8 + length, Math::max);
                }
                out.write(header);
                out.write(payload);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
            for (Thread t : threads) {
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @FunctionalInterface
        private interface ThrowingRunnable {
            void run() throws IOException;
        }
    }
}
