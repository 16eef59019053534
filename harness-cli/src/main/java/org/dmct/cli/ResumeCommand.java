package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.RunPlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dmct resume BUNDLE [--lab FILE]}: continues a run that was killed, in its own bundle. The lab and pack files
 * come from the bundle's {@code run-plan.json} (the lab from {@code --lab} when it has moved) and must be unchanged
 * (same SHA-256); finished tests are kept, interrupted ones run again, and the bundle is finished as {@code dmct run}
 * finishes it. Exit codes are run's; 2 also when the bundle cannot be resumed (complete already, altered, or its lab or
 * a pack changed).
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a killed run in its bundle: keep the finished tests, re-run the interrupted ones, record"
                + " the resumption in the evidence, and write reports and manifest. Refused (exit 2) when the bundle is"
                + " complete, its evidence was altered, or the lab or a pack file changed since the run started.")
final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the bundle of the interrupted run")
    Path bundle;

    @Option(names = "--lab", paramLabel = "FILE",
            description = "the lab file, when it is no longer where the run read it (it must be the same file content)")
    Path lab;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), false);
        RunPlanFile plan = RunPlanFile.read(bundle);
        Path labFile = lab != null ? lab : plan.lab().file() == null ? null : Path.of(plan.lab().file());
        if (labFile == null || !Files.isRegularFile(labFile)) {
            console.err().println("dmct resume: the lab file the run used (" + plan.lab().file() + ") is not there;"
                    + " give it with --lab FILE");
            return ExitCodes.USAGE_OR_CONFIG;
        }
        Lab loaded = new LabLoader().load(labFile);
        List<Pack> packs = new ArrayList<>();
        PackLoader loader = new PackLoader();
        for (RunPlanFile.PackRef ref : plan.packs()) {
            if (ref.file() == null || !Files.isRegularFile(Path.of(ref.file()))) {
                console.err().println("dmct resume: pack " + ref.id() + " the run used (" + ref.file()
                        + ") is not there; a run can only be resumed with the pack files it started with");
                return ExitCodes.USAGE_OR_CONFIG;
            }
            packs.add(loader.load(Path.of(ref.file())));
        }
        EventLoopGroup group = EventLoops.create();
        try {
            RunOutcome outcome = RunSupport.resume(console, loaded, packs, bundle, plan, group);
            console.out().println("Resumed run " + outcome.runId() + " in " + outcome.bundle().dir());
            RunSupport.summarise(console, outcome);
            if (outcome.errorMessage().isPresent()) {
                return ExitCodes.INFRASTRUCTURE;
            }
            return outcome.allMet() ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
        } finally {
            EventLoops.shutdown(group);
        }
    }
}
