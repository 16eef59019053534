package org.dmct.core.status;

import java.time.LocalDate;
import java.util.List;

/**
 * One change of a DMC's status on the DMC Status List: what it became, when (ISO-8601 UTC) and by whom, and what the
 * status needs: the exclusion reason and rationale (20.6, 20.11), or the planned start and completion dates and the
 * packs to use (20.9); a run id when a run made the change.
 */
public record StatusChange(DmcStatus status, String at, String by, ExclusionReason reason, String rationale,
                           LocalDate plannedStart, LocalDate plannedCompletion, List<String> packs, String note,
                           String runId) {
    public StatusChange {
        packs = packs == null ? List.of() : List.copyOf(packs);
    }
}
