package org.dmct.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.pack.TestKind;

/**
 * What the intact part of an interrupted run's evidence log says was done, read back for {@code dmct resume}. A test
 * is <em>finished</em> when its {@code test-verdict} record is in the log: the runner forces the log to disk after
 * every verdict before the next test starts, so a finished test's records are all on disk. A test with a
 * {@code test-started} record and no verdict was interrupted; its records stay in the log (the chain is never
 * rewritten) and the test is run again from its start.
 */
final class RunHistory {
    boolean runStarted;
    boolean runFinished;
    int resumptions;
    final Set<String> packsRecorded = new HashSet<>();
    final Map<String, Dmc> dmcs = new LinkedHashMap<>();

    /** One DMC's records. */
    static final class Dmc {
        boolean started;
        boolean finished;
        String adapter;
        /** Test ids with a test-planned or test-not-applicable record. */
        final Set<String> planningRecorded = new HashSet<>();
        /** Verdicts by test id. */
        final Map<String, TestResult> verdicts = new LinkedHashMap<>();
        /** Tests started and not finished: test id to the seq of the (last) test-started record. */
        final Map<String, Long> interrupted = new LinkedHashMap<>();
    }

    static RunHistory read(Path evidence) throws IOException {
        try {
            // Streamed: the log of a thousand-installation run does not fit in a small heap.
            return of(EvidenceReader.stream(evidence));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static RunHistory of(Iterable<EvidenceRecord> records) {
        RunHistory h = new RunHistory();
        for (EvidenceRecord r : records) {
            switch (r.type()) {
                case EvidenceTypes.RUN_STARTED -> h.runStarted = true;
                case EvidenceTypes.PACK -> h.packsRecorded.add(r.text("id"));
                case EvidenceTypes.RUN_FINISHED -> h.runFinished = true;
                case EvidenceTypes.RUN_RESUMED -> h.resumptions++;
                case EvidenceTypes.DMC_STARTED -> {
                    Dmc d = h.dmc(r.text("dmc"));
                    d.started = true;
                    d.adapter = r.text("adapter");
                }
                case EvidenceTypes.TEST_PLANNED, EvidenceTypes.TEST_NOT_APPLICABLE ->
                        h.dmc(r.text("dmc")).planningRecorded.add(r.text("test"));
                case EvidenceTypes.TEST_STARTED -> h.dmc(r.text("dmc")).interrupted.put(r.text("test"), r.seq());
                case EvidenceTypes.TEST_VERDICT -> {
                    Dmc d = h.dmc(r.text("dmc"));
                    String test = r.text("test");
                    d.interrupted.remove(test);
                    String kind = r.text("kind");
                    d.verdicts.put(test, new TestResult(r.text("dmc"), r.text("pack"), test, r.text("title"),
                            r.text("srv"), kind == null ? null : TestKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                            r.flag("applicable"), Verdict.valueOf(r.text("verdict")), r.text("reason"),
                            r.number("durationMs"), r.flag("communicationFailure")));
                }
                case EvidenceTypes.DMC_FINISHED -> h.dmc(r.text("dmc")).finished = true;
                default -> {
                }
            }
        }
        return h;
    }

    private Dmc dmc(String id) {
        return dmcs.computeIfAbsent(id, k -> new Dmc());
    }

    /** The DMC's history; an empty one when the log has no record of it. */
    Dmc dmcOrEmpty(String id) {
        return dmcs.getOrDefault(id, new Dmc());
    }

    long keptVerdicts() {
        return dmcs.values().stream().mapToLong(d -> d.verdicts.size()).sum();
    }
}
