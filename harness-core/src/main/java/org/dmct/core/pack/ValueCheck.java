package org.dmct.core.pack;

import java.math.BigDecimal;
import java.util.List;

/**
 * The checks on one response value. Every field but {@code key} may be {@code null} (not checked). The loader infers
 * {@code type} when a check implies it ({@code unit}: quantity, {@code withinSeconds}: datetime, {@code minSize}/{@code
 * maxSize}: list, {@code min}/{@code max} without unit: number).
 *
 * @param unit for quantities: the unit {@code min}, {@code max} and {@code equals} are written in
 * @param withinSeconds a datetime must be within this many seconds of the harness clock at response time
 */
public record ValueCheck(String key, ValueType type, String unit, BigDecimal min, BigDecimal max, String equals,
                         DeclaredField equalsDeclared, Long withinSeconds, Integer minSize, Integer maxSize,
                         List<String> oneOf) {
    public ValueCheck {
        oneOf = oneOf == null ? null : List.copyOf(oneOf);
    }
}
