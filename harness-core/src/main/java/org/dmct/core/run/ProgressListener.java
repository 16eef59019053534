package org.dmct.core.run;

/**
 * Live progress of a run, for the CLI. Callbacks come from the DMCs' event-loop threads (several at once for different
 * DMCs, in order for one DMC): implementations must be thread-safe and return quickly, never block. An exception thrown
 * by a callback is logged and ignored.
 */
public interface ProgressListener {
    default void runStarted(String runId, int dmcs, int plannedTests) {
    }

    default void dmcStarted(String dmcId, String adapter, int plannedTests) {
    }

    default void testStarted(String dmcId, String packId, String testId) {
    }

    default void testFinished(TestResult result) {
    }

    default void dmcFinished(DmcResult result) {
    }

    default void runFinished(RunOutcome outcome) {
    }

    ProgressListener NONE = new ProgressListener() {
    };
}
