package org.dmct.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * An alert a device raised, translated to its GBCS-style code (e.g. {@code 0x8F57} supply interrupted) through
 * the device profile's event map, with when the harness received it and the raw device event it came from.
 */
public record AlertEvent(String dmcId, String deviceId, int code, Instant receivedAt, String source,
                         Map<String, Object> details) {
    public AlertEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The code in the 0xHHHH form packs and reports use. */
    public String codeHex() {
        return String.format("0x%04X", code);
    }
}
