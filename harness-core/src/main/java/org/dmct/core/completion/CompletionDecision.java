package org.dmct.core.completion;

import java.util.List;

/**
 * Whether a DMC has completed DMCT testing, judged by the exit criteria (by default the SVTAD's), with every
 * criterion's figure and verdict so a report can state why (SEC Appendix AK 20.29 (f)) or why not (20.30). This record
 * is the contract between the exit-criteria rules that make it and the reports that print it.
 *
 * @param dmcId the DMC judged
 * @param completed true when every criterion is met
 * @param rules a name for the rule set used, e.g. {@code SVTAD default} or the lab's file
 * @param criteria every criterion in the order the rules list them
 * @param statement the decision in one or two sentences, naming the failed criteria when not completed
 */
public record CompletionDecision(String dmcId, boolean completed, String rules, List<Criterion> criteria,
                                 String statement) {
    public CompletionDecision {
        criteria = List.copyOf(criteria);
    }

    /** The criteria that were not met, in order; empty when completed. */
    public List<Criterion> failed() {
        return criteria.stream().filter(c -> !c.met()).toList();
    }

    /**
     * One exit criterion as judged.
     *
     * @param id a stable key, e.g. {@code functional-pass-rate}
     * @param description the rule in words, e.g. {@code at least 90% of functional tests pass}
     * @param figure what was measured, in words, e.g. {@code 38 of 40 (95.0%)}
     * @param met the verdict
     * @param detail the tests or issues behind the figure (failed test ids, open issue ids), may be empty
     */
    public record Criterion(String id, String description, String figure, boolean met, List<String> detail) {
        public Criterion {
            detail = List.copyOf(detail);
        }
    }
}
