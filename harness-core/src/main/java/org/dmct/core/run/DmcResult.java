package org.dmct.core.run;

import java.util.List;

/**
 * A DMC's results: every test in plan order (not-applicable ones included, marked), and whether it meets its criteria.
 *
 * @param adapter the adapter that served the DMC, or {@code null} when none could
 */
public record DmcResult(String dmcId, String title, String adapter, boolean criteriaMet, String criteriaStatement,
                        List<TestResult> tests) {
    public DmcResult {
        tests = List.copyOf(tests);
    }

    public Counts counts() {
        return Counts.of(tests);
    }
}
