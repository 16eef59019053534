package org.dmct.core.status;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a DMC stands in the DMCT Process (SEC AK 20.8: the DMC Status List), and which status may follow which. A DMC
 * enters the list submitted (20.2), is data complete when the DCC has all it needs (20.5), is then excluded for a
 * reason of 20.6 (a)-(f) or scheduled (20.9), is in test while a run tests it, may have a Testing Issue raised, ends
 * passed or failed, and its DMCT Report is published (20.29, 20.30). An excluded DMC may come back (20.12: the
 * exclusion was disputed, or its reason went away); a failed or passed DMC may be tested again.
 */
public enum DmcStatus {
    SUBMITTED, DATA_COMPLETE, EXCLUDED, SCHEDULED, IN_TEST, TESTING_ISSUE_RAISED, PASSED, FAILED, REPORT_PUBLISHED;

    /** The name users type and files hold: lower case with hyphens ({@code data-complete}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status a label names, if any (case and {@code _}/{@code -} ignored). */
    public static Optional<DmcStatus> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(key)).findFirst();
    }

    /** Every label, for messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(DmcStatus::label).toList());
    }

    /** The statuses a DMC in this status may move to. */
    public Set<DmcStatus> next() {
        return switch (this) {
            case SUBMITTED -> EnumSet.of(DATA_COMPLETE, EXCLUDED);
            case DATA_COMPLETE -> EnumSet.of(SCHEDULED, EXCLUDED);
            case EXCLUDED -> EnumSet.of(DATA_COMPLETE, SCHEDULED);
            case SCHEDULED -> EnumSet.of(SCHEDULED, IN_TEST, EXCLUDED);
            case IN_TEST -> EnumSet.of(IN_TEST, TESTING_ISSUE_RAISED, PASSED, FAILED);
            case TESTING_ISSUE_RAISED -> EnumSet.of(IN_TEST, PASSED, FAILED);
            case PASSED -> EnumSet.of(IN_TEST, REPORT_PUBLISHED);
            case FAILED -> EnumSet.of(IN_TEST, SCHEDULED, REPORT_PUBLISHED);
            case REPORT_PUBLISHED -> EnumSet.noneOf(DmcStatus.class);
        };
    }
}
