package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test, run on every link the lab can declare (TCP wrapper, HDLC over TCP, HDLC over a pty pair): the CI lab's
 * Acme ESME with an event log of 500 entries, a small APDU size and short HDLC frames, read through the adapter. The
 * answer spans several GET data blocks and, over HDLC, every block spans several frames; it must arrive whole.
 */
class EveryLinkTest {
    @TempDir
    Path dir;

    private EventLoopGroup group;
    private SimulatorHost simulators;
    private final List<TestLab.Frame> frames = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (simulators != null) {
            simulators.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static LinkSpec link(LinkSpec.Transport transport) {
        LinkSpec.HdlcOptions hdlc = new LinkSpec.HdlcOptions(4, 0x10, 128, 3, Duration.ofMillis(500));
        return switch (transport) {
            case TCP_WRAPPER -> new LinkSpec(transport, "127.0.0.1", 0);
            case HDLC_TCP -> new LinkSpec(transport, "127.0.0.1", 0, null, hdlc);
            case HDLC_SERIAL -> new LinkSpec(transport, null, 0,
                    new LinkSpec.SerialLine("set-by-the-simulator", 115200, 8, LinkSpec.Parity.NONE, 10), hdlc);
        };
    }

    private Lab lab(LinkSpec.Transport transport) throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(repo.resolve("lab-config/profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        Path esme = profiles.resolve("esme-acme-a1.yaml");
        String text = Files.readString(esme);
        assertThat(text).contains("  eventLogEntries: 40").contains("  maxPduSize: 1024");
        Files.writeString(esme, text.replace("  eventLogEntries: 40", "  eventLogEntries: 500")
                .replace("  maxPduSize: 1024", "  maxPduSize: 512"));
        Files.createDirectories(dir.resolve("packs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.createDirectories(lab.getParent());
        Files.writeString(lab, Files.readString(repo.resolve("lab-config/labs/ci-simulated.yaml"))
                .replace("../../test-packs/packs", "../packs"));
        Lab loaded = new LabLoader().load(lab);
        return loaded.mapDmcs(d -> d.withLink(link(transport)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LinkSpec.Transport.class)
    @SuppressWarnings("unchecked")
    void anEventLogOf500EntriesArrivesWholeOverEveryLink(LinkSpec.Transport transport) throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        simulators = SimulatorHost.start(lab(transport), group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
        AdapterContext context = AdapterContext.of(simulators.lab().dmc("DMC-ALPHA").orElseThrow(), group.next(),
                (device, request, d, bytes, note) -> frames.add(new TestLab.Frame(device, request, d, bytes, note)),
                Clock.systemUTC(), Duration.ofSeconds(10), SecretResolver.ENVIRONMENT);
        try (DlmsAdapter a = (DlmsAdapter) new DlmsAdapterProvider().open(context)) {
            ServiceResponse r = a.execute(new ServiceRequest("log500", "6.13", "ALPHA-ESME", DeviceType.ESME,
                    Map.of(), 1)).get(120, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(r.code() + " " + r.detail()).isTrue();
            List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
            assertThat(entries).hasSize(500);
            for (int i = 1; i < entries.size(); i++) {
                assertThat((OffsetDateTime) entries.get(i).get("time")).as("entry %d in time order", i)
                        .isAfter((OffsetDateTime) entries.get(i - 1).get("time"));
            }
            List<byte[]> received = frames.stream().filter(f -> "log500".equals(f.requestId())
                    && f.direction() == FrameDirection.RECEIVED).map(TestLab.Frame::bytes).toList();
            if (transport == LinkSpec.Transport.TCP_WRAPPER) {
                // 500 rows of 18 bytes in APDUs of at most 512 bytes: GET-Response-With-Datablock many times.
                assertThat(received.stream().filter(b -> b[8] == (byte) 0xC4 && b[9] == 2)).hasSizeGreaterThan(17);
            } else {
                // Frames of 128 information bytes: segmented I-frames (format 0xA8), and blocks begin in some of them.
                long segmented = received.stream().filter(b -> b[0] == 0x7E && (b[1] & 0xF8) == 0xA8).count();
                long blockStarts = received.stream().filter(b -> indexOf(b, new byte[] {(byte) 0xE6, (byte) 0xE7, 0,
                        (byte) 0xC4, 2}) >= 0).count();
                assertThat(segmented).as("segmented HDLC frames").isGreaterThan(50);
                assertThat(blockStarts).as("GET data blocks").isGreaterThan(17);
            }

            // The link stays usable afterwards, on the same and on another device of the installation.
            ServiceResponse registers = a.execute(new ServiceRequest("after", "4.1.1", "ALPHA-ESME", DeviceType.ESME,
                    Map.of(), 1)).get(30, TimeUnit.SECONDS);
            assertThat(registers.values().get("activeImportTotal")).isInstanceOf(Quantity.class);
            ServiceResponse gas = a.execute(new ServiceRequest("gas", "11.2", "ALPHA-GSME", DeviceType.GSME,
                    Map.of(), 1)).get(30, TimeUnit.SECONDS);
            assertThat(gas.succeeded()).as(gas.detail()).isTrue();
            ServiceResponse back = a.execute(new ServiceRequest("back", "11.2", "ALPHA-ESME", DeviceType.ESME,
                    Map.of(), 1)).get(30, TimeUnit.SECONDS);
            assertThat(back.values()).containsEntry("firmwareVersion", "P4X2G04");
            a.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
