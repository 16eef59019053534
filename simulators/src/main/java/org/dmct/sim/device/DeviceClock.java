package org.dmct.sim.device;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A simulated device's own clock: the simulation's clock plus an offset that Synchronise Clock (or drift) changes.
 * The base clock is injected so tests can control time without sleeping.
 */
public final class DeviceClock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public DeviceClock(Clock base) {
        this.base = base;
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(base).plus(offset).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Sets the device's time; the offset from the simulation clock is kept from now on. */
    public void set(OffsetDateTime time) {
        offset = Duration.between(OffsetDateTime.now(base), time);
    }

    public Duration offset() {
        return offset;
    }
}
