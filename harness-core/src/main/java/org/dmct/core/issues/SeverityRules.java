package org.dmct.core.issues;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;

/**
 * The rule table that gives a newly raised Testing Issue its default severity (1 most severe .. 5) from how its test
 * went. The defaults: a regression test that fails 2 (something that worked is broken again, 9.3), a functional test
 * that fails 3, a test blocked because the device could not be reached or did not answer 4, a test blocked for
 * another reason (a precondition did not hold, no adapter could serve the DMC) 4. A lab overrides any of them in the
 * {@code severity:} section of its rules file (see {@link org.dmct.core.completion.RulesFile}); a person may change
 * an issue's severity afterwards, with a recorded reason.
 */
public final class SeverityRules {
    /** The situations the table distinguishes, with the key the rules file uses for each. */
    public enum Situation {
        REGRESSION_FAILURE("regression-failure", 2),
        FUNCTIONAL_FAILURE("functional-failure", 3),
        BLOCKED_BY_COMMUNICATION("blocked-by-communication", 4),
        BLOCKED("blocked", 4);

        private final String key;
        private final int defaultSeverity;

        Situation(String key, int defaultSeverity) {
            this.key = key;
            this.defaultSeverity = defaultSeverity;
        }

        /** The key in the rules file. */
        public String key() {
            return key;
        }

        public int defaultSeverity() {
            return defaultSeverity;
        }

        public static Optional<Situation> byKey(String key) {
            for (Situation s : values()) {
                if (s.key.equals(key)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    private final Map<Situation, Integer> severities;

    private SeverityRules(Map<Situation, Integer> severities) {
        this.severities = Map.copyOf(severities);
    }

    /** The defaults listed above. */
    public static SeverityRules defaults() {
        return withOverrides(Map.of());
    }

    /** The defaults with some situations given another severity (1..5). */
    public static SeverityRules withOverrides(Map<Situation, Integer> overrides) {
        Map<Situation, Integer> m = new EnumMap<>(Situation.class);
        for (Situation s : Situation.values()) {
            m.put(s, s.defaultSeverity);
        }
        overrides.forEach((s, v) -> {
            if (v < 1 || v > 5) {
                throw new IllegalArgumentException("severity for " + s.key + " must be 1..5, was " + v);
            }
            m.put(s, v);
        });
        return new SeverityRules(m);
    }

    /** The situation a failed or blocked result is in, or empty for a result that raises no issue. */
    public static Optional<Situation> situation(TestResult r) {
        if (!r.applicable()) {
            return Optional.empty();
        }
        if (r.verdict() == Verdict.FAIL) {
            return Optional.of(r.kind() == TestKind.REGRESSION ? Situation.REGRESSION_FAILURE
                    : Situation.FUNCTIONAL_FAILURE);
        }
        if (r.verdict() == Verdict.BLOCKED) {
            return Optional.of(r.communicationFailure() ? Situation.BLOCKED_BY_COMMUNICATION : Situation.BLOCKED);
        }
        return Optional.empty();
    }

    public int severity(Situation s) {
        return severities.get(s);
    }

    /** The whole table, in {@link Situation} order. */
    public Map<Situation, Integer> table() {
        return new EnumMap<>(severities);
    }
}
