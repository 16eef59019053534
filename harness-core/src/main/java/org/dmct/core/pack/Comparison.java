package org.dmct.core.pack;

import java.util.Arrays;
import java.util.Optional;

/** The relations a {@link CheckStep} can assert. */
public enum Comparison {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether the relation holds for a comparison result ({@code a.compareTo(b)}). */
    public boolean holds(int cmp) {
        switch (this) {
            case EQ: return cmp == 0;
            case NE: return cmp != 0;
            case LT: return cmp < 0;
            case LE: return cmp <= 0;
            case GT: return cmp > 0;
            default: return cmp >= 0;
        }
    }

    public static Optional<Comparison> parse(String text) {
        String t = text.trim();
        return Arrays.stream(values()).filter(c -> c.symbol.equals(t)).findFirst();
    }
}
