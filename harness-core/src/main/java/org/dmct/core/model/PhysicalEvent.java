package org.dmct.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A physical event a test causes on a device, as a person at the meter would: cut or restore the mains, remove the
 * terminal cover, hold a magnet to the meter, let the battery run low, type on the keypad. A simulator's control
 * interface causes it; at a real device an operator does, when prompted. Written in packs and requests in lower case
 * with hyphens ({@code cover-removed}).
 */
public enum PhysicalEvent {
    POWER_CUT("Cut the mains supply to the %s now"),
    POWER_RESTORE("Restore the mains supply to the %s now"),
    COVER_REMOVED("Remove the terminal cover of the %s now"),
    MAGNETIC_TAMPER("Hold a magnet against the %s now"),
    BATTERY_LOW("Replace the battery of the %s with a low one now"),
    KEYPAD_ENTRY("Type on the keypad of the %s now");

    private final String defaultPrompt;

    PhysicalEvent(String defaultPrompt) {
        this.defaultPrompt = defaultPrompt;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What an operator is asked when the pack gives no prompt, for a device described as {@code device}. */
    public String defaultPrompt(String device) {
        return String.format(defaultPrompt, device);
    }

    /** What an operator is asked for a keypad entry of given digits: "Type 1234 on the ESME keypad now". */
    public static String keypadPrompt(String digits, String device) {
        return "Type " + digits + " on the " + device + " keypad now";
    }

    public static Optional<PhysicalEvent> parse(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label.trim())).findFirst();
    }

    /** Every label, for error messages. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(PhysicalEvent::label).toList());
    }
}
