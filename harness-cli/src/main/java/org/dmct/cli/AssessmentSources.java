package org.dmct.cli;

import java.nio.file.Path;
import java.util.List;
import org.dmct.core.completion.DmcAssessmentSource;
import org.dmct.core.completion.RegisterAssessment;
import org.dmct.core.completion.RulesFile;
import org.dmct.core.completion.RunVerdictAssessment;
import org.dmct.core.issues.TestingIssueRegister;

/**
 * Where {@code dmct report} gets its completion decisions and Testing Issues: the lab's Testing Issues register and
 * exit-criteria rules when a state directory is named ({@code --lab} or {@code --state}), otherwise the interim
 * source, which has no issues, judges by each run's own per-DMC verdict, and says so in every decision.
 */
final class AssessmentSources {
    private AssessmentSources() {
    }

    /**
     * @param stateDir the lab's state directory, or {@code null} when none was named
     * @param rules the lab's rules (ignored without a state directory)
     * @param bundles the bundles the report is made from
     */
    static DmcAssessmentSource forRuns(Path stateDir, RulesFile rules, List<Path> bundles) {
        if (stateDir == null) {
            return new RunVerdictAssessment();
        }
        return new RegisterAssessment(TestingIssueRegister.open(stateDir), rules.completion(), bundles);
    }
}
