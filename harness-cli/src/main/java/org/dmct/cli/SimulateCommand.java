package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dmct.core.fault.FaultsFile;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatedEndpoint;
import org.dmct.sim.SimulatorHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dmct simulate --lab FILE}: serves every simulated DMC of a lab on its own port until interrupted, printing
 * each simulated device's endpoint so that {@code dmct run} (or any DLMS client) can be pointed at it.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Serve the lab's simulated DMCs (one TCP wrapper port per installation) until interrupted.")
final class SimulateCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--lab", required = true, paramLabel = "FILE", description = "the lab file")
    Path lab;

    @Option(names = "--any-port", description = "bind each installation to a free port instead of the lab's")
    boolean anyPort;

    @Mixin
    SimulationTimeOptions simulationTime = new SimulationTimeOptions();

    @Option(names = "--faults", paramLabel = "FILE", description = "a fault file: faults the simulators inject "
            + "(and the manifest records), laid over the profiles' and the lab's")
    Path faults;

    SimulateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Lab loaded = new LabLoader().load(lab);
        if (faults != null) {
            loaded = FaultsFile.load(faults).applyTo(loaded);
        }
        if (loaded.dmcs().stream().noneMatch(d -> d.simulated())) {
            console.err().println("dmct simulate: lab " + loaded.id() + " has no simulated DMC");
            return ExitCodes.USAGE_OR_CONFIG;
        }
        EventLoopGroup group = EventLoops.create();
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimulatorHost host = SimulatorHost.start(loaded, group, simulationTime.clock(),
                RunSupport.secrets(loaded), anyPort, simulationTime.seed())) {
            Thread hook = new Thread(stopped::countDown, "dmct-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            console.out().printf("Simulating lab %s: %d installations%n", loaded.id(), host.simulators().size());
            for (SimulatedEndpoint e : host.endpoints()) {
                console.out().println("  " + e);
            }
            host.lab().dmcs().forEach(d -> d.controlEndpoint().ifPresent(c ->
                    console.out().println("  " + d.id() + " control: " + c)));
            console.out().println("Ready. Press Ctrl-C to stop.");
            console.out().flush();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook has done its work
            }
        } finally {
            EventLoops.shutdown(group);
        }
        console.out().println("Simulators stopped.");
        return ExitCodes.OK;
    }
}
