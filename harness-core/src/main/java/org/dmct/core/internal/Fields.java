package org.dmct.core.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered field maps for evidence records: {@code Fields.of("dmc", id, "test", testId)}; null values are kept. */
public final class Fields {
    private Fields() {
    }

    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
