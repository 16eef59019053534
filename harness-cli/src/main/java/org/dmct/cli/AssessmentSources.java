package org.dmct.cli;

import java.util.List;
import org.dmct.core.completion.DmcAssessmentSource;
import org.dmct.core.completion.RunVerdictAssessment;
import org.dmct.core.report.RunReport;

/**
 * Where {@code dmct report} gets its completion decisions and Testing Issues. This is the single place to wire the
 * lab's Testing Issues register and exit-criteria rules in; until then it gives the interim source, which has no
 * issues and judges by each run's own per-DMC verdict, and says so in every decision.
 */
final class AssessmentSources {
    private AssessmentSources() {
    }

    /** The source for a report made from these runs (their lab files say where the lab's register would be). */
    static DmcAssessmentSource forRuns(List<RunReport> runs) {
        return new RunVerdictAssessment();
    }
}
