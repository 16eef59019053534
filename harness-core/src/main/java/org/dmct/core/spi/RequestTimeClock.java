package org.dmct.core.spi;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A run clock that keeps wall time for the evidence, timeouts and alert windows but gives adapters a fixed instant
 * as "now" for the times they write into requests (the value of a set-clock, the end of a log range). A
 * deterministic run against simulators uses it (with their per-exchange time starting at the same instant), so the
 * request bytes, and hence the devices' answers, do not depend on when the run happens. Adapters read it through
 * {@link #forRequests(Clock)}, and the runner judges device clocks against it ({@link #harnessNow}); with any other
 * clock both are the clock itself.
 */
public final class RequestTimeClock extends Clock {
    private final Clock wall;
    private final Instant requestNow;

    public RequestTimeClock(Clock wall, Instant requestNow) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.requestNow = Objects.requireNonNull(requestNow, "requestNow");
    }

    /** The clock an adapter takes "now" from for the contents of a request made under the run clock {@code run}. */
    public static Clock forRequests(Clock run) {
        return run instanceof RequestTimeClock r ? Clock.fixed(r.requestNow, r.wall.getZone()) : run;
    }

    /**
     * The harness's time to judge a device's clock against ({@code withinSeconds}): the fixed request instant under a
     * request-time clock (the time the harness told the device), else {@code wallNow}.
     */
    public static Instant harnessNow(Clock run, Instant wallNow) {
        return run instanceof RequestTimeClock r ? r.requestNow : wallNow;
    }

    @Override
    public Instant instant() {
        return wall.instant();
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new RequestTimeClock(wall.withZone(zone), requestNow);
    }

    @Override
    public String toString() {
        return "RequestTimeClock[" + wall + ", requests at " + requestNow + "]";
    }
}
