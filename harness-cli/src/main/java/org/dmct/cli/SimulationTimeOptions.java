package org.dmct.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.spi.RequestTimeClock;
import org.dmct.sim.time.SimulatedClock;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options of the commands that start simulators ({@code demo}, {@code simulate}) that make a run reproducible:
 * {@code --seed N} is mixed into every simulated device's consumption seed, and {@code --sim-start T} switches the
 * simulators to per-exchange time: each installation's clock starts at T and moves {@code --sim-step} (default 1s)
 * per request served, instead of following wall time, so the devices' answers depend on the seed and the request
 * sequence only; the harness then writes T as "now" into its requests ({@link RequestTimeClock}). Without {@code --sim-start} simulated time follows the wall clock (or the profiles' timeScale).
 */
final class SimulationTimeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "mixed into every simulated device's consumption seed "
            + "(default 0: the profiles' seeds alone)")
    long seed;

    @Option(names = "--sim-start", paramLabel = "INSTANT", description = "deterministic time: each installation's "
            + "clock starts at this instant (e.g. 2026-01-01T00:00:00Z) and moves --sim-step per request served")
    String simStart;

    @Option(names = "--sim-step", paramLabel = "DURATION", description = "with --sim-start: simulated time per "
            + "request served (default 1s)")
    String simStep;

    /** The clock to give the simulators: wall time, or a per-exchange clock each installation forks. */
    Clock clock() {
        if (simStart == null) {
            if (simStep != null) {
                throw new ParameterException(spec.commandLine(), "--sim-step needs --sim-start");
            }
            return Clock.systemUTC();
        }
        Instant start;
        try {
            start = Instant.parse(simStart);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--sim-start must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z: " + simStart);
        }
        Duration step = simStep == null ? Duration.ofSeconds(1) : ConfigNode.parseDuration(simStep)
                .filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--sim-step must be a positive duration such as 1s or 500ms: " + simStep));
        return SimulatedClock.perExchange(start, step);
    }

    /**
     * The run's clock: wall time, and with {@code --sim-start} a {@link RequestTimeClock} whose requests say it is
     * the simulation's start, so the request bytes do not depend on when the run happens.
     */
    Clock runClock() {
        if (simStart == null) {
            return Clock.systemUTC();
        }
        return new RequestTimeClock(Clock.systemUTC(), ((SimulatedClock) clock()).instant());
    }

    /**
     * The run's Supplier signing keys: with {@code --sim-start} derived from the seed, so that a repeated run signs its
     * critical requests with the same bytes; otherwise {@code null} (fresh random keys).
     */
    org.dmct.core.dcc.SupplierKeys supplierKeys() {
        return simStart == null ? null : org.dmct.core.dcc.SupplierKeys.derive(seed);
    }

    long seed() {
        return seed;
    }
}
