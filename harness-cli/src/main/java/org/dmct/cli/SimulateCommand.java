package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dmct.core.fault.FaultsFile;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LabWriter;
import org.dmct.sim.LabReplicas;
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

    @Option(names = "--count", paramLabel = "N", description = "serve N installations: beyond the lab's simulated "
            + "DMCs, copies of them with derived ids and serials (e.g. DMC-ALPHA-0001), each on a free port")
    Integer count;

    @Option(names = "--write-lab", paramLabel = "OUT.yaml", description = "write the served installations and "
            + "their bound endpoints as a lab file that dmct run can use")
    Path writeLab;

    @Option(names = "--quiet-endpoints", description = "print a count instead of one line per simulated device")
    boolean quietEndpoints;

    SimulateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Lab loaded = new LabLoader().load(lab);
        if (faults != null) {
            loaded = FaultsFile.load(faults).applyTo(loaded);
        }
        if (writeLab != null && writeLab.toAbsolutePath().normalize().equals(lab.toAbsolutePath().normalize())) {
            console.err().println("dmct simulate: --write-lab must not overwrite the lab file it reads");
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (loaded.dmcs().stream().noneMatch(d -> d.simulated())) {
            console.err().println("dmct simulate: lab " + loaded.id() + " has no simulated DMC");
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (count != null) {
            try {
                loaded = LabReplicas.of(loaded, count);
            } catch (IllegalArgumentException e) {
                console.err().println("dmct simulate: " + e.getMessage());
                return ExitCodes.USAGE_OR_CONFIG;
            }
        }
        // Replicated installations share the lab's ports otherwise: they always take free ones.
        boolean freePorts = anyPort || count != null;
        EventLoopGroup group = EventLoops.create();
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimulatorHost host = SimulatorHost.start(loaded, group, simulationTime.clock(),
                RunSupport.secrets(console, loaded), freePorts, simulationTime.seed())) {
            Thread hook = new Thread(stopped::countDown, "dmct-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            console.out().printf("Simulating lab %s: %d installations%n", loaded.id(), host.simulators().size());
            if (quietEndpoints) {
                console.out().printf("  %d simulated devices%n", host.endpoints().size());
            } else {
                for (SimulatedEndpoint e : host.endpoints()) {
                    console.out().println("  " + e);
                }
            }
            if (writeLab != null) {
                Path written = LabWriter.write(host.lab(), writeLab, "Written by dmct simulate --lab " + lab
                        + (count != null ? " --count " + count : "") + ": the endpoints it serves while it runs.");
                console.out().println("Lab file: " + written);
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
