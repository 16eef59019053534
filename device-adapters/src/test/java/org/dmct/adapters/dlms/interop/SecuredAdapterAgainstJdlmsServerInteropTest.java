package org.dmct.adapters.dlms.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.adapters.dlms.DlmsAdapter;
import org.dmct.adapters.dlms.DlmsAdapterProvider;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.SecretResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SecuritySuite.EncryptionMechanism;
import org.openmuc.jdlms.SecuritySuite.SecurityPolicy;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.datatypes.DataObject.Type;

/**
 * Interoperability with security: the harness's DLMS adapter, through the SPI, against an OpenMUC jDLMS 1.8.0 server
 * whose management client (1) requires HLS-GMAC (mechanism 5, security suite 0) with authenticated and encrypted
 * APDUs, with the keys of the shared vectors. The adapter reads jDLMS's frame counter object through the public
 * client first, then jDLMS deciphers our glo-initiate-request, checks our f(StoC), and we check its f(CtoS) and
 * decipher its answers, including the event log in GET data blocks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecuredAdapterAgainstJdlmsServerInteropTest {
    private static final byte[] EK = HexFormat.of().parseHex("000102030405060708090A0B0C0D0E0F");
    private static final byte[] AK = HexFormat.of().parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    private static final int LOGICAL_DEVICE = 1;
    private static final int MANAGEMENT_CLIENT = 1;
    private static final int LOG_ENTRIES = 40;
    private static final long JDLMS_FRAME_COUNTER = 7_000;

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private DlmsServer server;
    private int port;
    private DlmsAdapter adapter;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private AdapterAgainstJdlmsServerInteropTest.JdlmsDisconnectControl supplySwitch;

    @BeforeEach
    void start() throws Exception {
        supplySwitch = new AdapterAgainstJdlmsServerInteropTest.JdlmsDisconnectControl("0.0.96.3.10.255");
        List<DataObject> entries = new ArrayList<>();
        OffsetDateTime logStart = OffsetDateTime.parse("2025-12-01T00:00:00Z");
        for (int i = 0; i < LOG_ENTRIES; i++) {
            entries.add(DataObject.newStructureData(DataObject.newOctetStringData(
                    AdapterAgainstJdlmsServerInteropTest.cosemDateTime(logStart.plusHours(i))),
                    DataObject.newUInteger16Data(0x8F00 + i)));
        }
        LogicalDevice ld = new LogicalDevice(LOGICAL_DEVICE, "JDLMS-SECURED", "ISE", 4242L);
        // jDLMS wants a master key (key wrapping) for any secured client; the vectors' test master key
        ld.setMasterKey(HexFormat.of().parseHex("00112233445566778899AABBCCDDEEFF"));
        ld.addRestriction(16, SecuritySuite.builder().build());
        ld.addRestriction(MANAGEMENT_CLIENT, SecuritySuite.builder()
                .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                .setEncryptionMechanism(EncryptionMechanism.AES_GCM_128)
                .setSecurityPolicy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                .setGlobalUnicastEncryptionKey(EK.clone())
                .setAuthenticationKey(AK.clone())
                .build());
        ld.registerCosemObject(
                new AdapterAgainstJdlmsServerInteropTest.JdlmsRegister("1.0.1.8.0.255", 1_234_568L, 0, 30),
                new AdapterAgainstJdlmsServerInteropTest.JdlmsData("1.0.0.2.0.255", "P4X2G04"),
                new AdapterAgainstJdlmsServerInteropTest.JdlmsData("0.0.96.1.0.255", "JDL-0000042"),
                new AdapterAgainstJdlmsServerInteropTest.JdlmsData("0.0.96.1.1.255", "OpenMUC jDLMS"),
                supplySwitch,
                new AdapterAgainstJdlmsServerInteropTest.JdlmsEventLog("0.0.99.98.0.255", entries),
                new FrameCounter("0.0.43.1.0.255", JDLMS_FRAME_COUNTER));
        server = startServer(ld);
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(writeLab());
        HexFormat hex = HexFormat.of();
        SecretResolver environment = SecretResolver.environment(Map.of("JDLMS_EK", hex.formatHex(EK),
                "JDLMS_AK", hex.formatHex(AK))::get);
        AdapterContext context = AdapterContext.of(lab.dmc("DMC-JDLMS-HLS").orElseThrow(), group,
                (device, request, direction, bytes, note) -> {
                    if (direction == FrameDirection.SENT) {
                        sent.add(bytes.clone());
                    } else {
                        received.add(bytes.clone());
                    }
                }, Clock.systemUTC(), Duration.ofSeconds(5), environment);
        adapter = (DlmsAdapter) new DlmsAdapterProvider().open(context);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (adapter != null) {
                adapter.closeAsync().get(10, TimeUnit.SECONDS);
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
        JdlmsServer.Bound bound = JdlmsServer.startOnFreePort(p -> DlmsServer.tcpServerBuilder(p).registerLogicalDevice(ld).build());
        port = bound.port();
        return bound.server();
    }

    private Path writeLab() throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("esme-jdlms-hls5.yaml"), """
                id: esme-jdlms-hls5
                deviceType: ESME
                manufacturer: OpenMUC
                model: jDLMS-1.8.0
                firmwareVersions: [P4X2G04]
                protocol:
                  adapter: dlms
                  clientAddress: 1
                  authentication: hls-gmac
                  maxPduSize: 256
                  security: { policy: authenticated-encrypted, invocationCounter: "0-0:43.1.0.255" }
                functions:
                  activeImportTotal:  { obis: "1-0:1.8.0.255", class: 3 }
                  supplySwitch:       { obis: "0-0:96.3.10.255", class: 70 }
                  firmwareIdentifier: { obis: "1-0:0.2.0.255", class: 1 }
                  serialNumber:       { obis: "0-0:96.1.0.255", class: 1 }
                  manufacturer:       { obis: "0-0:96.1.1.255", class: 1 }
                  eventLog:           { obis: "0-0:99.98.0.255", class: 7 }
                supplyControl: { armControlMode: 2, enableControlMode: 1 }
                srvs:
                  supported: ["4.1.1", "6.13", "7.1", "7.2", "7.4", "11.2"]
                """);
        Path lab = dir.resolve("labs/jdlms-hls5.yaml");
        Files.createDirectories(lab.getParent());
        Files.writeString(lab, """
                lab: { id: jdlms-hls5, title: DLMS adapter against a jDLMS server with HLS-GMAC }
                profiles: [../profiles]
                dmcs:
                  - id: DMC-JDLMS-HLS
                    smso: Interop
                    installationType: dormant
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: %d }
                    devices:
                      - id: JDLMS-ESME
                        type: ESME
                        profile: esme-jdlms-hls5
                        logicalDevice: %d
                        serialNumber: "JDL-0000042"
                        security:
                          clientSystemTitle: "4142430000000007"
                          encryptionKey: { env: JDLMS_EK }
                          authenticationKey: { env: JDLMS_AK }
                """.formatted(port, LOGICAL_DEVICE));
        return lab;
    }

    private ServiceResponse send(String srv) throws Exception {
        ServiceResponse r = adapter.execute(new ServiceRequest("hls-" + ids.incrementAndGet(), srv, "JDLMS-ESME",
                DeviceType.ESME, Map.of(), 1)).get(15, TimeUnit.SECONDS);
        assertThat(r.code()).as("SRV %s: %s", srv, r.detail()).isEqualTo(ResponseCode.I0);
        assertThat(r.succeeded()).as("SRV %s: %s", srv, r.detail()).isTrue();
        return r;
    }

    private static long invocationCounter(byte[] frame) {
        int i = 9;
        int length = frame[i] & 0xFF;
        i += length == 0x81 ? 2 : length == 0x82 ? 3 : 1;
        i++;
        return ((long) (frame[i] & 0xFF) << 24) | ((frame[i + 1] & 0xFF) << 16) | ((frame[i + 2] & 0xFF) << 8)
                | (frame[i + 3] & 0xFF);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsRegistersSwitchesAndReadsTheEventLogOverHlsGmac() throws Exception {
        assertThat(send("4.1.1").values())
                .isEqualTo(Map.of("activeImportTotal", new Quantity(new BigDecimal("1234568"), "Wh")));
        assertThat(send("11.2").values()).isEqualTo(Map.of("firmwareVersion", "P4X2G04"));
        assertThat(send("7.2").values()).containsEntry("supplyStatus", "disconnected");
        assertThat(supplySwitch.state()).isZero();
        assertThat(send("7.1").values()).containsEntry("supplyStatus", "connected");
        assertThat(supplySwitch.state()).isEqualTo(1);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) send("6.13").values().get("entries");
        assertThat(entries).hasSize(LOG_ENTRIES);

        // Our AARQ went in clear with the ciphered glo-initiate-request; everything after it was glo-ciphered,
        // with counters starting above the frame counter jDLMS published and rising.
        List<byte[]> secured = sent.stream().filter(f -> f[3] == MANAGEMENT_CLIENT).toList();
        assertThat(secured.get(0)[8]).isEqualTo((byte) 0x60);
        List<Long> counters = new ArrayList<>();
        for (byte[] f : secured.subList(1, secured.size())) {
            if ((f[8] & 0xFF) == 0x62) {
                continue; // RLRQ
            }
            assertThat(f[8] & 0xFF).isBetween(0xC8, 0xCF);
            counters.add(invocationCounter(f));
        }
        assertThat(counters).hasSizeGreaterThan(8).isSorted().doesNotHaveDuplicates();
        assertThat(counters.get(0)).isGreaterThan(JDLMS_FRAME_COUNTER);
        // the event log came in several ciphered GET blocks (glo-get-response)
        assertThat(received.stream().filter(f -> (f[8] & 0xFF) == 0xCC).count()).isGreaterThan(10);
    }

    /** A frame counter object as a meter publishes it to the public client: class 1, double-long-unsigned. */
    @CosemClass(id = 1)
    public static class FrameCounter extends CosemInterfaceObject {
        @CosemAttribute(id = 2, type = Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
        private final DataObject value;

        FrameCounter(String obis, long counter) {
            super(obis);
            this.value = DataObject.newUInteger32Data(counter);
        }

        public DataObject getValue() {
            return value;
        }
    }
}
