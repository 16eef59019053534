package org.dmct.core.issues;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.ChainState;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.evidence.EvidenceWriter;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * Writes run bundles whose evidence log holds chosen verdicts, in the runner's record format, so register and
 * completion rules can be tested at their boundaries (the CLI tests use bundles of real runs).
 */
public final class EvidenceBundles {
    private EvidenceBundles() {
    }

    public static TestResult result(String dmc, String test, TestKind kind, Verdict verdict) {
        return new TestResult(dmc, "pack-a", test, "title of " + test, "SRV-1", kind, true, verdict,
                verdict == Verdict.PASS ? null : "reason " + verdict, 5, false);
    }

    public static TestResult blocked(String dmc, String test, boolean communication) {
        return new TestResult(dmc, "pack-a", test, "title of " + test, "SRV-1", TestKind.FUNCTIONAL, true,
                Verdict.BLOCKED, "no answer", 5, communication);
    }

    public static Path write(Path dir, String runId, Instant started, List<TestResult> results) throws Exception {
        Files.createDirectories(dir);
        EvidenceWriter w = EvidenceWriter.create(dir.resolve("evidence.jsonl"), Clock.fixed(started, ZoneOffset.UTC));
        w.append(EvidenceTypes.RUN_STARTED, Map.of("runId", runId));
        for (TestResult r : results) {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("dmc", r.dmcId());
            start.put("pack", r.packId());
            start.put("test", r.testId());
            w.append(EvidenceTypes.TEST_STARTED, start);
            Map<String, Object> v = new LinkedHashMap<>(start);
            v.put("title", r.title());
            v.put("srv", r.srv());
            v.put("kind", r.kind().name().toLowerCase());
            v.put("applicable", r.applicable());
            v.put("verdict", r.verdict().name());
            v.put("reason", r.reason());
            v.put("durationMs", r.durationMs());
            v.put("communicationFailure", r.communicationFailure());
            w.append(EvidenceTypes.TEST_VERDICT, v);
        }
        ChainState chain = w.finish().get(10, TimeUnit.SECONDS);
        new Manifest(Manifest.FORMAT, runId, started.toString(), started.toString(), "test", null, List.of(),
                List.of(), List.of(), new Manifest.EvidenceInfo(Bundle.EVIDENCE, chain.lines(), chain.lastLineHash()),
                null, List.of()).write(dir.resolve(Bundle.MANIFEST));
        return dir;
    }
}
