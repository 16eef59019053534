package org.dmct.sim.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The physical events the control interface can cause on a simulated device, as a person at the meter would:
 * cut and restore the mains, take off the terminal cover, hold a magnet to it, let the battery run down, type on the
 * keypad. Written in requests and packs in lower case with hyphens ({@code cover-removed}).
 */
public enum Stimulus {
    POWER_CUT,
    POWER_RESTORE,
    COVER_REMOVED,
    MAGNETIC_TAMPER,
    BATTERY_LOW,
    KEYPAD_ENTRY;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Stimulus> parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    /** Every label, for error messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Stimulus::label).toList());
    }
}
