package org.dmct.sim;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.control.ControlServer;

/**
 * Runs the simulated installations of a lab on one shared event loop group: one {@link InstallationSimulator} per
 * simulated DMC. {@link #lab()} gives the lab with each simulated DMC's link pointing at the port its simulator
 * actually bound, which matters when ports are chosen by the system ({@code anyFreePort}); with it, push
 * destinations get free ports too, so that the harness and the simulators agree where alerts are pushed.
 */
public final class SimulatorHost implements AutoCloseable {
    private final List<InstallationSimulator> simulators;
    private final Lab lab;
    private final ControlServer control;

    private SimulatorHost(List<InstallationSimulator> simulators, Lab lab, ControlServer control) {
        this.simulators = simulators;
        this.lab = lab;
        this.control = control;
    }

    /**
     * Starts a simulator for every simulated DMC of the lab and waits until all are bound.
     *
     * @param anyFreePort bind each installation to a port the system chooses instead of the lab's port
     * @throws SimulatorException if any cannot start (the others are stopped again)
     */
    public static SimulatorHost start(Lab lab, EventLoopGroup group, Clock clock, SecretResolver secrets,
                                      boolean anyFreePort) {
        return start(lab, group, clock, secrets, anyFreePort, 0L);
    }

    /**
     * As {@link #start(Lab, EventLoopGroup, Clock, SecretResolver, boolean)}, with a run seed mixed into every
     * device's consumption seed; with a per-exchange {@link org.dmct.sim.time.SimulatedClock} (forked per
     * installation) the same seed and requests give the same answers on every run.
     */
    public static SimulatorHost start(Lab lab, EventLoopGroup group, Clock clock, SecretResolver secrets,
                                      boolean anyFreePort, long runSeed) {
        List<InstallationSimulator> started = new ArrayList<>();
        Map<String, LinkSpec> bound = new HashMap<>();
        Map<String, Integer> pushPorts = new HashMap<>();
        // Push ports stay bound until every simulator and the control server hold their own, so no port-0 bind
        // made meanwhile (nor another push port) can be given the same number.
        List<java.net.ServerSocket> reserved = new ArrayList<>();
        try {
            return startReserving(lab, group, clock, secrets, anyFreePort, runSeed, started, bound, pushPorts, reserved);
        } finally {
            for (java.net.ServerSocket s : reserved) {
                try {
                    s.close();
                } catch (java.io.IOException ignored) {
                    // closing a listener nobody connected to; nothing to recover
                }
            }
        }
    }

    private static SimulatorHost startReserving(Lab lab, EventLoopGroup group, Clock clock, SecretResolver secrets,
                                                boolean anyFreePort, long runSeed, List<InstallationSimulator> started,
                                                Map<String, LinkSpec> bound, Map<String, Integer> pushPorts,
                                                List<java.net.ServerSocket> reserved) {
        try {
            List<CompletableFuture<LinkSpec>> pending = new ArrayList<>();
            for (LabDmc dmc : lab.dmcs()) {
                if (!dmc.simulated()) {
                    continue;
                }
                LabDmc target = anyFreePort ? dmc.withLink(anyFree(dmc)) : dmc;
                if (anyFreePort && dmc.push() != null) {
                    // The harness binds the push port after the simulators start, so it is chosen here.
                    target = target.withPush(dmc.push().withPort(reserveFreePort(dmc.push().host(), reserved)));
                    pushPorts.put(dmc.id(), target.push().port());
                }
                InstallationSimulator sim = new InstallationSimulator(target, group, clock, secrets, runSeed);
                started.add(sim);
                pending.add(sim.start().thenApply(a -> {
                    synchronized (bound) {
                        bound.put(dmc.id(), a);
                    }
                    return a;
                }));
            }
            CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        } catch (CompletionException e) {
            started.forEach(InstallationSimulator::kill);
            if (e.getCause() instanceof SimulatorException s) {
                throw s;
            }
            throw new SimulatorException("cannot start the simulators: " + e.getCause(), e.getCause());
        }
        Lab boundLab = lab.mapDmcs(d -> bound.containsKey(d.id()) ? d.withLink(bound.get(d.id())) : d)
                .mapDmcs(d -> pushPorts.containsKey(d.id()) ? d.withPush(d.push().withPort(pushPorts.get(d.id()))) : d);
        ControlServer control;
        try {
            control = ControlServer.start(started, group, "127.0.0.1", 0);
        } catch (SimulatorException e) {
            started.forEach(InstallationSimulator::kill);
            throw e;
        }
        Lab controlled = boundLab.mapDmcs(d -> bound.containsKey(d.id()) ? d.withControl(control.endpoint(d.id())) : d);
        if (!started.isEmpty()) {
            // The run's manifest records the lab's environment: this names the simulator software that served it.
            controlled = controlled.withEnvironment(Lab.SIMULATORS_ENTRY, "DMCT Harness simulators (org.dmct.sim) "
                    + org.dmct.core.internal.Versions.implementationVersion(SimulatorHost.class) + ", "
                    + started.size() + " installation(s) in the harness process"
                    + (clock instanceof org.dmct.sim.time.SimulatedClock c && c.isPerExchange()
                    ? "; deterministic: per-exchange time from " + c.instant() + ", " + c.exchangeStep().get()
                    + " per request, run seed " + runSeed : ""));
        }
        return new SimulatorHost(List.copyOf(started), controlled, control);
    }

    /**
     * A port that is free now, for a listener the harness binds later (the push destination); its socket is kept in
     * {@code reserved} until the simulators have started.
     */
    private static int reserveFreePort(String host, List<java.net.ServerSocket> reserved) {
        try {
            java.net.ServerSocket s = FreePorts.reserve(host);
            reserved.add(s);
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new SimulatorException("cannot find a free port on " + host + " for a push destination: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The link a simulator takes when told to use any free address: port 0 for TCP, and for a serial line a pty
     * path in a fresh temporary directory, so parallel runs never meet on a fixed path.
     */
    private static LinkSpec anyFree(LabDmc dmc) {
        if (dmc.link().isTcp()) {
            return dmc.link().withPort(0);
        }
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dmct-pty-");
            dir.toFile().deleteOnExit();
            return dmc.link().withSerialPort(dir.resolve(dmc.id().toLowerCase(java.util.Locale.ROOT)).toString());
        } catch (java.io.IOException e) {
            throw new SimulatorException("cannot make a directory for the pty of DMC " + dmc.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The control interface of every installation of this host (stimuli and state, HTTP/JSON on loopback). */
    public ControlServer control() {
        return control;
    }

    /**
     * The lab as served: simulated DMCs' links carry the bound ports and pty paths, and their {@code control} the
     * endpoint of their installation on the control interface.
     */
    public Lab lab() {
        return lab;
    }

    public List<InstallationSimulator> simulators() {
        return simulators;
    }

    public Optional<InstallationSimulator> simulator(String dmcId) {
        return simulators.stream().filter(s -> s.dmc().id().equals(dmcId)).findFirst();
    }

    public List<SimulatedEndpoint> endpoints() {
        return simulators.stream().flatMap(s -> s.endpoints().stream()).toList();
    }

    @Override
    public void close() {
        control.close();
        simulators.forEach(InstallationSimulator::close);
    }
}
