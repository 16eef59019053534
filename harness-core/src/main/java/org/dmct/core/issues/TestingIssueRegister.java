package org.dmct.core.issues;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dmct.core.issues.TestingIssue.EvidenceRef;
import org.dmct.core.issues.TestingIssue.Exclusion;
import org.dmct.core.issues.TestingIssue.HistoryEntry;
import org.dmct.core.issues.TestingIssue.Resolution;
import org.dmct.core.issues.TestingIssue.ResolutionOption;
import org.dmct.core.issues.TestingIssue.Status;
import org.dmct.core.issues.TestingIssue.WorkOffPlan;
import org.dmct.core.issues.internal.RegisterFile;
import org.dmct.core.issues.internal.RegisterFile.Content;
import org.dmct.core.issues.internal.RegisterFile.KnownRun;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * The lab's Testing Issues log (SEC Appendix AK 9.2): every issue raised by a failed or blocked test, kept across
 * runs in {@code testing-issues.json} under the lab's state directory, with the lifecycle of 20.19 enforced. A failed
 * test raises one issue per DMC, pack and test while one is open; a repeat failure adds its evidence to that issue.
 * The lifecycle: OPEN, a 20.19 resolution option chosen with a rationale (RESOLUTION_CHOSEN, which may be chosen
 * again, 20.24), FIX_APPLIED, a re-run linked by run id (a run that started after the fix was recorded; RERUN: a
 * passing re-run lets it close, a failing one keeps it open for another fix), CLOSED. Any step out of order is
 * refused with an {@link IssueException}. Each change re-reads the file under a lock, applies, and writes it
 * atomically, so two commands never lose each other's work.
 */
public final class TestingIssueRegister {
    /** The register's file name in the state directory. */
    public static final String FILE_NAME = "testing-issues.json";
    /** History actions for re-runs, which decide whether an issue may close. */
    public static final String RERUN_PASSED = "rerun-passed";
    public static final String RERUN_FAILED = "rerun-failed";

    private final Path stateDir;
    private final Path file;
    private final Clock clock;
    private Content content;

    private TestingIssueRegister(Path stateDir, Clock clock) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.file = this.stateDir.resolve(FILE_NAME);
        this.clock = clock;
        this.content = RegisterFile.read(file);
    }

    /**
     * Opens the register of a state directory; nothing is written until the first change.
     *
     * @throws org.dmct.core.config.ConfigException when the file exists but is damaged (naming file and field)
     */
    public static TestingIssueRegister open(Path stateDir) {
        return open(stateDir, Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the clock that timestamps history entries. */
    public static TestingIssueRegister open(Path stateDir, Clock clock) {
        return new TestingIssueRegister(stateDir, clock);
    }

    public Path stateDir() {
        return stateDir;
    }

    public Path file() {
        return file;
    }

    /** Every issue, in id order. */
    public List<TestingIssue> all() {
        return content.issues();
    }

    /** The issues of one DMC, in id order. */
    public List<TestingIssue> forDmc(String dmcId) {
        return content.issues().stream().filter(i -> i.dmcId().equals(dmcId)).toList();
    }

    public Optional<TestingIssue> find(String id) {
        return content.issues().stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** An issue by id; an unknown id is an {@link IssueException} listing what is known. */
    public TestingIssue get(String id) {
        return find(id).orElseThrow(() -> new IssueException("no Testing Issue '" + id + "' in " + file
                + (content.issues().isEmpty() ? " (the register is empty)" : " (ids run from "
                + content.issues().get(0).id() + " to " + content.issues().get(content.issues().size() - 1).id()
                + ")")));
    }

    /** The run bundles the register has read, oldest first. */
    public List<Path> knownBundles() {
        return content.runs().stream().sorted(Comparator.comparing(KnownRun::started))
                .map(k -> Path.of(k.bundle())).toList();
    }

    /**
     * What {@link #raiseFrom} did.
     *
     * @param raised new issues
     * @param repeated open issues whose test failed again (evidence added)
     * @param alreadyRecorded open issues that already held this run's evidence (nothing changed)
     * @param passedWhileOpen open issues whose test passed in this run (link it with {@link #recordRerun})
     */
    public record RaiseResult(String runId, List<TestingIssue> raised, List<TestingIssue> repeated,
                              List<TestingIssue> alreadyRecorded, List<TestingIssue> passedWhileOpen) {
    }

    /**
     * Raises issues for every applicable test that FAILed or was BLOCKED in a bundle. Raising from the same bundle
     * twice changes nothing the second time.
     */
    public RaiseResult raiseFrom(Path bundleDir, SeverityRules rules, String by) {
        RecordedRun run = RecordedRun.read(bundleDir);
        List<TestingIssue> raised = new ArrayList<>();
        List<TestingIssue> repeated = new ArrayList<>();
        List<TestingIssue> already = new ArrayList<>();
        List<TestingIssue> passed = new ArrayList<>();
        mutate(c -> {
            raised.clear();
            repeated.clear();
            already.clear();
            passed.clear();
            List<TestingIssue> issues = new ArrayList<>(c.issues());
            int next = c.nextNumber();
            Instant now = clock.instant();
            for (RecordedRun.Result rr : run.results()) {
                TestResult t = rr.result();
                Optional<TestingIssue> open = issues.stream().filter(i -> i.open() && same(i, t)).findFirst();
                Optional<SeverityRules.Situation> situation = SeverityRules.situation(t);
                if (situation.isEmpty()) {
                    if (t.applicable() && t.verdict() == Verdict.PASS) {
                        open.ifPresent(passed::add);
                    }
                    continue;
                }
                EvidenceRef ref = new EvidenceRef(run.runId(), run.bundle().toString(), rr.lines());
                if (open.isPresent()) {
                    TestingIssue i = open.get();
                    if (i.evidence().stream().anyMatch(e -> e.runId().equals(run.runId()))) {
                        already.add(i);
                        continue;
                    }
                    List<EvidenceRef> ev = new ArrayList<>(i.evidence());
                    ev.add(ref);
                    String hint = i.status() == Status.FIX_APPLIED ? " (after the fix: link it as the re-run with"
                            + " 'dmct issues rerun " + i.id() + " --bundle " + run.bundle() + "')" : "";
                    TestingIssue updated = with(i, i.status(), i.severity(), i.resolution(), i.exclusion(),
                            i.workOffPlan(), ev, i.rerunIds(), entry(i, now, by, "repeat-failure", t.verdict()
                                    + " again in run " + run.runId() + ": " + t.reason() + hint));
                    issues.set(issues.indexOf(i), updated);
                    repeated.add(updated);
                    continue;
                }
                int severity = rules.severity(situation.get());
                String id = String.format("TI-%04d", next++);
                TestingIssue created = new TestingIssue(id, t.dmcId(), t.packId(), t.testId(), title(t), severity,
                        Status.OPEN, null, null, null, List.of(ref), List.of(), List.of(new HistoryEntry(now, by,
                        "raised", t.verdict() + " in run " + run.runId() + "; default severity " + severity
                        + " by rule '" + situation.get().key() + "'")));
                issues.add(created);
                raised.add(created);
            }
            return new Content(next, withRun(c.runs(), run), issues);
        });
        return new RaiseResult(run.runId(), List.copyOf(raised), List.copyOf(repeated), List.copyOf(already),
                List.copyOf(passed));
    }

    /** Changes an open issue's severity; the reason goes into its history with the old and new values. */
    public TestingIssue changeSeverity(String id, int severity, String reason, String by) {
        if (severity < 1 || severity > 5) {
            throw new IssueException("severity must be 1 (most severe) to 5, was " + severity);
        }
        String why = required(reason, "a reason for the severity change");
        return change(id, i -> {
            requireOpen(i, "change its severity");
            if (i.severity() == severity) {
                throw new IssueException(i.id() + " already has severity " + severity);
            }
            return with(i, i.status(), severity, i.resolution(), i.exclusion(), i.workOffPlan(), i.evidence(),
                    i.rerunIds(), entry(i, clock.instant(), by, "severity", i.severity() + " -> " + severity + ": "
                            + why));
        });
    }

    /** Records the 20.19 option chosen for an issue (again, when a first choice was not agreed: 20.21, 20.24). */
    public TestingIssue chooseResolution(String id, ResolutionOption option, String rationale, String by) {
        String why = required(rationale, "a rationale for the resolution option");
        return change(id, i -> {
            requireOpen(i, "choose a resolution");
            if (i.status() == Status.FIX_APPLIED) {
                throw new IssueException(i.id() + " has a fix applied: re-run its test first ('dmct issues rerun "
                        + i.id() + " --bundle B'); a failing re-run lets you choose another option");
            }
            Instant now = clock.instant();
            return with(i, Status.RESOLUTION_CHOSEN, i.severity(), new Resolution(option, why, by, now), i.exclusion(),
                    i.workOffPlan(), i.evidence(), i.rerunIds(), entry(i, now, by, "resolution", "20.19 ("
                            + option.letter() + "): " + why));
        });
    }

    /** Records that the fix for the chosen resolution was applied. */
    public TestingIssue applyFix(String id, String note, String by) {
        String what = required(note, "a note saying what was fixed");
        return change(id, i -> {
            requireOpen(i, "record a fix");
            if (i.status() == Status.OPEN) {
                throw new IssueException(i.id() + " has no resolution option chosen yet: choose one first ('dmct"
                        + " issues resolve " + i.id() + " --option a|b|c|d --rationale TEXT')");
            }
            if (i.status() == Status.FIX_APPLIED) {
                throw new IssueException(i.id() + " already has a fix applied: re-run its test ('dmct issues rerun "
                        + i.id() + " --bundle B')");
            }
            if (i.status() == Status.RERUN && lastRerunPassed(i)) {
                throw new IssueException(i.id() + "'s test passed its re-run: close it ('dmct issues close " + i.id()
                        + "')");
            }
            return with(i, Status.FIX_APPLIED, i.severity(), i.resolution(), i.exclusion(), i.workOffPlan(),
                    i.evidence(), i.rerunIds(), entry(i, clock.instant(), by, "fix", what));
        });
    }

    /**
     * What a re-run showed.
     *
     * @param verdict the test's verdict in the re-run
     * @param closed true when the re-run passed and the issue was closed
     */
    public record RerunResult(TestingIssue issue, String runId, Verdict verdict, boolean closed) {
    }

    /**
     * Links a re-run of an issue's test (in a bundle made after the fix) to the issue. A PASS lets the issue close
     * (and closes it when {@code closeIfPassed}); a FAIL or BLOCKED keeps it open and adds the evidence.
     */
    public RerunResult recordRerun(String id, Path bundleDir, boolean closeIfPassed, String by) {
        RecordedRun run = RecordedRun.read(bundleDir);
        TestingIssue current = get(id);
        RecordedRun.Result rr = run.results().stream()
                .filter(r -> same(current, r.result()) && r.result().applicable()).reduce((a, b) -> b)
                .orElseThrow(() -> new IssueException("run " + run.runId() + " (" + run.bundle() + ") did not run test "
                        + current.testId() + " of pack " + current.packId() + " on " + current.dmcId()
                        + ": it cannot be a re-run of " + id));
        Verdict v = rr.result().verdict();
        if (v == Verdict.NOT_RUN) {
            throw new IssueException("run " + run.runId() + " did not get to test " + current.testId() + " on "
                    + current.dmcId() + " (NOT_RUN: " + rr.result().reason() + "): it cannot be a re-run of " + id);
        }
        boolean[] closed = {false};
        TestingIssue updated = change(id, i -> {
            requireOpen(i, "link a re-run");
            if (i.status() != Status.FIX_APPLIED && i.status() != Status.RERUN) {
                throw new IssueException(i.id() + " is " + i.status() + ": a re-run counts only after a fix is"
                        + " applied ('dmct issues fix " + i.id() + " --note TEXT')");
            }
            if (i.rerunIds().contains(run.runId())) {
                throw new IssueException("run " + run.runId() + " is already linked to " + i.id() + " as a re-run");
            }
            Instant fixedAt = i.history().stream().filter(h -> h.action().equals("fix")).map(HistoryEntry::at)
                    .reduce((a, b) -> b).orElseThrow();
            if (!run.started().isAfter(fixedAt)) {
                throw new IssueException("run " + run.runId() + " started at " + run.started() + ", before the fix"
                        + " was recorded at " + fixedAt + ": a re-run must be a run made after the fix");
            }
            Instant now = clock.instant();
            List<String> reruns = new ArrayList<>(i.rerunIds());
            reruns.add(run.runId());
            List<EvidenceRef> ev = new ArrayList<>(i.evidence());
            String detail = "run " + run.runId() + " (" + run.bundle() + "): " + v
                    + (rr.result().reason() == null ? "" : ": " + rr.result().reason());
            List<HistoryEntry> h;
            Status status = Status.RERUN;
            if (v == Verdict.PASS) {
                h = entry(i, now, by, RERUN_PASSED, detail);
                if (closeIfPassed) {
                    status = Status.CLOSED;
                    h = new ArrayList<>(h);
                    h.add(new HistoryEntry(now, by, "closed", "its test passed in re-run " + run.runId()));
                    closed[0] = true;
                }
            } else {
                // 'dmct run' may already have added this run's failure as a repeat; keep one reference per run.
                if (ev.stream().noneMatch(e -> e.runId().equals(run.runId()))) {
                    ev.add(new EvidenceRef(run.runId(), run.bundle().toString(), rr.lines()));
                }
                h = entry(i, now, by, RERUN_FAILED, detail + "; the issue stays open");
            }
            return with(i, status, i.severity(), i.resolution(), i.exclusion(), i.workOffPlan(), ev, reruns, h);
        }, run);
        return new RerunResult(updated, run.runId(), v, closed[0]);
    }

    /** Closes an issue whose test passed its latest linked re-run. */
    public TestingIssue close(String id, String by) {
        return change(id, i -> {
            requireOpen(i, "close it");
            if (i.status() != Status.RERUN || !lastRerunPassed(i)) {
                throw new IssueException("cannot close " + i.id() + ": it is " + i.status()
                        + (i.status() == Status.RERUN ? " and its latest re-run did not pass" : "")
                        + "; an issue closes only after its test passes a re-run linked with 'dmct issues rerun "
                        + i.id() + " --bundle B'");
            }
            return with(i, Status.CLOSED, i.severity(), i.resolution(), i.exclusion(), i.workOffPlan(), i.evidence(),
                    i.rerunIds(), entry(i, clock.instant(), by, "closed", "its test passed re-run "
                            + i.rerunIds().get(i.rerunIds().size() - 1)));
        });
    }

    /** Excludes an open issue from threshold counting, with the rationale and who approved it (13.20). */
    public TestingIssue exclude(String id, String rationale, String approvedBy, String by) {
        String why = required(rationale, "a rationale for the exclusion (13.20)");
        String approver = required(approvedBy, "who approved the exclusion (the TAG, 13.20)");
        return change(id, i -> {
            requireOpen(i, "exclude it from threshold counting");
            if (i.exclusion() != null) {
                throw new IssueException(i.id() + " is already excluded (approved by " + i.exclusion().approvedBy()
                        + " at " + i.exclusion().at() + ")");
            }
            Instant now = clock.instant();
            return with(i, i.status(), i.severity(), i.resolution(), new Exclusion(why, approver, now),
                    i.workOffPlan(), i.evidence(), i.rerunIds(), entry(i, now, by, "excluded", "approved by "
                            + approver + ": " + why));
        });
    }

    /** Working days of the Work Off Plan timescale for a severity (15.1), or empty for 1 and 2, which get none. */
    public static Optional<Integer> workOffWorkingDays(int severity) {
        return switch (severity) {
            case 3 -> Optional.of(20);
            case 4 -> Optional.of(40);
            case 5 -> Optional.of(60);
            default -> Optional.empty();
        };
    }

    /**
     * Puts every open issue (of one DMC, or all when {@code dmcId} is null) in a Work Off Plan due 20, 40 or 60
     * working days after the completion certificate date for severity 3, 4 or 5 (15.1). An open severity 1 or 2 issue
     * cannot be worked off after completion: then nothing is planned and an {@link IssueException} names them.
     *
     * @return the issues planned
     */
    public List<TestingIssue> planWorkOff(LocalDate certificateDate, WorkingDayCalendar calendar, String dmcId,
                                          String owner, String by) {
        List<TestingIssue> planned = new ArrayList<>();
        mutate(c -> {
            planned.clear();
            List<TestingIssue> issues = new ArrayList<>(c.issues());
            List<TestingIssue> scope = issues.stream().filter(TestingIssue::open)
                    .filter(i -> dmcId == null || i.dmcId().equals(dmcId)).toList();
            List<String> blocking = scope.stream().filter(i -> i.severity() <= 2)
                    .map(i -> i.id() + " (" + i.dmcId() + ", severity " + i.severity() + ")").toList();
            if (!blocking.isEmpty()) {
                throw new IssueException("no Work Off Plan is possible while severity 1 or 2 issues are open: "
                        + String.join(", ", blocking) + "; completion is refused until they are closed");
            }
            Instant now = clock.instant();
            for (TestingIssue i : scope) {
                int days = workOffWorkingDays(i.severity()).orElseThrow();
                LocalDate due = calendar.addWorkingDays(certificateDate, days);
                TestingIssue updated = with(i, i.status(), i.severity(), i.resolution(), i.exclusion(),
                        new WorkOffPlan(certificateDate, days, due, owner), i.evidence(), i.rerunIds(),
                        entry(i, now, by, "work-off-plan", "severity " + i.severity() + ": due " + due + ", " + days
                                + " working days after the certificate of " + certificateDate));
                issues.set(issues.indexOf(i), updated);
                planned.add(updated);
            }
            return new Content(c.nextNumber(), c.runs(), issues);
        });
        return List.copyOf(planned);
    }

    /** True when the issue's most recent re-run passed. */
    public static boolean lastRerunPassed(TestingIssue i) {
        for (int k = i.history().size() - 1; k >= 0; k--) {
            String a = i.history().get(k).action();
            if (a.equals(RERUN_PASSED)) {
                return true;
            }
            if (a.equals(RERUN_FAILED)) {
                return false;
            }
        }
        return false;
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private static boolean same(TestingIssue i, TestResult t) {
        return i.dmcId().equals(t.dmcId()) && i.packId().equals(t.packId()) && i.testId().equals(t.testId());
    }

    private static String title(TestResult t) {
        String what = t.verdict() + " " + t.testId() + (t.title() == null ? "" : " (" + t.title() + ")");
        String why = t.reason() == null ? "" : ": " + t.reason();
        String s = what + why;
        return s.length() > 240 ? s.substring(0, 237) + "..." : s;
    }

    private static String required(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IssueException(what + " is required");
        }
        return text.strip();
    }

    private static void requireOpen(TestingIssue i, String action) {
        if (!i.open()) {
            throw new IssueException("cannot " + action + ": " + i.id() + " is CLOSED");
        }
    }

    private static List<HistoryEntry> entry(TestingIssue i, Instant at, String by, String action, String detail) {
        List<HistoryEntry> h = new ArrayList<>(i.history());
        h.add(new HistoryEntry(at, by == null || by.isBlank() ? "unknown" : by, action, detail));
        return h;
    }

    private static TestingIssue with(TestingIssue i, Status status, int severity, Resolution resolution,
                                     Exclusion exclusion, WorkOffPlan plan, List<EvidenceRef> evidence,
                                     List<String> reruns, List<HistoryEntry> history) {
        return new TestingIssue(i.id(), i.dmcId(), i.packId(), i.testId(), i.title(), severity, status, resolution,
                exclusion, plan, evidence, reruns, history);
    }

    private static List<KnownRun> withRun(List<KnownRun> runs, RecordedRun run) {
        if (runs.stream().anyMatch(k -> k.runId().equals(run.runId()))) {
            return runs;
        }
        List<KnownRun> out = new ArrayList<>(runs);
        out.add(new KnownRun(run.runId(), run.bundle().toString(), run.started()));
        return out;
    }

    private TestingIssue change(String id, UnaryOperator<TestingIssue> step) {
        return change(id, step, null);
    }

    private TestingIssue change(String id, UnaryOperator<TestingIssue> step, RecordedRun run) {
        TestingIssue[] result = new TestingIssue[1];
        mutate(c -> {
            List<TestingIssue> issues = new ArrayList<>(c.issues());
            TestingIssue i = issues.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow(() -> {
                content = c;
                return new IssueException("no Testing Issue '" + id + "' in " + file);
            });
            result[0] = step.apply(i);
            issues.set(issues.indexOf(i), result[0]);
            return new Content(c.nextNumber(), run == null ? c.runs() : withRun(c.runs(), run), issues);
        });
        return result[0];
    }

    /** Re-reads the file under an exclusive lock, applies the change, and writes the result atomically. */
    private void mutate(UnaryOperator<Content> change) {
        try {
            Files.createDirectories(stateDir);
            try (FileChannel lockFile = FileChannel.open(stateDir.resolve(FILE_NAME + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                Content fresh = RegisterFile.read(file);
                Content next = change.apply(fresh);
                RegisterFile.write(file, next);
                content = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Testing Issues register " + file + ": " + e, e);
        }
    }
}
