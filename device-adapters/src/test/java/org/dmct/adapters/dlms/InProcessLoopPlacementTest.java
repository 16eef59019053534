package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LinkSpec;
import java.time.Clock;
import java.util.Map;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.InstallationSimulator;
import org.junit.jupiter.api.Test;

/**
 * With the simulators in the harness's process, the DLMS provider names each DMC's installation loop, so the runner
 * runs the DMC (and its adapter's connection) where the simulator answers: no request or answer crosses threads.
 */
class InProcessLoopPlacementTest {
    private final DlmsAdapterProvider provider = new DlmsAdapterProvider();

    @Test
    void eachDmcIsPlacedOnTheLoopItsInstallationRunsOn() throws Exception {
        Set<EventLoop> used = new HashSet<>();
        try (TestLab lab = new TestLab()) {
            for (InstallationSimulator sim : lab.simulators.simulators()) {
                LabDmc dmc = lab.dmc(sim.dmc().id());
                assertThat(provider.preferredLoop(dmc, lab.group)).as(dmc.id()).containsSame(sim.eventLoop());
                used.add(sim.eventLoop());

                // A request from that loop is answered there and reaches the caller as usual.
                EventLoop loop = sim.eventLoop();
                DeviceAdapter adapter = provider.open(AdapterContext.of(dmc, loop, FrameRecorder.DISCARD,
                        Clock.systemUTC(), Duration.ofSeconds(5), SecretResolver.ENVIRONMENT));
                try {
                    LabDevice device = dmc.devices().get(0);
                    ServiceResponse r = adapter.execute(new ServiceRequest("rq-1", "11.2", device.id(),
                            device.type(), Map.of(), 1)).get(10, TimeUnit.SECONDS);
                    assertThat(r.code()).as(r.toString()).isEqualTo(ResponseCode.I0);
                } finally {
                    adapter.closeAsync().get(10, TimeUnit.SECONDS);
                }
            }
            // The installations are spread over the group's loops, not piled onto one.
            assertThat(used).hasSize(2);

            LabDmc first = lab.dmc(lab.simulators.simulators().get(0).dmc().id());
            EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                assertThat(provider.preferredLoop(first, other)).as("a loop of another group").isEmpty();
            } finally {
                other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            LinkSpec l = first.link();
            LabDmc remote = first.withLink(new LinkSpec(l.transport(), "192.0.2.10", l.port(), l.serial(), l.hdlc()));
            assertThat(provider.preferredLoop(remote, lab.group)).as("a device on another host").isEmpty();
            lab.simulators.close();
            assertThat(provider.preferredLoop(first, lab.group)).as("a stopped simulator").isEmpty();
        }
    }
}
