package org.dmct.core.spi;

import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import org.dmct.core.lab.LabDmc;

/**
 * What the harness gives an adapter when it opens one: the DMC (its link and devices with their profiles), the
 * shared Netty event loops to do all I/O and timing on (no thread per device), the evidence hook for raw frames,
 * the clock, the per-request timeout, the resolver for secrets, and the sink for the alerts devices raise.
 */
public interface AdapterContext {
    LabDmc dmc();

    EventLoopGroup eventLoopGroup();

    FrameRecorder frames();

    Clock clock();

    /** How long one request may wait for the device's answer before the response is E21. */
    Duration requestTimeout();

    SecretResolver secrets();

    /** Where alerts go; contexts that do not collect them drop them. */
    default AlertSink alerts() {
        return AlertSink.IGNORE;
    }

    /** A context of fixed parts that drops alerts. */
    static AdapterContext of(LabDmc dmc, EventLoopGroup eventLoopGroup, FrameRecorder frames, Clock clock,
                             Duration requestTimeout, SecretResolver secrets) {
        return new Fixed(dmc, eventLoopGroup, frames, clock, requestTimeout, secrets, AlertSink.IGNORE);
    }

    /** A context of fixed parts: what the runner gives adapters, and what an adapter's own tests can build. */
    static AdapterContext of(LabDmc dmc, EventLoopGroup eventLoopGroup, FrameRecorder frames, Clock clock,
                             Duration requestTimeout, SecretResolver secrets, AlertSink alerts) {
        return new Fixed(dmc, eventLoopGroup, frames, clock, requestTimeout, secrets, alerts);
    }

    /** The plain implementation behind {@link #of}. */
    record Fixed(LabDmc dmc, EventLoopGroup eventLoopGroup, FrameRecorder frames, Clock clock,
                 Duration requestTimeout, SecretResolver secrets, AlertSink alerts) implements AdapterContext {
    }
}
