package org.dmct.core.spi;

import org.dmct.core.model.AlertEvent;

/**
 * Where an adapter delivers the alerts its devices raise: on an open association, on a push listener, or however
 * its protocol carries them. The harness records each one as evidence and lets pack steps wait for it. Adapters
 * call it from any thread; it never blocks and never throws.
 */
@FunctionalInterface
public interface AlertSink {
    void alert(AlertEvent event);

    /** A sink that drops alerts, for contexts without a runner. */
    AlertSink IGNORE = event -> { };
}
