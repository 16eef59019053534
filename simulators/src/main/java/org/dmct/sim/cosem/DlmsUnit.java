package org.dmct.sim.cosem;

import java.util.Map;
import java.util.Optional;

/**
 * The DLMS unit enumeration (the {@code unit} of a register's scaler_unit) for the units simulated meters report,
 * by the names profiles use.
 */
public final class DlmsUnit {
    private static final Map<String, Integer> CODES = Map.of(
            "Wh", 30, "varh", 32, "W", 27, "var", 29, "m3", 13, "V", 35, "A", 33, "Hz", 44);

    private DlmsUnit() {
    }

    public static Optional<Integer> code(String name) {
        return Optional.ofNullable(CODES.get(name));
    }
}
