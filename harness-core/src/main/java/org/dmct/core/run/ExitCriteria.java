package org.dmct.core.run;

import java.util.List;

/**
 * Decides whether a DMC meets its criteria within one run, from its applicable tests' results: the run's own per-DMC
 * verdict. Whether a DMC has completed DMCT testing (the SVTAD's 90% functional, 100% regression, Testing Issue
 * thresholds and Work Off Plans, over the latest results across runs) is a separate, lab-level judgement:
 * {@link org.dmct.core.completion.CompletionRules}.
 */
public interface ExitCriteria {
    /** The rule in words, as reports print it. */
    String statement();

    /** Whether the applicable results (NOT_RUN included: a planned test that did not run counts against) meet it. */
    boolean met(List<TestResult> applicable);

    /** The interim rule: at least one applicable test, and every applicable test PASSes. */
    ExitCriteria ALL_APPLICABLE_PASS = new ExitCriteria() {
        @Override
        public String statement() {
            return "interim rule: every applicable test passes (100% of planned tests executed and passed; a DMC"
                    + " with no applicable test does not meet it)";
        }

        @Override
        public boolean met(List<TestResult> applicable) {
            return !applicable.isEmpty() && applicable.stream().allMatch(r -> r.verdict() == Verdict.PASS);
        }
    };
}
