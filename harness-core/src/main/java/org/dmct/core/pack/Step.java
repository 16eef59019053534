package org.dmct.core.pack;

/**
 * One step of a test: send a service request and check what comes back ({@link SendStep}), wait ({@link WaitStep}), or
 * assert a relation between values captured earlier ({@link CheckStep}), or expect an alert or its absence
 * ({@link AlertStep}), or cause a physical event on a device ({@link StimulateStep}). {@link #line()} is where the step is written.
 */
public sealed interface Step permits SendStep, WaitStep, CheckStep, AlertStep, StimulateStep {
    /** The 1-based line of the pack file the step starts on. */
    int line();
}
