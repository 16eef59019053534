package org.dmct.core.internal;

import java.time.Duration;

/** Durations in the short form packs and verdict reasons use: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 60s}
 * (whole seconds up to 10 minutes), then {@code 15m}, {@code 2h}. */
public final class Durations {
    private Durations() {
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0 && ms < 600_000) {
            return ms / 1000 + "s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
