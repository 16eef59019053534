package org.dmct.adapters.dlms.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.adapters.dlms.DlmsAdapter;
import org.dmct.adapters.dlms.DlmsAdapterProvider;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.CosemMethod;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.IllegalAttributeAccessException;
import org.openmuc.jdlms.IllegalMethodAccessException;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.ServerConnectionInfo;
import org.openmuc.jdlms.datatypes.CosemDateFormat;
import org.openmuc.jdlms.datatypes.CosemDateTime;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.datatypes.DataObject.Type;

/**
 * Interoperability: the harness's DLMS adapter, driven through the public SPI exactly as the runner drives it,
 * against a server built with OpenMUC jDLMS 1.8.0 (a DLMS/COSEM stack nobody here wrote). The jDLMS server
 * decodes our AARQ, GET, SET, ACTION and RLRQ APDUs and answers with its own encodings, including GET data blocks
 * because our profile proposes a small PDU size. Every SRV that the test profile declares supported is executed
 * and its values compared exactly; for the SRVs that write, the state of the jDLMS-side COSEM object is checked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdapterAgainstJdlmsServerInteropTest {
    private static final int LOGICAL_DEVICE = 1;
    private static final int CLIENT = 16;
    /** What our AARQ proposes as client-max-receive-pdu-size: small, so the event log needs GET data blocks. */
    private static final int MAX_PDU = 256;
    private static final String DEVICE = "JDLMS-ESME";
    private static final int LOG_ENTRIES = 60;
    private static final OffsetDateTime LOG_START = OffsetDateTime.parse("2025-12-01T00:00:00Z");
    private static final OffsetDateTime INITIAL_CLOCK = OffsetDateTime.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private DlmsServer server;
    private int port;
    private final List<ServerConnectionInfo> connectionEvents = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestIds = new AtomicInteger();

    private JdlmsRegister register;
    private JdlmsClock clock;
    private JdlmsData firmware;
    private JdlmsData serial;
    private JdlmsData manufacturer;
    private JdlmsDisconnectControl supplySwitch;
    private JdlmsEventLog eventLog;

    private DeviceAdapter adapter;

    /** One frame our adapter recorded as evidence. */
    private record Frame(String requestId, FrameDirection direction, byte[] bytes) { }

    @BeforeEach
    void startJdlmsServerAndAdapter() throws Exception {
        register = new JdlmsRegister("1.0.1.8.0.255", 1_234_568L, 0, 30);
        clock = new JdlmsClock("0.0.1.0.0.255", cosemDateTime(INITIAL_CLOCK));
        firmware = new JdlmsData("1.0.0.2.0.255", "P4X2G04");
        serial = new JdlmsData("0.0.96.1.0.255", "JDL-0000042");
        manufacturer = new JdlmsData("0.0.96.1.1.255", "OpenMUC jDLMS");
        supplySwitch = new JdlmsDisconnectControl("0.0.96.3.10.255");
        List<DataObject> entries = new ArrayList<>();
        for (int i = 0; i < LOG_ENTRIES; i++) {
            entries.add(DataObject.newStructureData(
                    DataObject.newOctetStringData(cosemDateTime(LOG_START.plusHours(i))),
                    DataObject.newUInteger16Data(0x8F00 + i)));
        }
        eventLog = new JdlmsEventLog("0.0.99.98.0.255", entries);

        LogicalDevice ld = new LogicalDevice(LOGICAL_DEVICE, "JDLMS-ESME", "ISE", 4242L);
        // Client 16, lowest level security (no authentication, no ciphering).
        ld.addRestriction(CLIENT, SecuritySuite.builder().build());
        ld.registerCosemObject(register, clock, firmware, serial, manufacturer, supplySwitch, eventLog);
        server = startServer(ld);

        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(writeLab());
        LabDmc dmc = lab.dmc("DMC-JDLMS").orElseThrow();
        assertThat(dmc.simulated()).isFalse();
        assertThat(dmc.link().port()).isEqualTo(port);
        DlmsAdapterProvider provider = new DlmsAdapterProvider();
        assertThat(provider.supports(dmc)).isTrue();
        adapter = provider.open(context(dmc));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (adapter != null) {
                // Release (RLRQ) before the server goes away, so nothing is left in flight.
                ((DlmsAdapter) adapter).closeAsync().get(10, TimeUnit.SECONDS);
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (group != null) {
                    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        }
    }

    /** Binds the jDLMS server to a free port (see {@link JdlmsServer#startOnFreePort}). */
    private DlmsServer startServer(LogicalDevice ld) {
        JdlmsServer.Bound bound = JdlmsServer.startOnFreePort(p -> DlmsServer.tcpServerBuilder(p)
                .registerLogicalDevice(ld)
                .setConnectionListener(connectionEvents::add)
                .build());
        port = bound.port();
        return bound.server();
    }

    private Path writeLab() throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Path labs = Files.createDirectories(dir.resolve("labs"));
        Files.writeString(profiles.resolve("esme-jdlms-interop.yaml"), """
                # An ESME whose COSEM objects are served by OpenMUC jDLMS 1.8.0.
                id: esme-jdlms-interop
                deviceType: ESME
                manufacturer: OpenMUC
                model: jDLMS-1.8.0
                firmwareVersions: [P4X2G04]
                protocol:
                  adapter: dlms
                  clientAddress: %d
                  authentication: none
                  maxPduSize: %d
                functions:
                  clock:              { obis: "0-0:1.0.0.255", class: 8 }
                  activeImportTotal:  { obis: "1-0:1.8.0.255", class: 3 }
                  supplySwitch:       { obis: "0-0:96.3.10.255", class: 70 }
                  firmwareIdentifier: { obis: "1-0:0.2.0.255", class: 1 }
                  serialNumber:       { obis: "0-0:96.1.0.255", class: 1 }
                  manufacturer:       { obis: "0-0:96.1.1.255", class: 1 }
                  eventLog:           { obis: "0-0:99.98.0.255", class: 7 }
                supplyControl:
                  armControlMode: 2
                  enableControlMode: 1
                srvs:
                  supported: ["4.1.1", "6.2.4", "6.11", "6.13", "7.1", "7.2", "7.3", "7.4", "11.2"]
                  unsupportedResponse: E11
                """.formatted(CLIENT, MAX_PDU));
        Path lab = labs.resolve("jdlms-interop.yaml");
        Files.writeString(lab, """
                lab:
                  id: jdlms-interop
                  title: DLMS adapter against an OpenMUC jDLMS server
                profiles: [../profiles]
                defaults:
                  requestTimeout: 5s
                dmcs:
                  - id: DMC-JDLMS
                    title: jDLMS server
                    smso: Interop
                    installationType: dormant
                    simulated: false
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: %d }
                    devices:
                      - { id: %s, type: ESME, profile: esme-jdlms-interop, logicalDevice: %d, serialNumber: "JDL-0000042" }
                """.formatted(port, DEVICE, LOGICAL_DEVICE));
        return lab;
    }

    private AdapterContext context(LabDmc dmc) {
        FrameRecorder recorder = (device, request, direction, bytes, note) ->
                frames.add(new Frame(request, direction, bytes));
        return AdapterContext.of(dmc, group, recorder, Clock.systemUTC(), Duration.ofSeconds(5),
                SecretResolver.ENVIRONMENT);
    }

    private ServiceResponse execute(String srv, Map<String, Object> parameters) throws Exception {
        ServiceRequest request = new ServiceRequest("interop-" + requestIds.incrementAndGet(), srv, DEVICE,
                DeviceType.ESME, parameters, 1);
        return adapter.execute(request).get(15, TimeUnit.SECONDS);
    }

    private ServiceResponse send(String srv, Map<String, Object> parameters) throws Exception {
        ServiceResponse response = execute(srv, parameters);
        assertThat(response.code()).as("response code of SRV %s: %s", srv, response.detail()).isEqualTo(ResponseCode.I0);
        assertThat(response.succeeded()).as("SRV %s succeeded: %s", srv, response.detail()).isTrue();
        return response;
    }

    private ServiceResponse send(String srv) throws Exception {
        return send(srv, Map.of());
    }

    private long received(ServiceResponse r) {
        return frames.stream().filter(f -> r.requestId().equals(f.requestId())
                && f.direction() == FrameDirection.RECEIVED).count();
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void readsTheImportRegisterWithScalerAndUnit() throws Exception {
        ServiceResponse r = send("4.1.1");
        assertThat(r.values()).isEqualTo(Map.of("activeImportTotal", new Quantity(new BigDecimal("1234568"), "Wh")));
        // The association was opened by that request and jDLMS saw our addresses.
        await().atMost(Duration.ofSeconds(5)).until(() -> !connectionEvents.isEmpty());
        ServerConnectionInfo open = connectionEvents.get(0);
        assertThat(open.getConnectionStatus()).isEqualTo(ServerConnectionInfo.Status.OPEN);
        assertThat(open.getClientId()).isEqualTo(CLIENT);
        assertThat(open.getLogicalDeviceAddress()).isEqualTo(LOGICAL_DEVICE);
    }

    @Test
    void readsANegativeScalerAndAnotherUnitAsTheServerReportsThem() throws Exception {
        register.set(987_654L, -2, 30);
        assertThat(send("4.1.1").values())
                .isEqualTo(Map.of("activeImportTotal", new Quantity(new BigDecimal("9876.54"), "Wh")));
        register.set(42L, 3, 31);
        assertThat(send("4.1.1").values())
                .isEqualTo(Map.of("activeImportTotal", new Quantity(new BigDecimal("4.2E+4"), "VAh")));
    }

    @Test
    void readsFirmwareVersionAndIdentity() throws Exception {
        assertThat(send("11.2").values()).isEqualTo(Map.of("firmwareVersion", "P4X2G04"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("serialNumber", "JDL-0000042");
        expected.put("manufacturer", "OpenMUC jDLMS");
        expected.put("deviceType", "ESME");
        assertThat(send("6.2.4").values()).isEqualTo(expected);
    }

    @Test
    void synchronisesTheJdlmsClock() throws Exception {
        OffsetDateTime wanted = OffsetDateTime.parse("2026-01-15T10:00:00+01:00");
        ServiceResponse r = send("6.11", Map.of("time", wanted.toString()));

        // What jDLMS's clock object now holds: a 12-byte octet-string date-time, as the Blue Book has it.
        DataObject held = clock.time();
        assertThat(held.getType()).isEqualTo(Type.OCTET_STRING);
        byte[] bytes = held.getValue();
        assertThat(bytes).hasSize(12);
        CosemDateTime t = CosemDateTime.decode(bytes);
        assertThat(t.get(CosemDateFormat.Field.YEAR)).isEqualTo(2026);
        assertThat(t.get(CosemDateFormat.Field.MONTH)).isEqualTo(1);
        assertThat(t.get(CosemDateFormat.Field.DAY_OF_MONTH)).isEqualTo(15);
        assertThat(t.get(CosemDateFormat.Field.DAY_OF_WEEK)).as("Thursday").isEqualTo(4);
        assertThat(t.get(CosemDateFormat.Field.HOUR)).isEqualTo(10);
        assertThat(t.get(CosemDateFormat.Field.MINUTE)).isZero();
        assertThat(t.get(CosemDateFormat.Field.SECOND)).isZero();
        assertThat(t.get(CosemDateFormat.Field.HUNDREDTHS)).isZero();
        // Blue Book: deviation in minutes from local time to UTC, so UTC+01:00 is -60.
        assertThat(t.get(CosemDateFormat.Field.DEVIATION)).isEqualTo(-60);
        assertThat(t.get(CosemDateFormat.Field.CLOCK_STATUS)).isZero();
        assertThat(bytes).containsExactly(0x07, 0xEA, 0x01, 0x0F, 0x04, 0x0A, 0x00, 0x00, 0x00, 0xFF, 0xC4, 0x00);
        assertThat(clock.writes()).isEqualTo(1);

        // The adapter read the clock back from jDLMS: the same instant, with the same offset.
        assertThat(r.values()).containsOnlyKeys("deviceClock");
        assertThat((OffsetDateTime) r.values().get("deviceClock")).isEqualTo(wanted);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheWholeEventLogInGetDataBlocks() throws Exception {
        ServiceResponse r = send("6.13");
        List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
        assertThat(r.values().get("entryCount")).isEqualTo((long) LOG_ENTRIES);
        assertThat(entries).hasSize(LOG_ENTRIES);
        for (int i = 0; i < LOG_ENTRIES; i++) {
            assertThat(entries.get(i)).as("entry %d", i).isEqualTo(Map.of(
                    "time", LOG_START.plusHours(i), "code", String.format("0x%04X", 0x8F00 + i)));
        }
        assertThat(eventLog.selections()).containsExactly((SelectiveAccessDescription) null);
        // 60 entries of 19 bytes do not fit the 256-byte APDU we proposed: jDLMS sent data blocks (AARE + blocks).
        List<Frame> mine = frames.stream().filter(f -> r.requestId().equals(f.requestId())
                && f.direction() == FrameDirection.RECEIVED).toList();
        assertThat(mine.size()).isGreaterThanOrEqualTo(1 + 5);
        assertThat(mine.subList(1, mine.size())).allSatisfy(f -> {
            assertThat(f.bytes().length).isLessThanOrEqualTo(8 + MAX_PDU);
            assertThat(f.bytes()[8] & 0xFF).as("GET-Response").isEqualTo(0xC4);
            assertThat(f.bytes()[9] & 0xFF).as("with-datablock").isEqualTo(0x02);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheEventLogByRangeWithSelectiveAccessThatJdlmsDecodes() throws Exception {
        ServiceResponse r = send("6.13", Map.of("from", LOG_START.plusHours(10).toString(),
                "to", LOG_START.plusHours(14).toString()));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
        assertThat(entries).extracting(e -> e.get("code"))
                .containsExactly("0x8F0A", "0x8F0B", "0x8F0C", "0x8F0D", "0x8F0E");

        // jDLMS decoded our access selector and parameters: range_descriptor over the clock column.
        assertThat(eventLog.selections()).hasSize(1);
        SelectiveAccessDescription sel = eventLog.selections().get(0);
        assertThat(sel.getAccessSelector()).isEqualTo(1);
        List<DataObject> range = sel.getAccessParameter().getValue();
        assertThat(range).hasSize(4);
        List<DataObject> restricting = range.get(0).getValue();
        assertThat(((Number) restricting.get(0).getValue()).intValue()).isEqualTo(8);
        assertThat((byte[]) restricting.get(1).getValue()).containsExactly(0, 0, 1, 0, 0, 255);
        assertThat(((Number) restricting.get(2).getValue()).intValue()).isEqualTo(2);
        assertThat(((Number) restricting.get(3).getValue()).intValue()).isZero();
        assertThat(JdlmsEventLog.time(range.get(1))).isEqualTo(LOG_START.plusHours(10));
        assertThat(JdlmsEventLog.time(range.get(2))).isEqualTo(LOG_START.plusHours(14));
        assertThat(range.get(3).getType()).isEqualTo(Type.ARRAY);
        assertThat((List<?>) range.get(3).getValue()).isEmpty();
    }

    @Test
    void operatesTheJdlmsSupplySwitch() throws Exception {
        assertThat(send("7.4").values()).isEqualTo(Map.of("supplyStatus", "connected", "outputState", true));

        assertThat(send("7.2").values()).isEqualTo(Map.of("supplyStatus", "disconnected", "outputState", false));
        assertThat(supplySwitch.state()).isEqualTo(0);
        assertThat(supplySwitch.invocations()).containsExactly("remote_disconnect(INTEGER 0)");

        assertThat(send("7.3").values()).isEqualTo(Map.of("supplyStatus", "armed", "outputState", false));
        assertThat(supplySwitch.mode()).as("armControlMode written by SET").isEqualTo(2);
        assertThat(supplySwitch.state()).isEqualTo(2);

        assertThat(send("7.1").values()).isEqualTo(Map.of("supplyStatus", "connected", "outputState", true));
        assertThat(supplySwitch.mode()).as("enableControlMode written by SET").isEqualTo(1);
        assertThat(supplySwitch.state()).isEqualTo(1);
        assertThat(supplySwitch.invocations()).containsExactly("remote_disconnect(INTEGER 0)",
                "remote_reconnect(INTEGER 0)", "remote_reconnect(INTEGER 0)");
        assertThat(supplySwitch.modeWrites()).containsExactly("ENUMERATE 2", "ENUMERATE 1");
    }

    @Test
    void refusalsByJdlmsAreReportedWithTheirDlmsResult() throws Exception {
        firmware.refuseReads(true);
        ServiceResponse get = execute("11.2", Map.of());
        assertThat(get.code()).isEqualTo(ResponseCode.I0);
        assertThat(get.succeeded()).isFalse();
        assertThat(get.deviceResult()).isEqualTo("read-write-denied");
        assertThat(get.values()).isEmpty();

        clock.refuseWrites(true);
        ServiceResponse set = execute("6.11", Map.of("time", "2026-01-15T10:00:00Z"));
        assertThat(set.succeeded()).isFalse();
        assertThat(set.deviceResult()).isEqualTo("temporary-failure");
        assertThat(clock.writes()).isZero();

        supplySwitch.refuseActions(true);
        ServiceResponse action = execute("7.2", Map.of());
        assertThat(action.succeeded()).isFalse();
        assertThat(action.deviceResult()).isEqualTo("hardware-fault");
        assertThat(supplySwitch.state()).as("still connected").isEqualTo(1);

        // The association survived the refusals.
        firmware.refuseReads(false);
        assertThat(send("11.2").values()).isEqualTo(Map.of("firmwareVersion", "P4X2G04"));
    }

    @Test
    void releasesTheAssociationWhenClosed() throws Exception {
        send("11.2");
        ((DlmsAdapter) adapter).closeAsync().get(10, TimeUnit.SECONDS);
        adapter = null;
        // Our RLRQ was answered (an RLRE frame 0x63 was received) and jDLMS closed its side of the association.
        assertThat(frames).anySatisfy(f -> {
            assertThat(f.direction()).isEqualTo(FrameDirection.RECEIVED);
            assertThat(f.bytes()[8] & 0xFF).isEqualTo(0x63);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> connectionEvents.stream()
                .anyMatch(e -> e.getConnectionStatus() == ServerConnectionInfo.Status.CLOSED));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A fully specified 12-byte COSEM date-time (deviation = minutes from local time to UTC), built with jDLMS. */
    static byte[] cosemDateTime(OffsetDateTime time) {
        int deviation = -time.getOffset().getTotalSeconds() / 60;
        return new CosemDateTime(time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
                time.getDayOfWeek().getValue(), time.getHour(), time.getMinute(), time.getSecond(),
                time.getNano() / 10_000_000, deviation).encode();
    }

    // ---- the jDLMS side: COSEM objects built with jDLMS's server API --------------------------------------------

    /** Interface class 1 "Data" holding an ASCII octet-string. */
    @CosemClass(id = 1)
    public static class JdlmsData extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.OCTET_STRING, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject value;
        private volatile boolean refuse;

        JdlmsData(String obis, String text) {
            super(obis);
            this.value = DataObject.newOctetStringData(text.getBytes(StandardCharsets.US_ASCII));
        }

        public DataObject getValue() throws IllegalAttributeAccessException {
            if (refuse) {
                throw new IllegalAttributeAccessException(AccessResultCode.READ_WRITE_DENIED);
            }
            return value;
        }

        void refuseReads(boolean r) {
            refuse = r;
        }
    }

    /** Interface class 3 "Register": value (double-long-unsigned) and scaler_unit. */
    @CosemClass(id = 3)
    public static class JdlmsRegister extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
        private volatile DataObject value;
        @CosemAttribute(id = 3, type = Type.STRUCTURE, accessMode = AttributeAccessMode.READ_ONLY)
        private volatile DataObject scalerUnit;

        JdlmsRegister(String obis, long value, int scaler, int unit) {
            super(obis);
            set(value, scaler, unit);
        }

        void set(long v, int scaler, int unit) {
            value = DataObject.newUInteger32Data(v);
            scalerUnit = DataObject.newStructureData(DataObject.newInteger8Data((byte) scaler),
                    DataObject.newEnumerateData(unit));
        }
    }

    /** Interface class 8 "Clock": time as a 12-byte octet-string, writable; the other attributes fixed. */
    @CosemClass(id = 8)
    public static class JdlmsClock extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.OCTET_STRING)
        private volatile DataObject time;
        @CosemAttribute(id = 3, type = Type.LONG_INTEGER, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject timeZone = DataObject.newInteger16Data((short) 0);
        @CosemAttribute(id = 4, type = Type.UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject status = DataObject.newUInteger8Data((short) 0);
        private final AtomicInteger writes = new AtomicInteger();
        private volatile boolean refuse;

        JdlmsClock(String obis, byte[] initial) {
            super(obis);
            this.time = DataObject.newOctetStringData(initial);
        }

        public DataObject getTime() {
            return time;
        }

        public void setTime(DataObject t) throws IllegalAttributeAccessException {
            if (refuse) {
                throw new IllegalAttributeAccessException(AccessResultCode.TEMPORARY_FAILURE);
            }
            byte[] b = t.getValue();
            if (b.length != 12) {
                throw new IllegalAttributeAccessException(AccessResultCode.TYPE_UNMATCHED);
            }
            writes.incrementAndGet();
            time = t;
        }

        DataObject time() {
            return time;
        }

        int writes() {
            return writes.get();
        }

        void refuseWrites(boolean r) {
            refuse = r;
        }
    }

    /** Interface class 70 "Disconnect control" with the Blue Book's state machine (modes 1 and 2 suffice here). */
    @CosemClass(id = 70)
    public static class JdlmsDisconnectControl extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.BOOLEAN, accessMode = AttributeAccessMode.READ_ONLY)
        private volatile DataObject outputState = DataObject.newBoolData(true);
        @CosemAttribute(id = 3, type = Type.ENUMERATE, accessMode = AttributeAccessMode.READ_ONLY)
        private volatile DataObject controlState = DataObject.newEnumerateData(1);
        @CosemAttribute(id = 4, type = Type.ENUMERATE)
        private volatile DataObject controlMode = DataObject.newEnumerateData(1);
        private final List<String> invocations = new CopyOnWriteArrayList<>();
        private final List<String> modeWrites = new CopyOnWriteArrayList<>();
        private volatile boolean refuse;

        JdlmsDisconnectControl(String obis) {
            super(obis);
        }

        public void setControlMode(DataObject mode) throws IllegalAttributeAccessException {
            modeWrites.add(mode.getType() + " " + mode.getValue());
            controlMode = mode;
        }

        public DataObject getControlMode() {
            return controlMode;
        }

        @CosemMethod(id = 1, consumes = Type.INTEGER)
        public void remoteDisconnect(DataObject parameter) throws IllegalMethodAccessException {
            if (refuse) {
                throw new IllegalMethodAccessException(MethodResultCode.HARDWARE_FAULT);
            }
            invocations.add("remote_disconnect(" + parameter.getType() + " " + parameter.getValue() + ")");
            move(0);
        }

        @CosemMethod(id = 2, consumes = Type.INTEGER)
        public void remoteReconnect(DataObject parameter) throws IllegalMethodAccessException {
            invocations.add("remote_reconnect(" + parameter.getType() + " " + parameter.getValue() + ")");
            int mode = mode();
            boolean direct = mode == 1 || mode == 3 || mode == 5 || mode == 6;
            if (state() == 0 || state() == 2 && direct) {
                move(direct ? 1 : 2);
            }
        }

        private void move(int to) {
            controlState = DataObject.newEnumerateData(to);
            outputState = DataObject.newBoolData(to == 1);
        }

        int state() {
            return ((Number) controlState.getValue()).intValue();
        }

        int mode() {
            return ((Number) controlMode.getValue()).intValue();
        }

        List<String> invocations() {
            return invocations;
        }

        List<String> modeWrites() {
            return modeWrites;
        }

        void refuseActions(boolean r) {
            refuse = r;
        }
    }

    /** Interface class 7 "Profile generic" as an event log: buffer of {date-time, event code}, range selection. */
    @CosemClass(id = 7, version = 1)
    public static class JdlmsEventLog extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.ARRAY, accessMode = AttributeAccessMode.READ_ONLY, selector = {1})
        private final DataObject buffer;
        @CosemAttribute(id = 3, type = Type.ARRAY, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject captureObjects = DataObject.newArrayData(List.of(
                captureObject(8, new byte[] {0, 0, 1, 0, 0, (byte) 255}),
                captureObject(1, new byte[] {0, 0, 96, 11, 0, (byte) 255})));
        private final List<DataObject> entries;
        private final List<SelectiveAccessDescription> selections = new CopyOnWriteArrayList<>();

        JdlmsEventLog(String obis, List<DataObject> entries) {
            super(obis);
            this.entries = List.copyOf(entries);
            this.buffer = DataObject.newArrayData(this.entries);
        }

        private static DataObject captureObject(int classId, byte[] obis) {
            return DataObject.newStructureData(DataObject.newUInteger16Data(classId), DataObject.newOctetStringData(obis),
                    DataObject.newInteger8Data((byte) 2), DataObject.newUInteger16Data(0));
        }

        public DataObject getBuffer(SelectiveAccessDescription selection) throws IllegalAttributeAccessException {
            selections.add(selection);
            if (selection == null) {
                return buffer;
            }
            if (selection.getAccessSelector() != 1) {
                throw new IllegalAttributeAccessException(AccessResultCode.SCOPE_OF_ACCESS_VIOLATED);
            }
            List<DataObject> range = selection.getAccessParameter().getValue();
            OffsetDateTime from = time(range.get(1));
            OffsetDateTime to = time(range.get(2));
            List<DataObject> selected = new ArrayList<>();
            for (DataObject e : entries) {
                List<DataObject> cols = e.getValue();
                OffsetDateTime t = time(cols.get(0));
                if (!t.isBefore(from) && !t.isAfter(to)) {
                    selected.add(e);
                }
            }
            return DataObject.newArrayData(selected);
        }

        List<SelectiveAccessDescription> selections() {
            return selections;
        }

        /** A 12-byte octet-string date-time (deviation = minutes from local time to UTC) as a point in time. */
        static OffsetDateTime time(DataObject d) {
            CosemDateTime t = CosemDateTime.decode(d.getValue());
            return LocalDateTime.of(t.get(CosemDateFormat.Field.YEAR), t.get(CosemDateFormat.Field.MONTH),
                            t.get(CosemDateFormat.Field.DAY_OF_MONTH), t.get(CosemDateFormat.Field.HOUR),
                            t.get(CosemDateFormat.Field.MINUTE), t.get(CosemDateFormat.Field.SECOND))
                    .atOffset(ZoneOffset.ofTotalSeconds(-t.get(CosemDateFormat.Field.DEVIATION) * 60));
        }
    }
}
