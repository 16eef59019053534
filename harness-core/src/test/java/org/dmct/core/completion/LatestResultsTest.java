package org.dmct.core.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.core.issues.EvidenceBundles.result;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dmct.core.issues.EvidenceBundles;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standing result of each test across runs: the latest verdict, by run start, unless it is a NOT_RUN. */
class LatestResultsTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theLatestRunDecidesWhateverOrderTheBundlesAreGivenIn() throws Exception {
        Path monday = EvidenceBundles.write(dir.resolve("mon"), "mon", T0, List.of(
                result("D1", "A", TestKind.FUNCTIONAL, Verdict.FAIL),
                result("D1", "B", TestKind.FUNCTIONAL, Verdict.PASS),
                result("D1", "C", TestKind.REGRESSION, Verdict.PASS)));
        Path tuesday = EvidenceBundles.write(dir.resolve("tue"), "tue", T0.plusSeconds(86_400), List.of(
                result("D1", "A", TestKind.FUNCTIONAL, Verdict.PASS),
                result("D1", "B", TestKind.FUNCTIONAL, Verdict.NOT_RUN),
                result("D1", "C", TestKind.REGRESSION, Verdict.FAIL),
                result("D2", "A", TestKind.FUNCTIONAL, Verdict.PASS)));
        LatestResults latest = LatestResults.fromBundles(List.of(tuesday, monday));
        assertThat(latest.runs()).extracting(org.dmct.core.issues.RecordedRun::runId).containsExactly("mon", "tue");
        assertThat(latest.forDmc("D1")).extracting(l -> l.result().testId() + "=" + l.result().verdict() + "@"
                + l.runId()).containsExactly("A=PASS@tue", "B=PASS@mon", "C=FAIL@tue");
        assertThat(latest.forDmc("D2")).hasSize(1);
        CompletionDecision d = CompletionRules.svtadDefault().decide("D1", latest, List.of());
        assertThat(d.completed()).isFalse();
        assertThat(d.failed()).extracting(CompletionDecision.Criterion::id).containsExactly("regression-pass-rate");
    }
}
