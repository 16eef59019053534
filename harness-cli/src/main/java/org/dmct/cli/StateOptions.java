package org.dmct.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.completion.RulesFile;
import org.dmct.core.issues.WorkingDayCalendar;
import org.dmct.core.lab.LabStateDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say which lab's state directory (Testing Issues register, rules file) a command works on:
 * {@code --state DIR}, or {@code --lab FILE} (its {@code state:} field, default {@code <lab dir>/state/}).
 */
final class StateOptions {
    @Option(names = "--lab", paramLabel = "FILE", description = "the lab file; its state directory holds the register")
    Path lab;

    @Option(names = "--state", paramLabel = "DIR", description = "the lab state directory (overrides --lab's)")
    Path state;

    @Option(names = "--rules", paramLabel = "FILE", description = "the rules file (default: rules.yaml in the state "
            + "directory if present, else the SVTAD defaults)")
    Path rules;

    @Option(names = "--by", paramLabel = "NAME", description = "who makes the change, for the history (default: the "
            + "user name)")
    String by;

    Path stateDir(CommandLine cl) {
        if (state != null) {
            return state.toAbsolutePath().normalize();
        }
        if (lab != null) {
            return LabStateDirectory.of(lab);
        }
        throw new CommandLine.ParameterException(cl, "say which lab's state to use: --lab FILE or --state DIR");
    }

    RulesFile rules(Path stateDir) {
        return rules != null ? RulesFile.load(rules) : RulesFile.forStateDir(stateDir);
    }

    String actor() {
        return by != null && !by.isBlank() ? by : System.getProperty("user.name", "unknown");
    }

    /** The lab's own bank holiday file when its state directory has one, else the one the harness ships. */
    static WorkingDayCalendar calendar(Path stateDir, Path explicit) {
        if (explicit != null) {
            return WorkingDayCalendar.load(explicit);
        }
        Path own = stateDir.resolve("bank-holidays.txt");
        return WorkingDayCalendar.load(Files.isRegularFile(own) ? own : Home.dir().resolve(
                WorkingDayCalendar.DEFAULT_FILE));
    }
}
