package org.dmct.core.pack;

import java.time.Duration;

/** Waits before the next step (scheduled on the event loop, never a sleeping thread). */
public record WaitStep(Duration duration, int line) implements Step {
}
