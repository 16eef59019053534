package org.dmct.core.issues;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.evidence.BundleVerification;
import org.dmct.core.evidence.BundleVerifier;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * The test verdicts a run bundle's evidence log records, read back for the Testing Issues register and the
 * completion decision: the run's id and start time, and each test-verdict with the evidence lines of that test on
 * that DMC. The bundle is verified first (as {@code dmct verify --allow-unsigned} does), so nothing is raised or judged
 * from a bundle that was altered or cut.
 *
 * @param bundle the bundle directory
 * @param runId the run id from its run-started record
 * @param started when the run started, from its run-started record
 * @param results one per test-verdict record, in log order
 */
public record RecordedRun(Path bundle, String runId, Instant started, List<Result> results) {
    public RecordedRun {
        results = List.copyOf(results);
    }

    /**
     * One recorded verdict and where its evidence is.
     *
     * @param lines the 1-based evidence line numbers of every record of this test on this DMC
     */
    public record Result(TestResult result, List<Long> lines) {
        public Result {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Reads a bundle's evidence log.
     *
     * @throws BundleException when the directory is no bundle, its evidence chain is broken, or it has no
     *     run-started record
     */
    public static RecordedRun read(Path dir) {
        Bundle bundle = Bundle.open(dir);
        try {
            // The whole bundle is checked (manifest hashes, final chain hash, signature when signed): the chain alone
            // would not show a changed last line, and a verdict is often near the end.
            BundleVerification v = BundleVerifier.verify(bundle.dir());
            if (!v.holds(true)) {
                throw new BundleException("cannot take test results from " + bundle.dir() + ": it does not verify ("
                        + v.problems().get(0) + "); check it with 'dmct verify'");
            }
        } catch (IOException e) {
            throw new BundleException("cannot read " + bundle.evidence() + ": " + e, e);
        }
        // One streamed pass: the log of a thousand-installation run does not fit in a small heap; only the run-started
        // record, the verdicts and the line numbers of each test's records are kept.
        EvidenceRecord start = null;
        Map<String, List<Long>> linesByTest = new LinkedHashMap<>();
        List<EvidenceRecord> verdicts = new ArrayList<>();
        try {
            for (EvidenceRecord r : EvidenceReader.stream(bundle.evidence())) {
                if (start == null && EvidenceTypes.RUN_STARTED.equals(r.type())) {
                    start = r;
                }
                String dmc = r.text("dmc");
                String test = r.text("test");
                if (dmc != null && test != null) {
                    linesByTest.computeIfAbsent(dmc + "\u0000" + test, k -> new ArrayList<>()).add(r.line());
                }
                if (EvidenceTypes.TEST_VERDICT.equals(r.type())) {
                    verdicts.add(r);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new BundleException("cannot read " + bundle.evidence() + ": " + e.getCause(), e);
        }
        if (start == null) {
            throw new BundleException(bundle.evidence() + " has no " + EvidenceTypes.RUN_STARTED
                    + " record: it is not the log of a run");
        }
        String runId = start.text("runId");
        if (runId == null || runId.isBlank()) {
            throw new BundleException(bundle.evidence() + " line " + start.line() + ": the run-started record has"
                    + " no runId");
        }
        Instant started;
        try {
            started = Instant.parse(start.time());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new BundleException(bundle.evidence() + " line " + start.line() + ": time '" + start.time()
                    + "' is not an ISO-8601 instant");
        }
        List<Result> results = new ArrayList<>();
        for (EvidenceRecord r : verdicts) {
            TestResult t = new TestResult(required(bundle, r, "dmc"), required(bundle, r, "pack"),
                    required(bundle, r, "test"), r.text("title"), r.text("srv"), kind(bundle, r),
                    r.flag("applicable"), verdict(bundle, r), r.text("reason"), r.number("durationMs"),
                    r.flag("communicationFailure"));
            results.add(new Result(t, linesByTest.getOrDefault(t.dmcId() + "\u0000" + t.testId(), List.of(r.line()))));
        }
        return new RecordedRun(bundle.dir(), runId, started, results);
    }

    /** The results of one DMC, in log order. */
    public List<Result> forDmc(String dmcId) {
        return results.stream().filter(r -> r.result().dmcId().equals(dmcId)).toList();
    }

    private static String required(Bundle b, EvidenceRecord r, String field) {
        String v = r.text(field);
        if (v == null || v.isBlank()) {
            throw new BundleException(b.evidence() + " line " + r.line() + ": the " + r.type() + " record has no "
                    + field);
        }
        return v;
    }

    private static Verdict verdict(Bundle b, EvidenceRecord r) {
        String v = required(b, r, "verdict");
        try {
            return Verdict.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new BundleException(b.evidence() + " line " + r.line() + ": verdict '" + v + "' is not one of "
                    + java.util.Arrays.toString(Verdict.values()));
        }
    }

    private static TestKind kind(Bundle b, EvidenceRecord r) {
        JsonNode k = r.get("kind");
        String v = k == null || k.isNull() ? "FUNCTIONAL" : k.asText().toUpperCase(java.util.Locale.ROOT);
        try {
            return TestKind.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new BundleException(b.evidence() + " line " + r.line() + ": kind '" + k.asText()
                    + "' is not functional or regression");
        }
    }
}
