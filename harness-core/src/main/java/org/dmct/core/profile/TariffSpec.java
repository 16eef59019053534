package org.dmct.core.profile;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A simulated meter's initial tariff (the {@code simulation.tariff} section): the time-of-use switching table (at
 * each switch time of day, UTC, the rate register that counts from then on), the price of each rate in hundredths of
 * a penny per kWh (rate 1 first) and the standing charge in hundredths of a penny per day. Update Import Tariff (1.1.1)
 * and Update Price (1.2.1) change the device's copy; this is what it starts with.
 */
public record TariffSpec(List<Switch> switches, List<Long> prices, long standingCharge) {
    /** One rate all day, free. */
    public static final TariffSpec SINGLE_RATE = new TariffSpec(List.of(new Switch(LocalTime.MIDNIGHT, 1)), List.of(0L), 0);

    /** From {@code time} of day on, consumption counts in rate register {@code rate} (1..8). */
    public record Switch(LocalTime time, int rate) {
        public Switch {
            if (rate < 1 || rate > 8) {
                throw new IllegalArgumentException("a tariff rate is 1..8: " + rate);
            }
        }
    }

    public TariffSpec {
        if (switches.isEmpty()) {
            throw new IllegalArgumentException("a tariff needs at least one switch time");
        }
        List<Switch> sorted = new ArrayList<>(switches);
        sorted.sort(Comparator.comparing(Switch::time));
        switches = List.copyOf(sorted);
        prices = List.copyOf(prices);
        for (Switch s : switches) {
            if (s.rate() > prices.size()) {
                throw new IllegalArgumentException("rate " + s.rate() + " is switched to but has no price");
            }
        }
        if (standingCharge < 0 || prices.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("prices and the standing charge cannot be negative");
        }
    }

    /** The rate in force at a time of day: the last switch at or before it (the table wraps round midnight). */
    public int rateAt(LocalTime timeOfDay) {
        Switch current = switches.get(switches.size() - 1);
        for (Switch s : switches) {
            if (!s.time().isAfter(timeOfDay)) {
                current = s;
            }
        }
        return current.rate();
    }

    /** The highest rate the table uses. */
    public int rates() {
        return prices.size();
    }
}
