package org.dmct.core.pack;

import java.time.Duration;
import java.util.Optional;
import org.dmct.core.model.DeviceType;

/**
 * Expects an alert with a GBCS-style code ({@code expectAlert}), or its absence ({@code expectNoAlert}), within a
 * window that opens when the test's latest send step sent its request (or when the test started, before any send).
 * An expected alert that already arrived in the window passes at once; otherwise the step waits, on the event loop,
 * until it arrives or the window closes. An unexpected alert fails the step as soon as it arrives.
 *
 * @param expected true for expectAlert, false for expectNoAlert
 * @param code the alert code, e.g. 0x8F57
 * @param from the device type that must raise it, or null for any device of the DMC
 * @param within the window's length
 * @param line where the step is written
 */
public record AlertStep(boolean expected, int code, DeviceType from, Duration within, int line) implements Step {

    public Optional<DeviceType> source() {
        return Optional.ofNullable(from);
    }

    /** The code in the 0xHHHH form. */
    public String codeHex() {
        return String.format("0x%04X", code);
    }
}
