package org.dmct.core.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A measured value with its unit, as read from a device register after applying its scaler (e.g. 1234.568 kWh).
 * Packs compare quantities across vendors that report different units (Wh from one meter, kWh from another), so
 * a quantity converts between units of the same dimension.
 */
public record Quantity(BigDecimal value, String unit) {
    /** Units a pack may ask for, with their factor to the base unit of their dimension. */
    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("Wh", new Unit("energy", BigDecimal.ONE)),
            Map.entry("kWh", new Unit("energy", BigDecimal.valueOf(1_000))),
            Map.entry("MWh", new Unit("energy", BigDecimal.valueOf(1_000_000))),
            Map.entry("W", new Unit("power", BigDecimal.ONE)),
            Map.entry("kW", new Unit("power", BigDecimal.valueOf(1_000))),
            Map.entry("m3", new Unit("volume", BigDecimal.ONE)),
            Map.entry("dm3", new Unit("volume", new BigDecimal("0.001"))),
            Map.entry("l", new Unit("volume", new BigDecimal("0.001"))),
            Map.entry("V", new Unit("voltage", BigDecimal.ONE)),
            Map.entry("A", new Unit("current", BigDecimal.ONE)),
            Map.entry("GBP", new Unit("money", BigDecimal.ONE)),
            Map.entry("pence", new Unit("money", new BigDecimal("0.01"))));

    private record Unit(String dimension, BigDecimal factor) { }

    public Quantity {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
    }

    /** This quantity expressed in {@code target}, if both units are known and of the same dimension. */
    public Optional<Quantity> to(String target) {
        if (target.equals(unit)) {
            return Optional.of(this);
        }
        Unit from = UNITS.get(unit);
        Unit to = UNITS.get(target);
        if (from == null || to == null || !from.dimension().equals(to.dimension())) {
            return Optional.empty();
        }
        BigDecimal converted = value.multiply(from.factor()).divide(to.factor(), MathContext.DECIMAL64);
        return Optional.of(new Quantity(converted.stripTrailingZeros(), target));
    }

    public static boolean isKnownUnit(String unit) {
        return UNITS.containsKey(unit);
    }

    /** Every unit a pack may name, sorted, for error messages and suggestions. */
    public static java.util.List<String> knownUnits() {
        return UNITS.keySet().stream().sorted().toList();
    }

    @Override
    public String toString() {
        return value.toPlainString() + " " + unit;
    }
}
