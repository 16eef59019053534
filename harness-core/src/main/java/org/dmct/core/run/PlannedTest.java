package org.dmct.core.run;

import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackTest;

/**
 * A test of a pack as planned for one DMC.
 *
 * @param notApplicableReason why the test does not apply (e.g. {@code not applicable: DMC has no GSME}), or
 *                            {@code null} when it applies
 */
public record PlannedTest(String dmcId, Pack pack, PackTest test, String notApplicableReason) {
    public boolean applicable() {
        return notApplicableReason == null;
    }
}
