package org.dmct.core.issues;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One DMCT Testing Issue as the lab's register keeps it (SEC Appendix AK 9.2, 20.19): raised by a failed test on a
 * DMC, with its severity (1 most severe .. 5), where the evidence is, and its lifecycle. This record is the contract
 * between the register (which owns the lifecycle rules and storage) and the reports that print it.
 *
 * @param id the register's id, e.g. {@code TI-0007}
 * @param dmcId the DMC the issue was raised on
 * @param packId the pack of the failed test
 * @param testId the failed test
 * @param title one line saying what failed
 * @param severity 1..5; the default comes from a rule, a person may change it (the change is in the history)
 * @param status where the issue is in its lifecycle
 * @param resolution the 20.19 option chosen and why, or {@code null} while none is chosen
 * @param exclusion the approved exclusion from threshold counting (13.20-13.21), or {@code null}
 * @param workOffPlan the Work Off Plan entry for an issue open at completion, or {@code null}
 * @param evidence where the failure is recorded: bundle, run id, evidence line numbers
 * @param rerunIds runs that re-ran the test after a fix, oldest first
 * @param history every change, oldest first
 */
public record TestingIssue(String id, String dmcId, String packId, String testId, String title, int severity,
                           Status status, Resolution resolution, Exclusion exclusion, WorkOffPlan workOffPlan,
                           List<EvidenceRef> evidence, List<String> rerunIds, List<HistoryEntry> history) {
    public TestingIssue {
        if (severity < 1 || severity > 5) {
            throw new IllegalArgumentException("severity must be 1..5, was " + severity);
        }
        evidence = List.copyOf(evidence);
        rerunIds = List.copyOf(rerunIds);
        history = List.copyOf(history);
    }

    /** True unless closed: an open issue counts against thresholds unless excluded. */
    public boolean open() {
        return status != Status.CLOSED;
    }

    /** True when the issue counts against the Testing Issue Thresholds: open and not excluded with approval. */
    public boolean countsAgainstThresholds() {
        return open() && exclusion == null;
    }

    /** The lifecycle of a Testing Issue. */
    public enum Status { OPEN, RESOLUTION_CHOSEN, FIX_APPLIED, RERUN, CLOSED }

    /** The resolution options of SEC Appendix AK 20.19. */
    public enum ResolutionOption {
        /** (a) a change to the DCC Internal Systems but no change to the Code. */
        A_DCC_INTERNAL_SYSTEMS,
        /** (b) a change to the DCC Systems and a change to the Code. */
        B_DCC_SYSTEMS_AND_CODE,
        /** (c) a change to a SMETS1 Device. */
        C_SMETS1_DEVICE,
        /** (d) a change to the Code (but no change to the DCC Systems). */
        D_CODE_ONLY;

        /** The clause letter, {@code a}..{@code d}. */
        public String letter() {
            return String.valueOf((char) ('a' + ordinal()));
        }
    }

    /** The chosen 20.19 option with its rationale, who chose it and when. */
    public record Resolution(ResolutionOption option, String rationale, String by, Instant at) {
    }

    /** An exclusion from threshold counting: the rationale, who approved it (the TAG, 13.20) and when. */
    public record Exclusion(String rationale, String approvedBy, Instant at) {
    }

    /** The Work Off Plan entry: the date it must be resolved by, counted in working days from the certificate. */
    public record WorkOffPlan(LocalDate certificateDate, int workingDays, LocalDate dueDate, String owner) {
    }

    /**
     * Where the evidence of the failure is.
     *
     * @param lines the evidence log line numbers (1-based) of the failed test's records
     */
    public record EvidenceRef(String runId, String bundle, List<Long> lines) {
        public EvidenceRef {
            lines = List.copyOf(lines);
        }
    }

    /** One change to the issue. */
    public record HistoryEntry(Instant at, String by, String action, String detail) {
    }
}
