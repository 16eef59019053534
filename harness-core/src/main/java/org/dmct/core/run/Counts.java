package org.dmct.core.run;

import java.util.List;

/**
 * Test counts of a DMC. {@code planned} counts the applicable tests; {@code passed + failed + blocked + notRun ==
 * planned}; {@code notApplicable} tests are outside the DMC's criteria.
 */
public record Counts(int planned, int passed, int failed, int blocked, int notRun, int notApplicable) {
    public static Counts of(List<TestResult> results) {
        int planned = 0;
        int passed = 0;
        int failed = 0;
        int blocked = 0;
        int notRun = 0;
        int notApplicable = 0;
        for (TestResult r : results) {
            if (!r.applicable()) {
                notApplicable++;
                continue;
            }
            planned++;
            switch (r.verdict()) {
                case PASS: passed++; break;
                case FAIL: failed++; break;
                case BLOCKED: blocked++; break;
                default: notRun++; break;
            }
        }
        return new Counts(planned, passed, failed, blocked, notRun, notApplicable);
    }

    public Counts plus(Counts o) {
        return new Counts(planned + o.planned, passed + o.passed, failed + o.failed, blocked + o.blocked,
                notRun + o.notRun, notApplicable + o.notApplicable);
    }

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
}
