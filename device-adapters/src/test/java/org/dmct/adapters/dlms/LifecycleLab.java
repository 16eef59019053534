package org.dmct.adapters.dlms;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;

/**
 * Test fixture: the repository's lifecycle CI lab ({@code ci-lifecycle.yaml}) served by fresh simulators on free
 * loopback ports (each test gets devices in their starting state), its keys read from the committed lifecycle test
 * keystore, and adapters whose alerts are collected.
 */
final class LifecycleLab implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys")::get);

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final Lab declared;
    final Lab lab;
    final SecretResolver secrets;
    final SimulatorHost simulators;
    final List<AlertEvent> alerts = new CopyOnWriteArrayList<>();

    LifecycleLab() {
        declared = new LabLoader().load(labFile());
        secrets = KeystoreSecretResolver.forLab(declared, ENVIRONMENT);
        simulators = SimulatorHost.start(declared, group, Clock.systemUTC(), secrets, true);
        lab = simulators.lab();
    }

    static Path labFile() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../lab-config/labs/ci-lifecycle.yaml").normalize();
        if (!p.toFile().isFile()) {
            throw new IllegalStateException("the lifecycle CI lab file is missing: " + p);
        }
        return p;
    }

    LabDmc dmc(String id) {
        return lab.dmc(id).orElseThrow();
    }

    DlmsAdapter open(String dmcId) {
        return open(dmc(dmcId), secrets);
    }

    /** An adapter for {@code dmc} (possibly altered by a test) whose keys come from {@code adapterSecrets}. */
    DlmsAdapter open(LabDmc dmc, SecretResolver adapterSecrets) {
        return (DlmsAdapter) new DlmsAdapterProvider().open(AdapterContext.of(dmc, group,
                (device, request, dir, bytes, note) -> { }, Clock.systemUTC(), Duration.ofSeconds(10), adapterSecrets,
                alerts::add));
    }

    static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type,
                                Map<String, Object> params) throws Exception {
        ServiceRequest request = new ServiceRequest("l" + IDS.incrementAndGet(), srv, device, type, params, 1);
        return adapter.execute(request).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
