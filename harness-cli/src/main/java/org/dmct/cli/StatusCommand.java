package org.dmct.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.core.status.DmcStatus;
import org.dmct.core.status.ExclusionReason;
import org.dmct.core.status.StatusChange;
import org.dmct.core.status.StatusException;
import org.dmct.core.status.StatusExport;
import org.dmct.core.status.StatusList;
import org.dmct.core.status.StatusUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dmct status}: the DMC Status List and DMCT Schedule (SEC AK 20.8-20.11), kept in {@code status.json} in the
 * lab's state directory: {@code --state DIR}, or the {@code state/} directory next to the lab file given with
 * {@code --lab}. Subcommands list, change ({@code set}), export (CSV, HTML) and print exclusion notices. Runs update
 * the list too ({@link RunStatusHook}). A refused change or unreadable file exits 2 with the reason.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "The DMC Status List and DMCT Schedule (SEC AK 20.8-20.11), kept in STATE/status.json.",
        subcommands = {StatusCommand.ListStatus.class, StatusCommand.SetStatus.class, StatusCommand.Export.class,
            StatusCommand.Notice.class})
final class StatusCommand implements Runnable {
    @Option(names = "--state", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the directory holding status.json (default: the lab file's state:, else state/ next to it)")
    Path state;

    @Option(names = "--lab", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the lab file; its state/ directory holds status.json unless --state is given")
    Path lab;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a status command is required: list, set, export or notice");
    }

    /**
     * Where the lab's state directory is: {@code --state}, else the lab file's {@code state:} (default {@code state/}
     * next to the lab file), the same directory the Testing Issues register uses.
     */
    static Path stateDir(Path state, Path lab) {
        if (state != null) {
            return state;
        }
        if (lab != null) {
            return org.dmct.core.lab.LabStateDirectory.of(lab);
        }
        return null;
    }

    Path file(PrintWriter err) {
        Path dir = stateDir(state, lab);
        if (dir == null) {
            err.println("dmct status: give the state directory (--state DIR) or the lab file (--lab FILE)");
        }
        return dir == null ? null : dir.resolve(StatusList.FILE_NAME);
    }

    /** Runs a status action, turning a refused change or a bad file into exit code 2 with its message. */
    static int guarded(PrintWriter err, Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (StatusException e) {
            err.println("dmct status: " + e.getMessage());
            return ExitCodes.USAGE_OR_CONFIG;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the DMC Status List and schedule.")
    static final class ListStatus implements Callable<Integer> {
        @ParentCommand
        StatusCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = parent.file(err);
            if (file == null) {
                return ExitCodes.USAGE_OR_CONFIG;
            }
            return guarded(err, () -> {
                StatusList list = StatusList.load(file);
                if (list.entries().isEmpty()) {
                    out.println("No DMCs on the status list (" + file + ")");
                }
                for (StatusList.Entry e : list.entries()) {
                    StatusChange c = e.current();
                    out.printf("%-16s %-22s since %s by %s%s%n", e.dmc(), c.status().label(), c.at(), c.by(),
                            detail(e, c));
                }
                return ExitCodes.OK;
            });
        }

        private static String detail(StatusList.Entry e, StatusChange c) {
            if (c.status() == DmcStatus.EXCLUDED) {
                return ": " + c.reason().clause() + (c.rationale() == null ? "" : ", " + c.rationale());
            }
            return e.latestSchedule().map(s -> "; scheduled " + s.plannedStart() + " to " + s.plannedCompletion()
                    + " with " + String.join(", ", s.packs())).orElse("");
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change a DMC's status (a new DMC enters as submitted). Exclusions need --reason (SEC AK"
                    + " 20.6 a-f) and, for c-f, --rationale; scheduling needs --start, --complete and --packs.")
    static final class SetStatus implements Callable<Integer> {
        @ParentCommand
        StatusCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DMC")
        String dmc;

        @Option(names = "--status", required = true, paramLabel = "STATUS", description = "submitted, data-complete,"
                + " excluded, scheduled, in-test, testing-issue-raised, passed, failed, report-published")
        String status;

        @Option(names = "--reason", paramLabel = "a..f", description = "the exclusion reason of SEC AK 20.6")
        String reason;

        @Option(names = "--rationale", paramLabel = "TEXT", description = "why (needed for 20.6 (c)-(f))")
        String rationale;

        @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "planned start of testing")
        String start;

        @Option(names = "--complete", paramLabel = "YYYY-MM-DD", description = "planned completion of testing")
        String complete;

        @Option(names = "--packs", split = ",", paramLabel = "ID", description = "the packs to use, comma separated")
        List<String> packs = new ArrayList<>();

        @Option(names = "--note", paramLabel = "TEXT", description = "a note kept with the change")
        String note;

        @Option(names = "--by", paramLabel = "NAME", description = "who makes the change (default: the user name)")
        String by = System.getProperty("user.name", "unknown");

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = parent.file(err);
            if (file == null) {
                return ExitCodes.USAGE_OR_CONFIG;
            }
            return guarded(err, () -> {
                DmcStatus to = DmcStatus.parse(status).orElseThrow(() -> new StatusException("'" + status
                        + "' is not a status; use one of " + DmcStatus.labels()));
                ExclusionReason why = reason == null ? null : ExclusionReason.parse(reason).orElseThrow(() ->
                        new StatusException("'" + reason + "' is not a reason of SEC AK 20.6; use a, b, c, d, e or f"));
                StatusList list = StatusList.load(file);
                StatusChange c = list.apply(dmc, new StatusUpdate(to, why, rationale, date("--start", start),
                        date("--complete", complete), packs, note, null), Clock.systemUTC().instant(), by);
                list.save(file);
                out.printf("%s is now %s (%s, by %s)%n", dmc, c.status().label(), c.at(), c.by());
                return ExitCodes.OK;
            });
        }

        private static LocalDate date(String option, String text) {
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new StatusException(option + " " + text + " is not a date (YYYY-MM-DD)");
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the Status List and Schedule as CSV and/or a self-contained HTML page.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        StatusCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--csv", paramLabel = "FILE")
        Path csv;

        @Option(names = "--html", paramLabel = "FILE")
        Path html;

        @Option(names = "--title", paramLabel = "TEXT", description = "the page title (default: DMCT Process)")
        String title = "DMCT Process";

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = parent.file(err);
            if (file == null) {
                return ExitCodes.USAGE_OR_CONFIG;
            }
            if (csv == null && html == null) {
                err.println("dmct status export: give --csv FILE and/or --html FILE");
                return ExitCodes.USAGE_OR_CONFIG;
            }
            return guarded(err, () -> {
                StatusList list = StatusList.load(file);
                if (csv != null) {
                    write(csv, StatusExport.csv(list));
                    out.println("CSV: " + csv);
                }
                if (html != null) {
                    write(html, StatusExport.html(list, title));
                    out.println("HTML: " + html);
                }
                return ExitCodes.OK;
            });
        }

        private static void write(Path target, String text) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(target, text, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "notice", mixinStandardHelpOptions = true,
            description = "Print the exclusion notice of an excluded DMC (SEC AK 20.11): the reason and rationale.")
    static final class Notice implements Callable<Integer> {
        @ParentCommand
        StatusCommand parent;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DMC")
        String dmc;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Path file = parent.file(err);
            if (file == null) {
                return ExitCodes.USAGE_OR_CONFIG;
            }
            return guarded(err, () -> {
                spec.commandLine().getOut().print(StatusList.load(file).notice(dmc));
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            });
        }
    }
}
