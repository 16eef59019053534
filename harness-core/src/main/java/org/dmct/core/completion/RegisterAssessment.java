package org.dmct.core.completion;

import java.nio.file.Path;
import java.util.List;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.issues.TestingIssueRegister;
import org.dmct.core.report.RunReport;

/**
 * The {@link DmcAssessmentSource} of a lab: Testing Issues from the lab's register and the completion decision from
 * its exit-criteria rules (the SVTAD defaults unless the lab's rules file says otherwise), judged over the latest
 * result of each planned test in the given bundles. This is what a published DMCT Report uses; the interim
 * {@link RunVerdictAssessment} is only for bundles of a lab with no register.
 */
public final class RegisterAssessment implements DmcAssessmentSource {
    private final TestingIssueRegister register;
    private final CompletionRules rules;
    private final List<Path> bundles;

    /**
     * @param bundles the run bundles the report is made from; their results are read (and verified) again here so
     *                the decision rests on the same checks as {@code dmct completion}
     */
    public RegisterAssessment(TestingIssueRegister register, CompletionRules rules, List<Path> bundles) {
        this.register = register;
        this.rules = rules;
        this.bundles = List.copyOf(bundles);
    }

    @Override
    public CompletionDecision decide(String dmcId, List<RunReport> runs) {
        return rules.decide(dmcId, LatestResults.fromBundles(bundles), register.forDmc(dmcId));
    }

    @Override
    public List<TestingIssue> issues(String dmcId) {
        return register.forDmc(dmcId);
    }
}
