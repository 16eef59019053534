package org.dmct.core.pack;

/**
 * One step of a test: send a service request and check what comes back ({@link SendStep}), wait ({@link WaitStep}), or
 * assert a relation between values captured earlier ({@link CheckStep}), or expect an alert or its absence
 * ({@link AlertStep}). {@link #line()} is where the step is written.
 */
public sealed interface Step permits SendStep, WaitStep, CheckStep, AlertStep {
    /** The 1-based line of the pack file the step starts on. */
    int line();
}
