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

    /**
     * Continues a run that was killed (SIGKILL, power loss) in its bundle, {@code config.bundleDir()}: the lab, packs,
     * DMCs and options in {@code config} must be those the bundle's {@code run-plan.json} records (same SHA-256 of the
     * lab and pack files). The evidence log is cut back to its last complete, chain-valid line (a torn last line is
     * the only damage a kill can do; anything else is refused as tampering), a {@code run-resumed} record says what
     * was kept and cut, tests with a verdict are kept and not run again, tests started without a verdict run again
     * from their start, and the bundle is then finished as a run's is (reports, manifest, signature). Run id and start
     * time stay the interrupted run's. Returns at once.
     *
     * @throws BundleException when the bundle cannot be resumed: complete already (it has a manifest), no run plan,
     *                         the lab or a pack file changed, or the evidence log was altered
     */
    public static RunHandle resume(RunConfig config) {
        return new RunHandle(RunExecution.resume(config));
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
