package org.dmct.sim.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A device clock that runs fast or slow against the simulation's clock: it gains {@code secondsPerDay} seconds per
 * day (negative: loses them), counted from when it was last synchronised, {@code daysSinceSync} days before it was
 * made, so a meter can start a run already minutes off as a real one does after weeks without a sync.
 */
public final class DriftingClock extends Clock {
    private static final double NANOS_PER_DAY = 86_400e9;
    private final Clock base;
    private final Instant synchronisedAt;
    private final double rate;

    private DriftingClock(Clock base, Instant synchronisedAt, double rate) {
        this.base = base;
        this.synchronisedAt = synchronisedAt;
        this.rate = rate;
    }

    /** A clock drifting from {@code base} by {@code secondsPerDay}, last synchronised {@code daysSinceSync} ago. */
    public static DriftingClock of(Clock base, double secondsPerDay, double daysSinceSync) {
        Instant synced = base.instant().minusNanos(Math.round(daysSinceSync * NANOS_PER_DAY));
        return new DriftingClock(base, synced, secondsPerDay / 86_400.0);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new DriftingClock(base.withZone(zone), synchronisedAt, rate);
    }

    @Override
    public Instant instant() {
        Instant now = base.instant();
        double elapsed = Duration.between(synchronisedAt, now).toNanos();
        return now.plusNanos(Math.round(elapsed * rate));
    }
}
