package org.dmct.sim.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A simulated device's own clock: the simulation's clock plus an offset that Synchronise Clock (6.11) sets, plus a
 * drift that accumulates from the last time it was set, at the rate the profile's {@code clockDrift} gives (parts
 * per million of simulated time). Reads return the drifted time, as a real meter's crystal does; setting the clock
 * removes the drift so far. The base clock is injected so tests can control time without sleeping.
 */
public final class DeviceClock {
    private final Clock base;
    private final double driftPpm;
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant driftSince;

    public DeviceClock(Clock base) {
        this(base, 0);
    }

    public DeviceClock(Clock base, double driftPpm) {
        this.base = base;
        this.driftPpm = driftPpm;
        this.driftSince = base.instant();
    }

    public OffsetDateTime now() {
        Instant t = base.instant();
        return OffsetDateTime.ofInstant(t.plus(offsetAt(t)), ZoneOffset.UTC);
    }

    /** The simulation's own (true) time: what consumption and charges are counted in. */
    public Instant trueNow() {
        return base.instant();
    }

    /** Sets the device's time; drift starts again from zero. */
    public synchronized void set(OffsetDateTime time) {
        Instant t = base.instant();
        driftSince = t;
        offset = Duration.between(t, time.toInstant());
    }

    /** How far the device's time is from the simulation's now: the offset set plus the drift since. */
    public Duration offset() {
        return offsetAt(base.instant());
    }

    private Duration offsetAt(Instant t) {
        if (driftPpm == 0) {
            return offset;
        }
        long elapsed = Duration.between(driftSince, t).toNanos();
        return offset.plusNanos((long) (elapsed * driftPpm / 1_000_000d));
    }

    /** The simulation time at which the device's clock showed {@code deviceTime} (with the offset as it is now). */
    public Instant toTrue(OffsetDateTime deviceTime) {
        return deviceTime.toInstant().minus(offset());
    }

    public double driftPpm() {
        return driftPpm;
    }
}
