package org.dmct.core.completion;

import java.util.List;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.report.RunReport;

/**
 * Where the DMCT Report gets a DMC's completion decision and Testing Issues from. The lab's Testing Issues register and
 * its exit-criteria rules implement it; until they are wired in, {@link RunVerdictAssessment} stands in.
 */
public interface DmcAssessmentSource {
    /** Judges whether the DMC completed testing, from its runs (oldest first). */
    CompletionDecision decide(String dmcId, List<RunReport> runs);

    /** Every Testing Issue raised on the DMC, in the register's order. */
    List<TestingIssue> issues(String dmcId);
}
