package org.dmct.sim.device;

import java.util.concurrent.CompletableFuture;

/**
 * A way out for a simulated device's alerts: a connection that may have an association open to the device, or the
 * DMC's push destination. The device offers each alert to every connection and, when none had an association to
 * carry it, to its push outlet.
 */
@FunctionalInterface
public interface EventOutlet {
    /**
     * Sends the event's notification if this outlet can carry it; never throws.
     *
     * @return completes with true when the notification was sent, false when this outlet had no way to send it
     */
    CompletableFuture<Boolean> offer(SimulatedDevice device, RaisedEvent event);
}
