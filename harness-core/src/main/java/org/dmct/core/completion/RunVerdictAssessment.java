package org.dmct.core.completion;

import java.util.ArrayList;
import java.util.List;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.report.RunReport;

/**
 * The interim {@link DmcAssessmentSource}: no Testing Issues, and a decision that is the latest run's own per-DMC
 * verdict ({@code criteriaMet} by the rule the run recorded) turned into one criterion. It is labelled as the run's
 * interim rule in every decision it makes, because it is not the SVTAD exit criteria (no thresholds, no Work Off Plans).
 */
public final class RunVerdictAssessment implements DmcAssessmentSource {
    /** The rule-set name every decision of this source carries. */
    public static final String RULES = "interim: the run's own per-DMC verdict (not the SVTAD exit criteria;"
            + " no Testing Issues register)";

    @Override
    public CompletionDecision decide(String dmcId, List<RunReport> runs) {
        RunReport.Dmc dmc = null;
        String runId = null;
        for (RunReport r : runs) {
            for (RunReport.Dmc d : r.dmcs()) {
                if (dmcId.equals(d.id())) {
                    dmc = d;
                    runId = r.runId();
                }
            }
        }
        if (dmc == null) {
            throw new IllegalArgumentException("none of the " + runs.size() + " run(s) tested DMC " + dmcId);
        }
        RunReport.Counts c = dmc.counts();
        List<String> detail = new ArrayList<>();
        for (RunReport.Test t : dmc.tests()) {
            if (t.applicable() && !"PASS".equals(t.verdict())) {
                detail.add(t.id() + " " + t.verdict());
            }
        }
        String figure = c.passed() + " of " + c.planned() + " planned tests passed (" + c.failed() + " failed, "
                + c.blocked() + " blocked, " + c.notRun() + " not run) in run " + runId;
        CompletionDecision.Criterion criterion = new CompletionDecision.Criterion("run-criteria",
                dmc.criteriaRule(), figure, dmc.criteriaMet(), detail);
        String statement = dmc.criteriaMet()
                ? "DMC " + dmcId + " met the run's criteria (" + dmc.criteriaRule() + "): " + figure + "."
                : "DMC " + dmcId + " did not meet the run's criteria (" + dmc.criteriaRule() + "): " + figure + ".";
        return new CompletionDecision(dmcId, dmc.criteriaMet(), RULES, List.of(criterion), statement);
    }

    @Override
    public List<TestingIssue> issues(String dmcId) {
        return List.of();
    }
}
