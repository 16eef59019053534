package org.dmct.core.run;

import io.netty.util.concurrent.EventExecutor;
import org.dmct.core.config.ConfigException;
import org.dmct.core.evidence.BundleException;

/**
 * Runs packs on a lab's DMCs and writes the run's bundle (evidence log, manifest, reports).
 *
 * <p>How a run goes: the {@link RunPlan} decides which tests apply to each DMC. All DMCs run at once, each confined to
 * one event loop of the group it is given (no thread per DMC or device; nothing blocks a loop: steps chain futures,
 * waits and timeouts are scheduled on the loop). Within a DMC, tests run one after the other in pack order, packs in
 * the order given. For each DMC the first provider whose {@code supports(dmc)} is true opens the adapter; if none can,
 * every applicable test is BLOCKED. See {@link Verdict} for what each verdict means and {@link Expectations} for how a
 * response is judged.
 *
 * <p>Usage from the CLI:
 * <pre>{@code
 * RunConfig config = RunConfig.builder(lab, packs, eventLoopGroup, bundleDir)
 *         .providers(DeviceAdapterProvider.installed())
 *         .listener(progress)
 *         .build();
 * RunHandle handle = Runner.start(config);          // throws ConfigException / BundleException up front
 * Runtime.getRuntime().addShutdownHook(...handle.abort("interrupted")...);
 * RunOutcome outcome = handle.outcome().join();     // bundle written, reports included
 * int exit = outcome.error() != null ? 3 : outcome.allMet() ? 0 : 1;
 * }</pre>
 */
public final class Runner {
    private Runner() {
    }

    /**
     * Plans the run, creates the bundle directory and starts every DMC; returns at once.
     *
     * @throws ConfigException when two packs share a test id
     * @throws IllegalArgumentException for a DMC id the lab does not have
     * @throws BundleException when the bundle directory is not empty or cannot be created
     */
    public static RunHandle start(RunConfig config) {
        return new RunHandle(RunExecution.start(config));
    }

    /** {@link #start} and wait for the outcome. Must not be called from one of the run's event loops. */
    public static RunOutcome run(RunConfig config) {
        for (EventExecutor e : config.eventLoops()) {
            if (e.inEventLoop()) {
                throw new IllegalStateException("Runner.run blocks: call it from outside the run's event loops, or"
                        + " use Runner.start");
            }
        }
        return start(config).outcome().join();
    }
}
