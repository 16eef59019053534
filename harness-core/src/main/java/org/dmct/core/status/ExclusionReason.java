package org.dmct.core.status;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why the DCC excludes a DMC from the DMCT Schedule: the considerations of SEC AK 20.6 (a)-(f), in the clause's words.
 * An exclusion notice (20.11) names the reason, and for (c), (d) and (e) gives the rationale; (f) needs one too, as
 * the proposal to the Secretary of State carries it (20.7).
 */
public enum ExclusionReason {
    A("the DMC is already on the list of SMETS1 Eligible Product Combinations or is already proposed for addition"
            + " onto that list", false),
    B("the DMC is currently an MOC or FOC SIT DMC, an IOC Migration Testing DMC or is being tested in PPCT", false),
    C("Migration Testing and SIT in respect of the Capability Release of which the DMC will form a part are unlikely"
            + " to be completed in timescales that would allow the testing of the DMC to be scheduled with a"
            + " reasonable degree of confidence", true),
    D("in the DCC's opinion, the DMC is substantively equivalent to an entry for an existing DMC on the list of"
            + " SMETS1 Eligible Product Combinations, an entry proposed for addition onto that list, or a DMC that is"
            + " planned for testing", true),
    E("the DCC has been unable to source suitable devices for testing, or does not yet know whether it can source"
            + " them", true),
    F("in the DCC's opinion, it is not economic to test the DMC", true);

    private final String text;
    private final boolean rationaleRequired;

    ExclusionReason(String text, boolean rationaleRequired) {
        this.text = text;
        this.rationaleRequired = rationaleRequired;
    }

    /** The clause's words. */
    public String text() {
        return text;
    }

    /** Whether an exclusion for this reason must carry a rationale (20.11 (b); 20.7 for (f)). */
    public boolean rationaleRequired() {
        return rationaleRequired;
    }

    /** {@code a} ... {@code f}, as users type it and files hold it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The clause reference, {@code 20.6 (c)}. */
    public String clause() {
        return "20.6 (" + label() + ")";
    }

    /** The reason a label names ({@code c}, {@code (c)} or {@code 20.6(c)}), if any. */
    public static Optional<ExclusionReason> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String key = label.trim().toUpperCase(Locale.ROOT).replace("20.6", "").replace("(", "").replace(")", "")
                .trim();
        return Arrays.stream(values()).filter(r -> r.name().equals(key)).findFirst();
    }
}
