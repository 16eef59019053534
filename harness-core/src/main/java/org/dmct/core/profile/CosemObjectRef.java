package org.dmct.core.profile;

import java.util.regex.Pattern;

/**
 * Where a device model keeps one function: the COSEM object's logical name (OBIS code, written
 * {@code A-B:C.D.E.F}), its interface class and the attribute that carries the value. Kept as text here because
 * the core has no protocol code; adapters and simulators parse it with their codec.
 */
public record CosemObjectRef(String obis, int classId, int attribute) {
    /** Six value groups 0..255 in the IEC 62056-61 display form. */
    public static final Pattern OBIS = Pattern.compile(
            "(\\d{1,3})-(\\d{1,3}):(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /** Whether {@code text} is a well-formed OBIS code with every group in 0..255. */
    public static boolean isValidObis(String text) {
        var m = OBIS.matcher(text.trim());
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 6; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return obis + " class " + classId + " attribute " + attribute;
    }
}
