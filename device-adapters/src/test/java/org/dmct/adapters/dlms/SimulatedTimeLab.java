package org.dmct.adapters.dlms;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.time.SimulatedClock;

/**
 * Test fixture: a lab file served by the project's simulators on a {@link SimulatedClock} the test advances, and
 * one DLMS adapter on the same clock (so "now" means the same to both) collecting the alerts it receives, on free
 * loopback ports.
 */
final class SimulatedTimeLab implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final SimulatedClock clock;
    final SimulatorHost simulators;
    final Lab lab;
    final DlmsAdapter adapter;
    /** Alerts the adapter received (on an association or pushed to its listener). */
    final List<AlertEvent> alerts = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    SimulatedTimeLab(String labFile, String dmcId, Instant start) {
        this(labFile(labFile), dmcId, start);
    }

    SimulatedTimeLab(Path labFile, String dmcId, Instant start) {
        clock = SimulatedClock.manual(start);
        Lab declared = new LabLoader().load(labFile);
        simulators = SimulatorHost.start(declared, group, clock, SecretResolver.ENVIRONMENT, true);
        lab = simulators.lab();
        LabDmc dmc = lab.dmc(dmcId).orElseThrow();
        FrameRecorder ignore = (device, request, dir, bytes, note) -> { };
        adapter = (DlmsAdapter) new DlmsAdapterProvider().open(
                AdapterContext.of(dmc, group, ignore, clock, Duration.ofSeconds(10), SecretResolver.ENVIRONMENT,
                        alerts::add));
    }

    static Path labFile(String name) {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../lab-config/labs/" + name).normalize();
        if (!p.toFile().isFile()) {
            throw new IllegalStateException("the lab file is missing: " + p);
        }
        return p;
    }

    LabDevice device(String dmcId, String deviceId) {
        return lab.dmc(dmcId).orElseThrow().device(deviceId).orElseThrow();
    }

    ServiceResponse send(String srv, LabDevice device, Map<String, Object> params) throws Exception {
        ServiceRequest request = new ServiceRequest("r" + ids.incrementAndGet(), srv, device.id(), device.type(),
                params, 1);
        return adapter.execute(request).get(60, TimeUnit.SECONDS);
    }

    ServiceResponse send(String srv, LabDevice device) throws Exception {
        return send(srv, device, Map.of());
    }

    /** Advances simulated time in steps of at most an hour, so charges and alerts happen on the way. */
    void advance(Duration by) {
        clock.advance(by, Duration.ofHours(1));
    }

    @Override
    public void close() {
        adapter.close();
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
