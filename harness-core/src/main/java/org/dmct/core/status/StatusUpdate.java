package org.dmct.core.status;

import java.time.LocalDate;
import java.util.List;

/**
 * A requested change of a DMC's status, checked by {@link StatusList#apply}: an exclusion needs a reason (and a
 * rationale for 20.6 (c)-(f)); a schedule needs planned start and completion dates and the packs; other statuses take
 * neither.
 */
public record StatusUpdate(DmcStatus status, ExclusionReason reason, String rationale, LocalDate plannedStart,
                           LocalDate plannedCompletion, List<String> packs, String note, String runId) {
    public StatusUpdate {
        packs = packs == null ? List.of() : List.copyOf(packs);
    }

    /** A plain change of status, with nothing else. */
    public static StatusUpdate to(DmcStatus status, String note, String runId) {
        return new StatusUpdate(status, null, null, null, null, List.of(), note, runId);
    }
}
