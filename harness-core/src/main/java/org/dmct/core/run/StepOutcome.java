package org.dmct.core.run;

import java.util.List;

/** How one step ended (package-private plumbing of the runner). */
record StepOutcome(boolean passed, Cause cause, String reason, int attempts, List<String> earlierAttempts,
                   boolean abandoned) {
    /** Why a step did not pass: decides FAIL (expectation) or BLOCKED (the rest). */
    enum Cause { NONE, EXPECTATION, COMMUNICATION, ADAPTER_ERROR }

    StepOutcome {
        earlierAttempts = List.copyOf(earlierAttempts);
    }

    static StepOutcome pass(String reason) {
        return new StepOutcome(true, Cause.NONE, reason, 1, List.of(), false);
    }

    static StepOutcome fail(Cause cause, String reason) {
        return new StepOutcome(false, cause, reason, 1, List.of(), false);
    }

    static StepOutcome abandonedStep() {
        return new StepOutcome(false, Cause.NONE, "abandoned: the test was already decided", 1, List.of(), true);
    }

    StepOutcome withAttempts(int n, List<String> earlier) {
        return new StepOutcome(passed, cause, reason, n, earlier, abandoned);
    }
}
