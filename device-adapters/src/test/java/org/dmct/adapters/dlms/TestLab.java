package org.dmct.adapters.dlms;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.AlertSink;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;

/**
 * Test fixture: the repository's CI lab served by the project's simulators on free loopback ports, an event loop
 * group, and an adapter context that records every frame.
 */
final class TestLab implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final Lab lab;
    final SimulatorHost simulators;
    final List<Frame> frames = new CopyOnWriteArrayList<>();

    /** One recorded frame. */
    record Frame(String deviceId, String requestId, FrameDirection direction, byte[] bytes, String note) { }

    TestLab() {
        Lab declared = new LabLoader().load(ciLab());
        simulators = SimulatorHost.start(declared, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
        lab = simulators.lab();
    }

    static Path ciLab() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../lab-config/labs/ci-simulated.yaml").normalize();
        if (!p.toFile().isFile()) {
            throw new IllegalStateException("the CI lab file is missing: " + p);
        }
        return p;
    }

    LabDmc dmc(String id) {
        return lab.dmc(id).orElseThrow();
    }

    AdapterContext context(LabDmc dmc, Duration timeout) {
        FrameRecorder recorder = (device, request, dir, bytes, note) -> frames.add(new Frame(device, request, dir, bytes, note));
        return AdapterContext.of(dmc, group, recorder, Clock.systemUTC(), timeout, SecretResolver.ENVIRONMENT);
    }

    /** A context that collects alerts, as the runner's does: the adapter then listens for pushes too. */
    AdapterContext context(LabDmc dmc, Duration timeout, AlertSink alerts) {
        FrameRecorder recorder = (device, request, dir, bytes, note) -> frames.add(new Frame(device, request, dir, bytes, note));
        return AdapterContext.of(dmc, group, recorder, Clock.systemUTC(), timeout, SecretResolver.ENVIRONMENT, alerts);
    }

    DlmsAdapter open(String dmcId) {
        return (DlmsAdapter) new DlmsAdapterProvider().open(context(dmc(dmcId), Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        simulators.close();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
