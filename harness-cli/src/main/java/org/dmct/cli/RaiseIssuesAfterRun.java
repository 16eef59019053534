package org.dmct.cli;

import java.nio.file.Path;
import org.dmct.core.completion.RulesFile;
import org.dmct.core.config.ConfigException;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.issues.TestingIssueRegister;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabStateDirectory;
import org.dmct.core.run.RunOutcome;

/**
 * After {@code dmct run}: raises Testing Issues in the lab's register for the run's failed and blocked tests, as
 * {@code dmct issues raise-from BUNDLE} would. The run's evidence and exit code stand whatever happens here; a
 * register that cannot be updated is reported on stderr with the command that retries it.
 */
final class RaiseIssuesAfterRun {
    private RaiseIssuesAfterRun() {
    }

    static void raise(Console console, Lab lab, Path explicitState, RunOutcome outcome) {
        if (outcome.bundle() == null || outcome.runId() == null) {
            return;
        }
        Path stateDir = null;
        try {
            stateDir = explicitState != null ? explicitState.toAbsolutePath().normalize() : LabStateDirectory.of(lab);
            TestingIssueRegister.RaiseResult r = TestingIssueRegister.open(stateDir)
                    .raiseFrom(outcome.bundle().dir(), RulesFile.forStateDir(stateDir).severity(), "dmct run");
            IssuesCommand.printRaise(console.out(), r);
        } catch (ConfigException | BundleException | org.dmct.core.issues.IssueException
                 | java.io.UncheckedIOException e) {
            console.err().println("dmct: the run's Testing Issues were NOT raised" + (stateDir == null ? ""
                    : " in " + stateDir) + ": " + e.getMessage());
            console.err().println("dmct: fix that, then: dmct issues raise-from " + outcome.bundle().dir()
                    + (stateDir == null ? " --lab LAB" : " --state " + stateDir));
        }
    }
}
