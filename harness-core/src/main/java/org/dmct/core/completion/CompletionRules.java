package org.dmct.core.completion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmct.core.completion.CompletionDecision.Criterion;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * The exit criteria a DMC must meet to complete DMCT testing, and the judgement itself. The defaults
 * ({@link #svtadDefault()}) are the SVTAD's (SEC Appendix AK 12.6, Table 13.1, Table 13.2, 15.1): every planned test
 * executed (tests de-scoped with approval excepted), at least 90% of functional tests passed, 100% of regression
 * tests passed, open counted Testing Issues within the thresholds (severity 1: 0, 2: 0, 3: 15, 4: 30, 5: 60), and a
 * Work Off Plan for every open issue. A lab replaces any of them in the {@code completion:} section of its rules file
 * ({@link RulesFile}). The judgement is over the latest result of each test across runs and the lab's Testing Issues
 * register; it is separate from a run's own per-DMC verdict ({@link org.dmct.core.run.ExitCriteria}).
 *
 * @param name what the decision calls this rule set, e.g. {@code SVTAD default} or the rules file
 * @param requireAllExecuted whether every planned (not de-scoped) test must have been executed (PASS or FAIL)
 * @param functionalPassRate the minimum percentage of planned functional tests that pass
 * @param regressionPassRate the minimum percentage of planned regression tests that pass
 * @param thresholds severity (1..5) to the most open, counted issues allowed
 * @param requireWorkOffPlans whether every open issue must be in a Work Off Plan
 * @param descoped the tests de-scoped with approval
 */
public record CompletionRules(String name, boolean requireAllExecuted, BigDecimal functionalPassRate,
                              BigDecimal regressionPassRate, Map<Integer, Integer> thresholds,
                              boolean requireWorkOffPlans, List<DescopedTest> descoped) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public CompletionRules {
        thresholds = new TreeMap<>(thresholds);
        for (int s = 1; s <= 5; s++) {
            if (!thresholds.containsKey(s)) {
                throw new IllegalArgumentException("a threshold for severity " + s + " is required");
            }
        }
        thresholds = java.util.Collections.unmodifiableMap(thresholds);
        descoped = List.copyOf(descoped);
        checkRate("functionalPassRate", functionalPassRate);
        checkRate("regressionPassRate", regressionPassRate);
    }

    /** The SVTAD defaults, with no test de-scoped. */
    public static CompletionRules svtadDefault() {
        return new CompletionRules("SVTAD default", true, BigDecimal.valueOf(90), HUNDRED,
                Map.of(1, 0, 2, 0, 3, 15, 4, 30, 5, 60), true, List.of());
    }

    /** A copy with other de-scoped tests. */
    public CompletionRules withDescoped(List<DescopedTest> tests) {
        return new CompletionRules(name, requireAllExecuted, functionalPassRate, regressionPassRate, thresholds,
                requireWorkOffPlans, tests);
    }

    /** Judges a DMC from the latest results across runs and the register's issues. */
    public CompletionDecision decide(String dmcId, LatestResults latest, List<TestingIssue> issues) {
        return decide(dmcId, latest.forDmc(dmcId).stream().map(LatestResults.Latest::result).toList(), issues);
    }

    /**
     * Judges a DMC.
     *
     * @param results the latest result of each of the DMC's tests (other DMCs' results are ignored; not applicable
     *     tests are not planned for it)
     * @param issues Testing Issues (other DMCs' are ignored)
     */
    public CompletionDecision decide(String dmcId, List<TestResult> results, List<TestingIssue> issues) {
        List<TestResult> planned = new ArrayList<>();
        List<String> descopedHere = new ArrayList<>();
        for (TestResult r : results) {
            if (!r.dmcId().equals(dmcId) || !r.applicable()) {
                continue;
            }
            if (descoped.stream().anyMatch(d -> d.covers(dmcId, r.packId(), r.testId()))) {
                descopedHere.add(r.testId());
            } else {
                planned.add(r);
            }
        }
        List<TestingIssue> mine = issues.stream().filter(i -> i.dmcId().equals(dmcId)).toList();
        List<Criterion> criteria = new ArrayList<>();
        if (requireAllExecuted) {
            criteria.add(executed(planned, descopedHere));
        }
        criteria.add(passRate("functional-pass-rate", "functional", TestKind.FUNCTIONAL, functionalPassRate,
                planned));
        criteria.add(passRate("regression-pass-rate", "regression", TestKind.REGRESSION, regressionPassRate,
                planned));
        for (int s = 1; s <= 5; s++) {
            criteria.add(threshold(s, mine));
        }
        if (requireWorkOffPlans) {
            criteria.add(workOffPlans(mine));
        }
        boolean completed = criteria.stream().allMatch(Criterion::met);
        String statement;
        if (completed) {
            statement = "DMC " + dmcId + " has completed testing: every exit criterion of the " + name
                    + " rules is met (" + criteria.stream().map(c -> c.description() + ": " + c.figure())
                    .reduce((a, b) -> a + "; " + b).orElse("") + ").";
        } else {
            statement = "DMC " + dmcId + " has NOT completed testing under the " + name + " rules: "
                    + criteria.stream().filter(c -> !c.met()).map(c -> c.description() + " is not met (" + c.figure()
                    + ")").reduce((a, b) -> a + "; " + b).orElse("") + ".";
        }
        return new CompletionDecision(dmcId, completed, name, criteria, statement);
    }

    private Criterion executed(List<TestResult> planned, List<String> descopedHere) {
        String description = "100% of planned tests executed (de-scoped with approval excepted)";
        List<String> notExecuted = planned.stream()
                .filter(r -> r.verdict() != Verdict.PASS && r.verdict() != Verdict.FAIL)
                .map(r -> r.testId() + ": " + r.verdict() + (r.reason() == null ? "" : " (" + r.reason() + ")"))
                .toList();
        int done = planned.size() - notExecuted.size();
        String extra = descopedHere.isEmpty() ? "" : "; " + descopedHere.size() + " de-scoped with approval ("
                + String.join(", ", descopedHere) + ")";
        if (planned.isEmpty()) {
            return new Criterion("all-planned-executed", description, "no planned test has a result" + extra, false,
                    List.of());
        }
        List<String> detail = new ArrayList<>(notExecuted);
        descopedHere.forEach(t -> detail.add(t + ": de-scoped with approval"));
        return new Criterion("all-planned-executed", description, done + " of " + planned.size() + " executed ("
                + percent(done, planned.size()) + ")" + extra, notExecuted.isEmpty(), detail);
    }

    private Criterion passRate(String id, String word, TestKind kind, BigDecimal min, List<TestResult> planned) {
        String description = "at least " + min.stripTrailingZeros().toPlainString() + "% of " + word + " tests pass";
        List<TestResult> ofKind = planned.stream().filter(r -> r.kind() == kind).toList();
        if (ofKind.isEmpty()) {
            return new Criterion(id, description, "no " + word + " test planned, so none passed", false, List.of());
        }
        long passed = ofKind.stream().filter(r -> r.verdict() == Verdict.PASS).count();
        // passed / total >= min / 100, compared exactly: no rounding can turn 89.95% into 90%.
        boolean met = BigDecimal.valueOf(passed).multiply(HUNDRED)
                .compareTo(min.multiply(BigDecimal.valueOf(ofKind.size()))) >= 0;
        List<String> notPassed = ofKind.stream().filter(r -> r.verdict() != Verdict.PASS)
                .map(r -> r.testId() + ": " + r.verdict()).toList();
        return new Criterion(id, description, passed + " of " + ofKind.size() + " passed ("
                + percent(passed, ofKind.size()) + ")", met, notPassed);
    }

    private Criterion threshold(int severity, List<TestingIssue> mine) {
        int max = thresholds.get(severity);
        List<TestingIssue> counted = mine.stream()
                .filter(i -> i.severity() == severity && i.countsAgainstThresholds()).toList();
        List<TestingIssue> excluded = mine.stream()
                .filter(i -> i.severity() == severity && i.open() && i.exclusion() != null).toList();
        String figure = counted.size() + " open (threshold " + max + ")" + (excluded.isEmpty() ? ""
                : "; " + excluded.size() + " more excluded with approval ("
                + String.join(", ", excluded.stream().map(TestingIssue::id).toList()) + ")");
        List<String> detail = new ArrayList<>(counted.stream().map(TestingIssue::id).toList());
        excluded.forEach(i -> detail.add(i.id() + " (excluded, approved by " + i.exclusion().approvedBy() + ")"));
        return new Criterion("open-issues-severity-" + severity, "open severity " + severity
                + " Testing Issues at or below the threshold of " + max, figure, counted.size() <= max, detail);
    }

    private Criterion workOffPlans(List<TestingIssue> mine) {
        String description = "a Work Off Plan for every open Testing Issue";
        List<TestingIssue> open = mine.stream().filter(TestingIssue::open).toList();
        if (open.isEmpty()) {
            return new Criterion("work-off-plans", description, "no open Testing Issues", true, List.of());
        }
        List<String> missing = open.stream().filter(i -> i.workOffPlan() == null)
                .map(i -> i.id() + " (severity " + i.severity() + (i.severity() <= 2
                        ? ": no Work Off Plan is possible for severity 1 or 2" : "") + ")").toList();
        return new Criterion("work-off-plans", description, (open.size() - missing.size()) + " of " + open.size()
                + " open issues have a Work Off Plan", missing.isEmpty(), missing);
    }

    private static String percent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 1, RoundingMode.DOWN)
                .toPlainString() + "%";
    }

    private static void checkRate(String what, BigDecimal rate) {
        if (rate == null || rate.signum() < 0 || rate.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException(what + " must be 0..100, was " + rate);
        }
    }
}
