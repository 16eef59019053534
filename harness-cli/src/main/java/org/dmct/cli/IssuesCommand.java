package org.dmct.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.issues.TestingIssueRegister;
import org.dmct.core.issues.WorkingDayCalendar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmct issues}: the lab's Testing Issues register (SEC Appendix AK 9.2, 20.19, 13.20, 15.1): list and show
 * issues, raise them from a run bundle, change a severity, choose a resolution, record a fix and a re-run, close,
 * exclude from threshold counting, and make Work Off Plans. Refused steps exit 2 with the reason.
 */
@Command(name = "issues", mixinStandardHelpOptions = true,
        description = "The lab's Testing Issues register (kept in testing-issues.json in the lab state directory).",
        subcommands = {IssuesCommand.ListIssues.class, IssuesCommand.Show.class, IssuesCommand.RaiseFrom.class,
            IssuesCommand.Severity.class, IssuesCommand.Resolve.class, IssuesCommand.Fix.class,
            IssuesCommand.Rerun.class, IssuesCommand.Close.class, IssuesCommand.Exclude.class,
            IssuesCommand.WorkOff.class})
final class IssuesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an issues command is required");
    }

    /** What every issues subcommand shares: the state options and the register. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        StateOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Path stateDir() {
            return options.stateDir(spec.commandLine());
        }

        TestingIssueRegister register() {
            return TestingIssueRegister.open(stateDir());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List Testing Issues.")
    static final class ListIssues extends Base {
        @Option(names = "--dmc", paramLabel = "ID", description = "only this DMC's issues")
        String dmc;

        @Option(names = "--open", description = "only issues not closed")
        boolean open;

        @Override
        public Integer call() {
            TestingIssueRegister r = register();
            List<TestingIssue> issues = (dmc == null ? r.all() : r.forDmc(dmc)).stream()
                    .filter(i -> !open || i.open()).toList();
            if (issues.isEmpty()) {
                out().println("no Testing Issues" + (dmc == null ? "" : " for " + dmc) + (open ? " open" : "")
                        + " in " + r.file());
                return ExitCodes.OK;
            }
            out().printf("%-8s %-14s %-3s %-17s %-9s %-22s %s%n", "ID", "DMC", "SEV", "STATUS", "COUNTED", "TEST",
                    "TITLE");
            for (TestingIssue i : issues) {
                out().printf("%-8s %-14s %-3d %-17s %-9s %-22s %s%n", i.id(), i.dmcId(), i.severity(), i.status(),
                        i.countsAgainstThresholds() ? "yes" : (i.open() ? "excluded" : "closed"), i.testId(),
                        i.title());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one issue with its history.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            print(out(), register().get(id));
            return ExitCodes.OK;
        }
    }

    static void print(PrintWriter out, TestingIssue i) {
        out.printf("%s  %s  severity %d  %s%n", i.id(), i.dmcId(), i.severity(), i.status());
        out.printf("  test:       %s / %s%n", i.packId(), i.testId());
        out.printf("  title:      %s%n", i.title());
        if (i.resolution() != null) {
            out.printf("  resolution: 20.19 (%s) %s: %s (by %s at %s)%n", i.resolution().option().letter(),
                    i.resolution().option(), i.resolution().rationale(), i.resolution().by(), i.resolution().at());
        }
        if (i.exclusion() != null) {
            out.printf("  excluded:   from threshold counting, approved by %s: %s (%s)%n",
                    i.exclusion().approvedBy(), i.exclusion().rationale(), i.exclusion().at());
        }
        if (i.workOffPlan() != null) {
            out.printf("  work off:   due %s (%d working days after the certificate of %s)%s%n",
                    i.workOffPlan().dueDate(), i.workOffPlan().workingDays(), i.workOffPlan().certificateDate(),
                    i.workOffPlan().owner() == null ? "" : ", owner " + i.workOffPlan().owner());
        }
        for (TestingIssue.EvidenceRef e : i.evidence()) {
            out.printf("  evidence:   run %s, %s/evidence.jsonl lines %s%n", e.runId(), e.bundle(), lines(e.lines()));
        }
        if (!i.rerunIds().isEmpty()) {
            out.printf("  re-runs:    %s%n", String.join(", ", i.rerunIds()));
        }
        out.println("  history:");
        for (TestingIssue.HistoryEntry h : i.history()) {
            out.printf("    %s %s %s: %s%n", h.at(), h.by(), h.action(), h.detail());
        }
    }

    private static String lines(List<Long> lines) {
        if (lines.size() <= 8) {
            return lines.toString();
        }
        return "[" + lines.get(0) + " .. " + lines.get(lines.size() - 1) + "] (" + lines.size() + " lines)";
    }

    @Command(name = "raise-from", mixinStandardHelpOptions = true,
            description = "Raise Testing Issues for the failed and blocked tests of a run bundle (repeat failures "
                    + "add evidence to the open issue).")
    static final class RaiseFrom extends Base {
        @Parameters(index = "0", paramLabel = "BUNDLE")
        Path bundle;

        @Override
        public Integer call() {
            Path dir = stateDir();
            TestingIssueRegister.RaiseResult r = TestingIssueRegister.open(dir)
                    .raiseFrom(bundle, options.rules(dir).severity(), options.actor());
            printRaise(out(), r);
            return ExitCodes.OK;
        }
    }

    static void printRaise(PrintWriter out, TestingIssueRegister.RaiseResult r) {
        out.printf("Testing Issues from run %s: %d raised, %d repeated, %d already recorded%n", r.runId(),
                r.raised().size(), r.repeated().size(), r.alreadyRecorded().size());
        r.raised().forEach(i -> out.printf("  raised   %s %s severity %d: %s%n", i.id(), i.dmcId(), i.severity(),
                i.title()));
        r.repeated().forEach(i -> out.printf("  repeated %s %s: failed again, evidence added%n", i.id(), i.dmcId()));
        r.passedWhileOpen().forEach(i -> out.printf("  passed   %s %s: its test passed in this run; if a fix was "
                + "applied, link it: dmct issues rerun %s --bundle BUNDLE%n", i.id(), i.dmcId(), i.id()));
    }

    @Command(name = "severity", mixinStandardHelpOptions = true, description = "Change an issue's severity.")
    static final class Severity extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "N", description = "1 (most severe) to 5")
        int severity;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            TestingIssue i = register().changeSeverity(id, severity, reason, options.actor());
            out().printf("%s: severity %d%n", i.id(), i.severity());
            return ExitCodes.OK;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Choose the SEC AK 20.19 resolution option: a (DCC Internal Systems, no Code change), b (DCC "
                    + "Systems and Code), c (SMETS1 Device), d (Code only).")
    static final class Resolve extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--option", required = true, paramLabel = "a|b|c|d")
        String option;

        @Option(names = "--rationale", required = true, paramLabel = "TEXT")
        String rationale;

        @Override
        public Integer call() {
            TestingIssue.ResolutionOption chosen = java.util.Arrays.stream(TestingIssue.ResolutionOption.values())
                    .filter(o -> o.letter().equals(option.toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--option must be a, b,"
                            + " c or d (SEC AK 20.19), was '" + option + "'"));
            TestingIssue i = register().chooseResolution(id, chosen, rationale, options.actor());
            out().printf("%s: %s, 20.19 (%s) %s%n", i.id(), i.status(), chosen.letter(), chosen);
            return ExitCodes.OK;
        }
    }

    @Command(name = "fix", mixinStandardHelpOptions = true, description = "Record that the fix was applied.")
    static final class Fix extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--note", required = true, paramLabel = "TEXT")
        String note;

        @Override
        public Integer call() {
            TestingIssue i = register().applyFix(id, note, options.actor());
            out().printf("%s: %s%n", i.id(), i.status());
            return ExitCodes.OK;
        }
    }

    @Command(name = "rerun", mixinStandardHelpOptions = true,
            description = "Link a re-run (a bundle made after the fix) to an issue; closes it when its test passed. Exit 0 "
                    + "when the test passed, 1 when it did not (the issue stays open).")
    static final class Rerun extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--bundle", required = true, paramLabel = "DIR")
        Path bundle;

        @Option(names = "--keep-open", description = "do not close the issue even when the test passed")
        boolean keepOpen;

        @Override
        public Integer call() {
            TestingIssueRegister.RerunResult r = register().recordRerun(id, bundle, !keepOpen, options.actor());
            out().printf("%s: re-run %s: test %s; issue %s%n", id, r.runId(), r.verdict(),
                    r.closed() ? "CLOSED" : r.issue().status() + (r.verdict() == org.dmct.core.run.Verdict.PASS
                            ? " (close it with dmct issues close " + id + ")" : ", still open"));
            // Like a run whose DMC misses its criteria: the command worked, the test still does not pass.
            return r.verdict() == org.dmct.core.run.Verdict.PASS ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close an issue whose test passed its latest re-run.")
    static final class Close extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            TestingIssue i = register().close(id, options.actor());
            out().printf("%s: %s%n", i.id(), i.status());
            return ExitCodes.OK;
        }
    }

    @Command(name = "exclude", mixinStandardHelpOptions = true,
            description = "Exclude an open issue from Testing Issue Threshold counting (SEC AK 13.20: with the "
                    + "rationale, and only with the TAG's approval).")
    static final class Exclude extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--rationale", required = true, paramLabel = "TEXT")
        String rationale;

        @Option(names = "--approved-by", required = true, paramLabel = "WHO")
        String approvedBy;

        @Override
        public Integer call() {
            TestingIssue i = register().exclude(id, rationale, approvedBy, options.actor());
            out().printf("%s: excluded from threshold counting (approved by %s)%n", i.id(),
                    i.exclusion().approvedBy());
            return ExitCodes.OK;
        }
    }

    @Command(name = "workoff", mixinStandardHelpOptions = true,
            description = "Put every open issue in a Work Off Plan: due 20, 40 or 60 England-and-Wales working days "
                    + "after the Test Completion Certificate for severity 3, 4 or 5 (SEC AK 15.1). Refused while a "
                    + "severity 1 or 2 issue is open.")
    static final class WorkOff extends Base {
        @Option(names = "--certificate-date", required = true, paramLabel = "YYYY-MM-DD")
        String certificateDate;

        @Option(names = "--dmc", paramLabel = "ID", description = "only this DMC's issues (default: all)")
        String dmc;

        @Option(names = "--owner", paramLabel = "WHO", description = "who is to resolve the issues")
        String owner;

        @Option(names = "--calendar", paramLabel = "FILE", description = "the bank holiday file (default: "
                + "bank-holidays.txt in the state directory, else " + WorkingDayCalendar.DEFAULT_FILE + ")")
        Path calendar;

        @Override
        public Integer call() {
            LocalDate date;
            try {
                date = LocalDate.parse(certificateDate);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--certificate-date must be a date as "
                        + "YYYY-MM-DD, was '" + certificateDate + "'");
            }
            Path dir = stateDir();
            WorkingDayCalendar cal = StateOptions.calendar(dir, calendar);
            List<TestingIssue> planned = TestingIssueRegister.open(dir).planWorkOff(date, cal, dmc, owner,
                    options.actor());
            out().printf("Work Off Plan from the certificate of %s (calendar %s): %d open issues%n", date,
                    cal.source(), planned.size());
            for (TestingIssue i : planned) {
                out().printf("  %s %s severity %d: due %s (%d working days)%n", i.id(), i.dmcId(), i.severity(),
                        i.workOffPlan().dueDate(), i.workOffPlan().workingDays());
            }
            return ExitCodes.OK;
        }
    }
}
