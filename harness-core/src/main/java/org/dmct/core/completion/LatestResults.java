package org.dmct.core.completion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.core.issues.RecordedRun;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * The latest result of each planned test of each DMC across several run bundles: the judgement of completion is
 * over the tests as they stand now, so a test that failed on Monday and passed its re-run on Tuesday counts as
 * passed. Runs are taken in the order they started; a later NOT_RUN (the run ended before the test) does not hide an
 * earlier verdict, but a later PASS, FAIL or BLOCKED replaces it.
 */
public final class LatestResults {
    /**
     * One test's standing result and the run it came from.
     *
     * @param runId the run that gave this result
     */
    public record Latest(TestResult result, String runId, Path bundle) {
    }

    private final Map<String, Latest> byKey;
    private final List<RecordedRun> runs;

    private LatestResults(Map<String, Latest> byKey, List<RecordedRun> runs) {
        this.byKey = byKey;
        this.runs = List.copyOf(runs);
    }

    /** Reads every bundle (see {@link RecordedRun#read}) and keeps each test's latest result. */
    public static LatestResults fromBundles(List<Path> bundles) {
        List<RecordedRun> runs = new ArrayList<>();
        for (Path b : bundles) {
            runs.add(RecordedRun.read(b));
        }
        return of(runs);
    }

    /** The latest results over runs already read. */
    public static LatestResults of(List<RecordedRun> recorded) {
        List<RecordedRun> runs = new ArrayList<>(recorded);
        runs.sort(Comparator.comparing(RecordedRun::started));
        Map<String, Latest> byKey = new LinkedHashMap<>();
        for (RecordedRun run : runs) {
            for (RecordedRun.Result r : run.results()) {
                TestResult t = r.result();
                String key = t.dmcId() + "\u0000" + t.packId() + "\u0000" + t.testId();
                Latest earlier = byKey.get(key);
                if (earlier != null && t.verdict() == Verdict.NOT_RUN && earlier.result().verdict() != Verdict.NOT_RUN
                        && earlier.result().applicable() == t.applicable()) {
                    continue;
                }
                byKey.put(key, new Latest(t, run.runId(), run.bundle()));
            }
        }
        return new LatestResults(byKey, runs);
    }

    /** The latest result of every test of a DMC (applicable or not), in first-seen order. */
    public List<Latest> forDmc(String dmcId) {
        return byKey.values().stream().filter(l -> l.result().dmcId().equals(dmcId)).toList();
    }

    /** The runs read, oldest first. */
    public List<RecordedRun> runs() {
        return runs;
    }
}
