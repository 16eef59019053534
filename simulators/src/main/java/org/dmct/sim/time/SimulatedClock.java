package org.dmct.sim.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The time of a simulated installation: a {@link Clock} every simulated device reads instead of the wall clock, so
 * that long horizons (a month of daily logs) pass in seconds and tests control time without sleeping. Two kinds:
 * {@link #manual(Instant)} stands still until a test calls {@link #advance}; {@link #scaled(Clock, double)} runs
 * {@code timeScale} times faster than the clock it follows (1800 = an hour every two wall seconds), from the moment
 * it is made. Devices that must act when time passes (prepayment charging, alerts) {@link #onAdvance listen}; a
 * manual clock tells them after each advance, and a scaled one has them catch up whenever they are read, so nothing
 * ever needs a timer or a sleep. A third kind, {@link #perExchange(Instant, Duration)}, is a manual clock that the
 * installation serving it advances by a fixed quantum for every request it serves ({@link #exchangeServed()}), so
 * that what the devices answer depends on the seed and the request sequence only, never on wall time: two runs with
 * the same seed then record the same evidence.
 */
public final class SimulatedClock extends Clock {
    private final Clock followed;
    private final double timeScale;
    private final Instant origin;
    private final Instant followedOrigin;
    private final List<Runnable> listeners;
    private volatile Instant manualNow;
    /** The quantum a per-exchange clock moves per request served; null for the other kinds. */
    private final Duration exchangeStep;

    private SimulatedClock(Clock followed, double timeScale, Instant origin, Instant manualNow, List<Runnable> listeners) {
        this(followed, timeScale, origin, manualNow, listeners, null);
    }

    private SimulatedClock(Clock followed, double timeScale, Instant origin, Instant manualNow, List<Runnable> listeners,
                           Duration exchangeStep) {
        this.exchangeStep = exchangeStep;
        this.followed = followed;
        this.timeScale = timeScale;
        this.origin = origin;
        this.followedOrigin = followed == null ? null : followed.instant();
        this.manualNow = manualNow;
        this.listeners = listeners;
    }

    /** A clock that shows {@code start} until it is advanced. */
    public static SimulatedClock manual(Instant start) {
        return new SimulatedClock(null, 0, start, Objects.requireNonNull(start, "start"), new CopyOnWriteArrayList<>());
    }

    /** A clock starting at {@code followed}'s time now and running {@code timeScale} times faster. */
    public static SimulatedClock scaled(Clock followed, double timeScale) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be above 0: " + timeScale);
        }
        return new SimulatedClock(followed, timeScale, followed.instant(), null, new CopyOnWriteArrayList<>());
    }

    /**
     * A manual clock showing {@code start} that moves {@code step} forward each time {@link #exchangeServed()} is
     * called (by the installation, once per request it serves, before serving it).
     */
    public static SimulatedClock perExchange(Instant start, Duration step) {
        Objects.requireNonNull(start, "start");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("a per-exchange clock must move forward per request: step " + step);
        }
        return new SimulatedClock(null, 0, start, start, new CopyOnWriteArrayList<>(), step);
    }

    /** Whether this clock moves by a fixed quantum per request served (see {@link #perExchange}). */
    public boolean isPerExchange() {
        return exchangeStep != null;
    }

    /** The quantum per request of a per-exchange clock. */
    public Optional<Duration> exchangeStep() {
        return Optional.ofNullable(exchangeStep);
    }

    /**
     * A per-exchange clock of its own for one installation, at this clock's start and with its step: installations
     * serve their requests concurrently, so sharing one clock would make each one's time depend on the others'
     * interleaving.
     */
    public SimulatedClock forkPerExchange() {
        if (!isPerExchange()) {
            throw new IllegalStateException("only a per-exchange clock is forked per installation: " + this);
        }
        return perExchange(origin, exchangeStep);
    }

    /** A request is about to be served: a per-exchange clock moves one step; other kinds ignore it. */
    public void exchangeServed() {
        if (exchangeStep != null) {
            advance(exchangeStep);
        }
    }

    /** Whether time moves only when {@link #advance} is called. */
    public boolean isManual() {
        return followed == null;
    }

    public double timeScale() {
        return isManual() ? 0 : timeScale;
    }

    /** Moves a manual clock forward and lets every listener catch up; time never goes back. */
    public void advance(Duration by) {
        if (!isManual()) {
            throw new IllegalStateException("a scaled clock follows its wall clock; only a manual one is advanced");
        }
        if (by.isNegative()) {
            throw new IllegalArgumentException("simulated time does not go back: " + by);
        }
        synchronized (this) {
            manualNow = manualNow.plus(by);
        }
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /**
     * Advances in steps of at most {@code step}, so listeners see every step (a state change that depends on the
     * time it happened, such as an alert, is then stamped within one step of it).
     */
    public void advance(Duration by, Duration step) {
        Duration left = by;
        while (left.compareTo(step) > 0) {
            advance(step);
            left = left.minus(step);
        }
        advance(left);
    }

    /** Called after each advance of a manual clock (on the caller's thread). */
    public void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public Instant instant() {
        if (isManual()) {
            return manualNow;
        }
        Duration wall = Duration.between(followedOrigin, followed.instant());
        long nanos = (long) (wall.toNanos() * timeScale);
        return origin.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("simulated clocks are in UTC, as SMETS1 device clocks are");
    }

    @Override
    public String toString() {
        if (isPerExchange()) {
            return "SimulatedClock[per-exchange " + exchangeStep + " at " + manualNow + "]";
        }
        return isManual() ? "SimulatedClock[manual " + manualNow + "]" : "SimulatedClock[x" + timeScale + "]";
    }
}
