package org.dmct.core.run;

import java.util.concurrent.CompletableFuture;
import org.dmct.core.evidence.Bundle;

/** A run in progress: its id and bundle, its outcome to come, and a way to stop it (e.g. on Ctrl-C). */
public final class RunHandle {
    private final RunExecution run;

    RunHandle(RunExecution run) {
        this.run = run;
    }

    public String runId() {
        return run.runId;
    }

    public Bundle bundle() {
        return run.bundle;
    }

    /**
     * Completes when the run has ended and its evidence log, manifest and (unless disabled) reports are written. It
     * does not complete exceptionally for device or test trouble, only for an internal error of the harness.
     */
    public CompletableFuture<RunOutcome> outcome() {
        return run.outcome();
    }

    /**
     * Stops the run: each DMC's test in progress ends NOT_RUN, remaining tests are NOT_RUN (and count against the
     * criteria), adapters are closed without waiting for requests in flight (whose answers are then not recorded),
     * and evidence, manifest and reports are still written. Safe from any thread, idempotent (the first reason is
     * kept).
     */
    public void abort(String reason) {
        run.abort(reason);
    }
}
