package org.dmct.core.completion;

/**
 * A planned test taken out of scope for a DMC with approval (SEC Appendix AK 12.6 (a): proposed in exceptional
 * circumstances, approved by the TAB and, for SIT, the Secretary of State). A de-scoped test does not count as
 * planned for the "all planned tests executed" criterion nor for the pass rates.
 *
 * @param dmcId the DMC
 * @param packId the pack, or {@code null} for the test id in any pack
 * @param testId the test
 * @param rationale why it was de-scoped
 * @param approvedBy who approved it
 */
public record DescopedTest(String dmcId, String packId, String testId, String rationale, String approvedBy) {
    /** True when this entry covers the given test of the given DMC. */
    public boolean covers(String dmc, String pack, String test) {
        return dmcId.equals(dmc) && testId.equals(test) && (packId == null || packId.equals(pack));
    }
}
