package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI lab with two profiles changed, served by the simulators over the TCP wrapper and read through the adapter:
 * the Acme ESME keeps an event log of 500 entries (about 9 kB, far more than one 1024-byte APDU), and the GasCo
 * GSME's profile claims 4.8.1 without naming the load profile object (a profile mistake the adapter reports loudly).
 */
class ModifiedProfilesAgainstSimulatorTest {
    @TempDir
    Path dir;

    private EventLoopGroup group;
    private SimulatorHost simulators;
    private final List<TestLab.Frame> frames = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        simulators = SimulatorHost.start(lab(), group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
    }

    @AfterEach
    void stop() {
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Lab lab() throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(repo.resolve("lab-config/profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        replace(profiles.resolve("esme-acme-a1.yaml"), "  eventLogEntries: 40", "  eventLogEntries: 500");
        replace(profiles.resolve("gsme-gasco-g4.yaml"), "  loadProfile:", "  # loadProfile:");
        Files.createDirectories(dir.resolve("packs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.createDirectories(lab.getParent());
        Files.writeString(lab, Files.readString(repo.resolve("lab-config/labs/ci-simulated.yaml"))
                .replace("../../test-packs/packs", "../packs"));
        return new LabLoader().load(lab);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file + " to change").contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private DlmsAdapter open(String dmc) {
        AdapterContext context = AdapterContext.of(simulators.lab().dmc(dmc).orElseThrow(), group,
                (device, request, dir, bytes, note) -> frames.add(new TestLab.Frame(device, request, dir, bytes, note)),
                Clock.systemUTC(), Duration.ofSeconds(5), SecretResolver.ENVIRONMENT);
        return (DlmsAdapter) new DlmsAdapterProvider().open(context);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEventLogOf500EntriesIsReadWholeInGetDataBlocks() throws Exception {
        try (DlmsAdapter a = open("DMC-ALPHA")) {
            ServiceRequest request = new ServiceRequest("log500", "6.13", "ALPHA-ESME", DeviceType.ESME, Map.of(), 1);
            ServiceResponse r = a.execute(request).get(60, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(r.detail()).isTrue();
            List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
            assertThat(entries).hasSize(500);
            assertThat(r.values()).containsEntry("entryCount", 500L);
            for (int i = 1; i < entries.size(); i++) {
                assertThat((OffsetDateTime) entries.get(i).get("time")).as("entry %d in time order", i)
                        .isAfter((OffsetDateTime) entries.get(i - 1).get("time"));
            }
            // 500 rows of 18 bytes in APDUs of at most 1024 bytes: at least nine GET-Response-With-Datablock (C4 02).
            List<byte[]> answers = frames.stream().filter(f -> "log500".equals(f.requestId())
                    && f.direction() == FrameDirection.RECEIVED && f.bytes()[8] == (byte) 0xC4)
                    .map(TestLab.Frame::bytes).toList();
            assertThat(answers.size()).isGreaterThanOrEqualTo(9);
            assertThat(answers).allSatisfy(b -> assertThat(b[9]).as("GET-Response-With-Datablock").isEqualTo((byte) 2));

            // The newest 3 by entry are the last 3 of the whole log.
            ServiceResponse last = a.execute(new ServiceRequest("last3", "6.13", "ALPHA-ESME", DeviceType.ESME,
                    Map.of("lastEntries", 3), 1)).get(30, TimeUnit.SECONDS);
            assertThat((List<Map<String, Object>>) last.values().get("entries")).isEqualTo(entries.subList(497, 500));
        }
    }

    @Test
    void aProfileClaiming481WithoutALoadProfileIsAHarnessErrorNamingTheProfile() {
        try (DlmsAdapter a = open("DMC-ALPHA")) {
            ServiceRequest request = new ServiceRequest("nolp", "4.8.1", "ALPHA-GSME", DeviceType.GSME, Map.of(), 1);
            assertThatThrownBy(() -> a.execute(request).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("profile gsme-gasco-g4").hasMessageContaining("supports SRV 4.8.1")
                    .hasMessageContaining("no 'loadProfile'");
            assertThat(frames).noneMatch(f -> "nolp".equals(f.requestId()));
        }
    }
}
