package org.dmct.core.report;

import java.util.List;
import java.util.Map;

/**
 * The DMCT Report of one DMC (SEC Appendix AK 20.29, 20.30), built by {@link DmctReportBuilder} from the run bundles
 * of the DMC, the completion decision and the DMC's Testing Issues, and rendered as JSON (this record tree, format
 * {@value #FORMAT}), self-contained HTML and PDF by {@link DmctReportWriter}. Each section names the clause it answers,
 * so a reader (or an auditor's script) can find every item of 20.29 (a)-(f), or 20.30 for a failed DMC.
 *
 * @param completed true when the completion decision says the DMC completed testing
 * @param runs the bundles the report was made from, oldest first
 */
public record DmctReport(String format, String dmcId, String title, String generated, boolean completed,
                         List<RunSource> runs, PlannedEntry plannedEntry, Versions versions, TestsRun testsRun,
                         Results results, IssuesSection testingIssues, Conclusion conclusion) {
    public static final String FORMAT = "dmct-dmc-report/1";

    /** One bundle the report draws on. */
    public record RunSource(String runId, String bundle, String started, String finished, String harnessVersion,
                            long evidenceLines, String evidenceFinalHash, boolean chainValid) {
    }

    /**
     * 20.29 (a): the planned entry on the list of SMETS1 Eligible Product Combinations.
     *
     * @param proposed true when the entry is proposed (the DMC completed); false for a failed DMC (20.30)
     */
    public record PlannedEntry(String clause, String heading, String dmcId, String title, String smso,
                               String installationType, boolean proposed, List<Device> devices) {
    }

    /** A device of the DMC: what the EPCL entry lists (type, manufacturer, model, firmware). */
    public record Device(String id, String type, String manufacturer, String model, String firmware,
                         String serialNumber, String profile, List<String> declaredDefects) {
    }

    /**
     * 20.29 (b): versions of the systems and environments tested against, and of the harness, adapters, packs and
     * simulators.
     *
     * @param environment the lab's declared systems and environments (its {@code environment:} map)
     * @param simulators one entry per simulated device; empty when the DMC is real hardware
     */
    public record Versions(String clause, String heading, String labId, String labTitle, String labFile,
                           String labSha256, Map<String, String> environment, List<String> harnessVersions,
                           List<Adapter> adapters, List<PackVersion> packs, List<Simulator> simulators) {
    }

    /** A device adapter that served the DMC in one of the runs, with the version its jar declares. */
    public record Adapter(String name, String version, String implementation) {
    }

    /** A pack used by one of the runs, pinned by the SHA-256 of its file. */
    public record PackVersion(String id, String title, String version, String release, String sha256, String file) {
    }

    /**
     * A simulated device: the simulator serves it from its profile, so the profile's hash pins its behaviour.
     *
     * @param software what served it and at which version, as far as the bundle records it
     */
    public record Simulator(String device, String type, String profile, String profileSha256, String software) {
    }

    /** 20.29 (c): the tests run, per pack. */
    public record TestsRun(String clause, String heading, List<PackTests> packs) {
    }

    /** The planned tests of one pack, in run order. */
    public record PackTests(String pack, String title, String version, List<TestEntry> tests) {
    }

    /**
     * A planned test and what it traces to.
     *
     * @param sec the SEC clauses the pack traces the test to
     * @param requirements the requirement ids the pack traces the test to
     */
    public record TestEntry(String pack, String id, String title, String srv, String kind, boolean applicable,
                            List<String> deviceTypes, List<String> sec, List<String> requirements) {
    }

    /**
     * 20.29 (d): the results.
     *
     * @param summary the counts 9.4 (b)-(f) ask for
     * @param heatmap SRV x device type
     * @param latencies per SRV, from every request's latency in the results shown
     */
    public record Results(String clause, String heading, Summary summary, List<Result> tests, List<HeatCell> heatmap,
                          List<Latency> latencies) {
    }

    /**
     * Summary counts (9.4 (b)-(f)). {@code planned == run + notRun}, {@code run == passed + failed}; a BLOCKED test
     * (a precondition did not hold) counts as not run, with its reason.
     *
     * @param notRunTests the planned tests not run, each with its reason (9.4 (c))
     * @param notApplicableTests tests of the packs that do not apply to the DMC, each with its reason
     * @param failedTests the failed tests with their issues' severity (9.4 (d))
     * @param issuesBySeverity Testing Issues raised, by severity 1..5 (9.4 (e))
     * @param openIssuesBySeverity Testing Issues still open, by severity 1..5 (9.4 (f))
     */
    public record Summary(int planned, int run, int passed, int failed, int notRun, int blocked, int notApplicable,
                          List<NotRun> notRunTests, List<NotRun> notApplicableTests, List<FailedTest> failedTests,
                          Map<String, Integer> issuesBySeverity, Map<String, Integer> openIssuesBySeverity) {
    }

    /** A test without a pass or fail verdict, and why (blocked, not run, or not applicable). */
    public record NotRun(String pack, String test, String verdict, String reason) {
    }

    /**
     * A failed test with the severity of its Testing Issues (the most severe, 1 being the worst; {@code null} when none
     * was raised) for 9.4 (d).
     *
     * @param issues the Testing Issues raised on it, as {@code id (severity N, status)}
     */
    public record FailedTest(String pack, String test, String title, String srv, String reason, Integer severity,
                             List<String> issues) {
    }

    /**
     * The latest result of a test; earlier attempts (from older bundles) are listed with it.
     *
     * @param runId the run that gave this result
     */
    public record Result(String pack, String id, String title, String srv, String kind, boolean applicable,
                         String verdict, String reason, long durationMs, String runId, int requests,
                         List<Attempt> earlierAttempts) {
    }

    /** An earlier result of a test, superseded by a later run. */
    public record Attempt(String runId, String verdict, String reason) {
    }

    /** One cell of the heatmap: the verdicts of the tests of an SRV that address a device type. */
    public record HeatCell(String srv, String deviceType, int passed, int failed, int blocked, int notRun) {
        public int total() {
            return passed + failed + blocked + notRun;
        }
    }

    /**
     * Response times of one SRV, in milliseconds (nearest-rank percentiles).
     *
     * @param histogram request counts per bucket, bucket {@code i} holding latencies up to {@code bucketBounds[i]}
     */
    public record Latency(String srv, int count, long min, long p50, long p95, long max, List<Long> bucketBounds,
                          List<Integer> histogram) {
    }

    /** 20.29 (e): every Testing Issue raised on the DMC and how it was resolved. */
    public record IssuesSection(String clause, String heading, List<Issue> issues) {
    }

    /**
     * A Testing Issue as the report prints it.
     *
     * @param resolutionOption the 20.19 option as {@code (c) a change to a SMETS1 Device}, or {@code null}
     * @param exclusion the approved exclusion from threshold counting in words, or {@code null}
     * @param workOffPlanDue the Work Off Plan due date, or {@code null}
     * @param evidence evidence references as {@code run bundle lines}
     * @param history every change as {@code time by: action detail}
     */
    public record Issue(String id, String pack, String test, String title, int severity, String status,
                        String resolutionOption, String resolutionRationale, String exclusion, String workOffPlanDue,
                        String workOffPlan, List<String> evidence, List<String> rerunIds, List<String> history) {
    }

    /**
     * 20.29 (f) for a completed DMC (why it has completed testing), or 20.30 for a failed one (the reasons for the
     * failure).
     *
     * @param criteria every criterion of the decision with its figure and verdict
     * @param failureReasons for a failed DMC: each failed criterion, failed or blocked test, and counting issue
     */
    public record Conclusion(String clause, String heading, boolean completed, String rules, String statement,
                             List<CriterionLine> criteria, List<String> failureReasons) {
    }

    /** One criterion of the completion decision as judged: rule, figure, verdict and the tests or issues behind it. */
    public record CriterionLine(String id, String description, String figure, boolean met, List<String> detail) {
    }
}
