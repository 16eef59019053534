package org.dmct.adapters.dlms.internal;

import java.util.Map;

/** Names for the DLMS unit enumeration values (scaler_unit) that SMETS1-era meters report. */
final class CosemUnits {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(13, "m3"), Map.entry(27, "W"), Map.entry(28, "VA"), Map.entry(29, "var"),
            Map.entry(30, "Wh"), Map.entry(31, "VAh"), Map.entry(32, "varh"), Map.entry(33, "A"),
            Map.entry(35, "V"), Map.entry(44, "Hz"), Map.entry(255, "count"));

    private CosemUnits() {
    }

    /** The unit's name, or {@code unit-N} for one this table does not know (reported, never guessed). */
    static String name(int code) {
        return NAMES.getOrDefault(code, "unit-" + code);
    }
}
