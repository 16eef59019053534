package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.core.fault.FaultsFile;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.pack.PackRepository;
import org.dmct.core.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmct run --lab FILE --pack ID --out DIR}: runs packs on the lab's DMCs (real devices, or simulators started
 * separately with {@code dmct simulate}) and writes the run bundle to DIR.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run test packs on the DMCs of a lab and write the run bundle (manifest, evidence, reports).")
final class RunCommand implements Callable<Integer> {
    private final Console console;

    @Option(names = "--lab", required = true, paramLabel = "FILE", description = "the lab file")
    Path lab;

    @Option(names = "--pack", required = true, paramLabel = "ID|FILE",
            description = "a pack id (found in the lab's pack directories) or a pack file; repeatable")
    List<String> packs = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the bundle directory to create (must not exist or be empty)")
    Path out;

    @Option(names = "--dmc", paramLabel = "ID", description = "run only these DMCs; repeatable (default: all)")
    List<String> dmcs = new ArrayList<>();

    @Option(names = "--packs-dir", paramLabel = "DIR", description = "another directory to find packs in; repeatable")
    List<Path> packDirs = new ArrayList<>();

    @Option(names = "--state", paramLabel = "DIR", description = "the lab state directory: the run's failures are "
            + "raised in its Testing Issues register, and its status.json (if any) follows the run's DMCs (default: "
            + "the lab's state:, else <lab dir>/state/)")
    Path state;

    @Option(names = "--faults", paramLabel = "FILE", description = "a fault file: faults the simulators inject "
            + "(and the manifest records), laid over the profiles' and the lab's")
    Path faults;

    @Option(names = "--operator-answers", paramLabel = "FILE", description = "answers to the operator prompts of "
            + "stimulate steps on real devices, for an unattended run (default: ask on the terminal)")
    Path operatorAnswers;

    @Option(names = "--parallel", paramLabel = "N", description = "run at most N DMCs at once, the others waiting "
            + "for one to finish (default 0: all at once; for thousands of simulated installations on a few cores)")
    int parallel;

    RunCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Lab loaded = new LabLoader().load(lab);
        if (faults != null) {
            loaded = FaultsFile.load(faults).applyTo(loaded);
        }
        for (String id : dmcs) {
            if (loaded.dmc(id).isEmpty()) {
                console.err().println("dmct run: lab " + loaded.id() + " has no DMC '" + id + "'");
                return ExitCodes.USAGE_OR_CONFIG;
            }
        }
        List<Pack> resolved = PackRepository.forLab(loaded, packDirs, new PackLoader()).resolveAll(packs);
        EventLoopGroup group = EventLoops.create();
        try {
            // A run refused for its bundle directory (not empty) must not move DMCs into test.
            RunStatusHook status = RunStatusHook.usable(out) ? RunStatusHook.forRun(console, state, lab) : null;
            if (status != null) {
                status.started(dmcs.isEmpty() ? loaded.dmcs().stream().map(d -> d.id()).toList() : dmcs,
                        "run into " + out);
            }
            RunOutcome outcome = RunSupport.run(console, loaded, resolved, out, dmcs, group,
                    RunSupport.operator(console, operatorAnswers), parallel);
            if (status != null) {
                status.finished(outcome);
            }
            RunSupport.summarise(console, outcome);
            RunSupport.printThroughput(console, outcome);
            RaiseIssuesAfterRun.raise(console, loaded, state, outcome);
            if (outcome.errorMessage().isPresent()) {
                return ExitCodes.INFRASTRUCTURE;
            }
            return outcome.allMet() ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
        } finally {
            EventLoops.shutdown(group);
        }
    }
}
