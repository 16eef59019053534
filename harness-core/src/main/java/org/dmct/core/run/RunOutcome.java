package org.dmct.core.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dmct.core.evidence.Bundle;

/**
 * What a run ended with. The CLI's exit status: {@link #error()} present: 3 (infrastructure); else {@link #allMet()}:
 * 0, otherwise 1.
 *
 * @param error why the run could not do its work (evidence could not be written, reports failed), or {@code null}
 * @param aborted the reason the run was aborted, or {@code null}
 */
public record RunOutcome(String runId, Bundle bundle, Instant started, Instant finished, List<DmcResult> dmcs,
                         String finalChainHash, long evidenceLines, String aborted, String error) {
    public RunOutcome {
        dmcs = List.copyOf(dmcs);
    }

    /** True when every DMC of the run meets its criteria and the run completed its work. */
    public boolean allMet() {
        return error == null && !dmcs.isEmpty() && dmcs.stream().allMatch(DmcResult::criteriaMet);
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }

    public Counts counts() {
        return dmcs.stream().map(DmcResult::counts).reduce(Counts.ZERO, Counts::plus);
    }
}
