package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.core.fault.FaultsFile;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.pack.PackRepository;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dmct demo}: the whole job on the CI lab with no hardware: starts the simulated installations on free
 * loopback ports, runs every standard pack on every DMC, writes the bundle and prints where the report is. It exits
 * 0 when the run completed, whatever the verdicts (the CI lab has a DMC that fails on purpose), and 3 when it could
 * not run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Simulate the CI lab, run the standard packs on every DMC, and write the report.")
final class DemoCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--out", paramLabel = "DIR", description = "the bundle directory (default: runs/demo-<time> in the harness home)")
    Path out;

    @Option(names = "--lab", paramLabel = "FILE", description = "a lab with simulated DMCs (default: the CI lab)")
    Path lab;

    @Mixin
    SimulationTimeOptions simulationTime = new SimulationTimeOptions();

    @Option(names = "--faults", paramLabel = "FILE", description = "a fault file: faults the simulators inject "
            + "(and the manifest records), laid over the profiles' and the lab's")
    Path faults;

    @Option(names = "--operator-answers", paramLabel = "FILE", description = "answers to the operator prompts of "
            + "stimulate steps on real devices, for an unattended run (default: ask on the terminal)")
    Path operatorAnswers;

    DemoCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Path labFile = lab != null ? lab : Home.ciLab();
        Lab declared = new LabLoader().load(labFile);
        if (faults != null) {
            declared = FaultsFile.load(faults).applyTo(declared);
        }
        PackRepository repository = PackRepository.forLab(declared, List.of(), new PackLoader());
        List<Pack> packs = repository.index().keySet().stream().sorted().map(repository::resolve)
                .filter(Pack::standard).toList();
        if (packs.isEmpty()) {
            console.err().println("dmct demo: no standard pack in " + repository.directories());
            return ExitCodes.USAGE_OR_CONFIG;
        }
        Path bundle = out != null ? out : Home.dir().resolve("runs").resolve("demo-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant()));
        EventLoopGroup group = EventLoops.create();
        try (SimulatorHost simulators = SimulatorHost.start(declared, group, simulationTime.clock(),
                RunSupport.secrets(console, declared), true, simulationTime.seed())) {
            console.out().printf("Simulating %d installations of lab %s; running %s%n", simulators.simulators().size(),
                    declared.id(), packs.stream().map(p -> p.id() + " " + p.version()).toList());
            RunOutcome outcome = RunSupport.run(console, simulators.lab(), packs, bundle, List.of(), group,
                    RunSupport.operator(console, operatorAnswers), 0, simulationTime.runClock(),
                    simulationTime.supplierKeys());
            RunSupport.summarise(console, outcome);
            return outcome.errorMessage().isPresent() ? ExitCodes.INFRASTRUCTURE : ExitCodes.OK;
        } finally {
            EventLoops.shutdown(group);
        }
    }
}
