package org.dmct.core.run;

import org.dmct.core.pack.TestKind;

/**
 * The verdict of one test on one DMC, with its reason in words (e.g. {@code step 2: expected response I0, got E21 (no
 * response from the device): ...}).
 *
 * @param srv the SRV the test traces, or {@code null}
 * @param applicable false for a test that does not apply to the DMC (then NOT_RUN and outside its criteria)
 * @param communicationFailure true when BLOCKED because the device could not be reached or did not answer
 */
public record TestResult(String dmcId, String packId, String testId, String title, String srv, TestKind kind,
                         boolean applicable, Verdict verdict, String reason, long durationMs,
                         boolean communicationFailure) {
}
