package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A DMC on a serial line (HDLC over a socat pty pair) whose devices take turns: every switch between logical devices
 * disconnects the data link (DISC/UA) and opens the next (SNRM/UA) on the same open port, read by one reader thread
 * for the adapter's life; closing the adapter closes the port.
 */
class SharedSerialLineTest {
    private static final int SNRM = 0x93;
    private static final int DISC = 0x53;

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

    @Test
    void switchingDevicesKeepsThePortOpenWithOneReader() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        LinkSpec serial = new LinkSpec(LinkSpec.Transport.HDLC_SERIAL, null, 0,
                new LinkSpec.SerialLine("set-by-the-simulator", 115200, 8, LinkSpec.Parity.NONE, 10),
                new LinkSpec.HdlcOptions(4, 0x10, 128, 3, Duration.ofMillis(500)));
        Lab lab = new LabLoader().load(repo.resolve("lab-config/labs/ci-simulated.yaml")).mapDmcs(d -> d.withLink(serial));
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        simulators = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
        var dmc = simulators.lab().dmc("DMC-ALPHA").orElseThrow();
        String port = dmc.link().serial().port();
        AdapterContext context = AdapterContext.of(dmc, group.next(),
                (device, request, d, bytes, note) -> frames.add(new TestLab.Frame(device, request, d, bytes, note)),
                Clock.systemUTC(), Duration.ofSeconds(10), SecretResolver.ENVIRONMENT);
        DlmsAdapter adapter = (DlmsAdapter) new DlmsAdapterProvider().open(context);
        Thread reader = null;
        String[][] turns = {{"ALPHA-ESME", "ESME"}, {"ALPHA-GSME", "GSME"}, {"ALPHA-ESME", "ESME"},
                {"ALPHA-GSME", "GSME"}, {"ALPHA-ESME", "ESME"}};
        for (int i = 0; i < turns.length; i++) {
            String device = turns[i][0];
            ServiceResponse r = adapter.execute(new ServiceRequest("turn-" + i, "11.2", device,
                    DeviceType.valueOf(turns[i][1]), Map.of(), 1)).get(60, TimeUnit.SECONDS);
            assertThat(r.succeeded()).as(device + ": " + r.code() + " " + r.detail()).isTrue();
            List<Thread> readers = readerThreads(port);
            assertThat(readers).as("reader threads of %s after turn %d", port, i).hasSize(1);
            if (reader == null) {
                reader = readers.get(0);
            }
            assertThat(readers.get(0)).as("the same reader after turn %d", i).isSameAs(reader);
        }
        // Each switch disconnected one logical device and opened the next on the open port.
        assertThat(sentControls(DISC)).isGreaterThanOrEqualTo(turns.length - 1);
        assertThat(sentControls(SNRM)).isGreaterThanOrEqualTo(turns.length);
        adapter.closeAsync().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> readerThreads(port).isEmpty());
        assertThat(reader.isAlive()).isFalse();
    }

    /** Frames sent with this HDLC control field (poll bit set); addresses are 4 bytes to the server, 1 from us. */
    private long sentControls(int control) {
        return frames.stream().filter(f -> f.direction() == FrameDirection.SENT && f.bytes().length > 8
                && (f.bytes()[8] & 0xFF) == control).count();
    }

    private static List<Thread> readerThreads(String port) {
        String name = "dmct-serial-read " + port + " #";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(name) && thread.isAlive()).toList();
    }
}
