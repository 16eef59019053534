package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.List;
import org.dmct.core.lab.Lab;
import org.dmct.core.pack.Pack;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.ProgressListener;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.RunPlanFile;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.OperatorPrompt;

/** What {@code run} and {@code demo} share: running packs on a lab's DMCs and telling the user how it went. */
final class RunSupport {
    private RunSupport() {
    }

    static RunOutcome run(Console console, Lab lab, List<Pack> packs, Path out, List<String> dmcs,
                          EventLoopGroup group) {
        return run(console, lab, packs, out, dmcs, group, OperatorPrompt.NONE, 0);
    }

    /**
     * Like the other, with who answers the prompts of stimulate steps on DMCs without a control interface, and how
     * many DMCs run at once (0: all).
     */
    static RunOutcome run(Console console, Lab lab, List<Pack> packs, Path out, List<String> dmcs,
                          EventLoopGroup group, OperatorPrompt operator, int maxActiveDmcs) {
        return run(console, lab, packs, out, dmcs, group, operator, maxActiveDmcs, java.time.Clock.systemUTC());
    }

    /** As above, under {@code clock} (a {@link org.dmct.core.spi.RequestTimeClock} for a deterministic run). */
    static RunOutcome run(Console console, Lab lab, List<Pack> packs, Path out, List<String> dmcs,
                          EventLoopGroup group, OperatorPrompt operator, int maxActiveDmcs, java.time.Clock clock) {
        return run(console, lab, packs, out, dmcs, group, operator, maxActiveDmcs, clock, null);
    }

    /** As above, with the run's Supplier signing keys ({@code null}: fresh random ones). */
    static RunOutcome run(Console console, Lab lab, List<Pack> packs, Path out, List<String> dmcs,
                          EventLoopGroup group, OperatorPrompt operator, int maxActiveDmcs, java.time.Clock clock,
                          org.dmct.core.dcc.SupplierKeys supplierKeys) {
        RunConfig config = RunConfig.builder(lab, packs, group, out)
                .supplierKeys(supplierKeys)
                .clock(clock)
                .operator(operator)
                .providers(DeviceAdapterProvider.installed())
                .dmcs(dmcs)
                .listener(console.interactive() ? new TerminalProgress(console) : ProgressListener.NONE)
                .harnessVersion(DmctCommand.version())
                .secrets(secrets(console, lab))
                .maxActiveDmcs(maxActiveDmcs)
                .build();
        return Runner.run(config);
    }

    /**
     * Continues the interrupted run in {@code bundle} with the lab and packs its plan names (already loaded and checked
     * by the caller) and the options it recorded.
     */
    static RunOutcome resume(Console console, Lab lab, List<Pack> packs, Path bundle, RunPlanFile plan,
                             EventLoopGroup group) {
        RunConfig config = RunConfig.builder(lab, packs, group, bundle)
                .providers(DeviceAdapterProvider.installed())
                .dmcs(plan.dmcs())
                .listener(console.interactive() ? new TerminalProgress(console) : ProgressListener.NONE)
                .harnessVersion(DmctCommand.version())
                .secrets(secrets(console, lab))
                .requestTimeout(java.time.Duration.ofMillis(plan.options().requestTimeoutMs()))
                .adapterGrace(java.time.Duration.ofMillis(plan.options().adapterGraceMs()))
                .communicationCutoff(plan.options().communicationCutoff())
                .build();
        return Runner.resume(config).outcome().join();
    }

    /**
     * Where the secrets of a lab's devices come from: its keystore, if it declares one, and the console's environment.
     */
    static org.dmct.core.spi.SecretResolver secrets(Console console, Lab lab) {
        return secrets(console.environment(), lab);
    }

    /** As above, with {@code {env: NAME}} references looked up in {@code environment}. */
    static org.dmct.core.spi.SecretResolver secrets(java.util.function.Function<String, String> environment, Lab lab) {
        try {
            return org.dmct.core.spi.KeystoreSecretResolver.forLab(lab,
                    org.dmct.core.spi.SecretResolver.environment(environment));
        } catch (IllegalStateException e) {
            // A keystore that cannot be opened (no password in the environment, wrong password) is set-up, not a
            // device failure: the user fixes it before anything runs.
            throw new SetupException("lab " + lab.id() + " (" + lab.source() + "): cannot open its keystore: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Who answers operator prompts: the answers file when given, else the person at the terminal of an interactive
     * run (its reading thread is a daemon: a run never waits on it to exit), else nobody (those steps block).
     */
    static OperatorPrompt operator(Console console, Path answers) {
        if (answers != null) {
            return org.dmct.core.spi.ScriptedOperator.load(answers, java.time.Clock.systemUTC());
        }
        if (console.interactive()) {
            return new TerminalOperator(console, System.in, System.getProperty("user.name", "operator"),
                    java.time.Clock.systemUTC());
        }
        return OperatorPrompt.NONE;
    }

    /** The lab cannot be used as set up (its keystore cannot be opened); exit code 2. */
    static final class SetupException extends RuntimeException {
        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Prints the per-DMC summary and where the bundle and report are. */
    static void summarise(Console console, RunOutcome outcome) {
        var out = console.out();
        var total = outcome.counts();
        out.printf("Run %s: %d DMCs, %d tests planned: %d passed, %d failed, %d blocked, %d not run%n",
                outcome.runId(), outcome.dmcs().size(), total.planned(), total.passed(), total.failed(),
                total.blocked(), total.notRun());
        for (DmcResult dmc : outcome.dmcs()) {
            var c = dmc.counts();
            out.printf("  %-14s %-18s %d planned: %d passed, %d failed, %d blocked, %d not run%n", dmc.dmcId(),
                    dmc.criteriaMet() ? "criteria met" : "criteria NOT met", c.planned(), c.passed(), c.failed(),
                    c.blocked(), c.notRun());
            for (TestResult t : dmc.tests()) {
                if (t.applicable() && t.verdict() != Verdict.PASS) {
                    out.printf("      %-8s %s: %s%n", t.verdict(), t.testId(), t.reason());
                }
            }
        }
        outcome.errorMessage().ifPresent(m -> console.err().println("dmct: " + m));
        out.println("Bundle: " + outcome.bundle().dir());
        out.println("Report: " + outcome.bundle().reportHtml());
    }

    /**
     * The size and pace of the run: installations, exchanges (request/response pairs, counted from the evidence log)
     * and elapsed time; what a scale run ({@code dmct simulate --count N} then {@code dmct run}) is judged by.
     */
    static void printThroughput(Console console, RunOutcome outcome) {
        double seconds = java.time.Duration.between(outcome.started(), outcome.finished()).toMillis() / 1000.0;
        try {
            var stats = org.dmct.core.evidence.ExchangeStatistics.read(outcome.bundle().evidence());
            console.out().printf(java.util.Locale.ROOT, "Installations: %d, exchanges: %d, elapsed: %.1f s"
                            + " (%.0f exchanges/s, latency p50 %d ms, p99 %d ms)%n", outcome.dmcs().size(),
                    stats.exchanges(), seconds, seconds > 0 ? stats.exchanges() / seconds : 0.0,
                    stats.percentileMillis(50), stats.percentileMillis(99));
        } catch (java.io.IOException | RuntimeException e) {
            console.out().printf(java.util.Locale.ROOT, "Installations: %d, elapsed: %.1f s (exchanges not counted:"
                    + " %s)%n", outcome.dmcs().size(), seconds, e.getMessage());
        }
    }

    /** One line per finished test on the terminal, so a long run shows it is alive. */
    private record TerminalProgress(Console console) implements ProgressListener {
        @Override
        public void dmcStarted(String dmcId, String adapter, int plannedTests) {
            console.err().printf("[%s] started: %d tests (adapter %s)%n", dmcId, plannedTests, adapter);
        }

        @Override
        public void testFinished(TestResult result) {
            if (result.applicable()) {
                console.err().printf("[%s] %-7s %s%n", result.dmcId(), result.verdict(), result.testId());
            }
        }

        @Override
        public void dmcFinished(DmcResult result) {
            console.err().printf("[%s] finished: %s%n", result.dmcId(),
                    result.criteriaMet() ? "criteria met" : "criteria NOT met");
        }
    }
}
