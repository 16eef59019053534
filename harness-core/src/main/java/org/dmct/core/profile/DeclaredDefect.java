package org.dmct.core.profile;

/**
 * A known defect of a device model's firmware, declared in its profile so that a simulator reproduces it and a
 * report can explain the failing test by it. For example a firmware that refuses to put its disconnect control
 * into the arming mode: {@code kind: refuse-set, function: supplySwitch, attribute: 4, value: 2}.
 *
 * <p>{@code register-goes-backwards} makes the register named by {@code function} lose one unit in every
 * simulated hour, so a pack that captures it twice sees it fall. {@code ignore-action} answers a method with success
 * and does nothing, e.g. {@code kind: ignore-action, function: supplySwitch, method: 1} (disable is ignored).
 *
 * @param value for refuse-set, the value written that is refused (text form); {@code null} refuses any value
 * @param result the DLMS result name the device answers with, e.g. {@code read-write-denied}
 */
public record DeclaredDefect(String id, String description, Kind kind, String function, Integer attribute,
                             Integer method, String value, String result) {
    /** What the defective firmware does. */
    public enum Kind {
        REFUSE_GET, REFUSE_SET, REFUSE_ACTION,
        /**
         * The method named by {@code function} and {@code method} answers success and does nothing: a switch that
         * ignores remote_disconnect, a meter that acknowledges a global key transfer and keeps its old keys.
         */
        IGNORE_ACTION,
        /** The register named by {@code function} reads less than before once in a while (a metrology fault). */
        REGISTER_GOES_BACKWARDS
    }
}
