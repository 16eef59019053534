package org.dmct.sim.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dmct.core.profile.TariffSpec;

/**
 * The energy (or gas volume) a simulated meter measures, as a deterministic function of simulated time: one amount
 * per half-hour slot, from a daily shape (low at night, peaks in the morning and evening) times a jitter derived from
 * the device's seed and the slot's number, spread evenly over the slot so the register advances continuously and
 * reaches each half-hour boundary exactly. The same seed gives the same values on every run and every read order.
 *
 * <p>Before the device was built the total is the register's value at start minus the pattern going backwards (its
 * history, which the load profile and daily read log show). After it, the total is the value at start plus the
 * pattern, except while the supply is off ({@link #supplyOff}: nothing is consumed). Time-of-use rate registers count
 * the consumption of the slots the tariff assigns to them; the split is kept as it goes (a changed tariff applies
 * from the moment it changes), so {@code rate1 + rate2 + ... = total} always holds for the registers read now.
 * Values are raw register units (the quantity divided by 10^scaler).
 */
public final class ConsumptionModel {
    /** Consumption is counted in half-hours: the finest capture period of a SMETS1 profile. */
    public static final long SLOT_SECONDS = 1800;

    private final long seed;
    private final long startSlot;
    private final Instant start;
    private final long totalAtStart;
    private final double[] rawPerSlotByHour = new double[24];
    /** The part of the start slot that had passed when the device was built: counted in its history. */
    private final long beforeStartInSlot;
    private final Supplier<TariffSpec> tariff;
    /** forward[i]: consumption of slots startSlot .. startSlot+i-1 (grown as time passes). */
    private long[] forward = new long[49];
    private int forwardFilled = 1;
    /** backward[i]: consumption of slots startSlot-i .. startSlot-1 (grown as the history is read). */
    private long[] backward = new long[49];
    private int backwardFilled = 1;
    /** Periods with the supply off, [from, to) with to null while it is still off. */
    private final List<Instant[]> offPeriods = new ArrayList<>();
    /** The rate registers, kept from {@link #ratesAt} to {@link #ratesAt}: values at {@code ratesTime}. */
    private final long[] rates = new long[9];
    private Instant ratesTime;

    /**
     * @param seed the device's own seed
     * @param start when the device was built (simulation time)
     * @param totalAtStart the total register's raw value at start
     * @param rateSeeds the rate registers' raw values at start, index 1..8 (0 unused)
     * @param unit the register's unit name ({@code Wh}, {@code m3}, ...) choosing a plausible consumption
     * @param scaler the register's scaler
     * @param tariff the tariff in force (the device's copy, which Update Import Tariff changes)
     */
    public ConsumptionModel(long seed, Instant start, long totalAtStart, long[] rateSeeds, String unit, int scaler,
                            Supplier<TariffSpec> tariff) {
        this.seed = seed;
        this.start = start;
        this.startSlot = Math.floorDiv(start.getEpochSecond(), SLOT_SECONDS);
        this.totalAtStart = totalAtStart;
        this.tariff = tariff;
        System.arraycopy(rateSeeds, 0, rates, 0, Math.min(rateSeeds.length, rates.length));
        this.ratesTime = start;
        for (int hour = 0; hour < 24; hour++) {
            rawPerSlotByHour[hour] = BigDecimal.valueOf(typicalPerHalfHour(unit, hour)).scaleByPowerOfTen(-scaler)
                    .doubleValue();
        }
        long into = start.getEpochSecond() - startSlot * SLOT_SECONDS;
        this.beforeStartInSlot = slotConsumption(startSlot) * into / SLOT_SECONDS;
    }

    /** A device's seed: the profile's (or run's) seed mixed with its serial number, the same on every run. */
    public static long deviceSeed(long seed, String serialNumber, String function) {
        return mix(seed * 0x9E3779B97F4A7C15L + serialNumber.hashCode() * 31L + function.hashCode());
    }

    /**
     * A typical half-hour's consumption in the unit given: a domestic electricity user (about 3,500 kWh a year)
     * and a domestic gas user (about 1,200 m3 a year, heating in the morning and evening).
     */
    private static double typicalPerHalfHour(String unit, int hour) {
        boolean gas = unit.equals("m3");
        if (hour < 6) {
            return gas ? 0.02 : 90;
        }
        if (hour < 9) {
            return gas ? 0.45 : 220;
        }
        if (hour < 17) {
            return gas ? 0.08 : 160;
        }
        if (hour < 22) {
            return gas ? 0.40 : 380;
        }
        return gas ? 0.05 : 140;
    }

    /** The raw amount consumed in one half-hour slot (numbered from the epoch): the same on every call. */
    long slotConsumption(long slot) {
        int hour = (int) Math.floorMod(slot / 2, 24L);
        double jitter = 0.5 + (mix(seed ^ (slot * 0x9E3779B97F4A7C15L)) >>> 11) / (double) (1L << 53);
        double raw = rawPerSlotByHour[hour] * jitter;
        if (Math.abs(raw) < 0x1p52) {
            // Math.rint rounds half to even, as BigDecimal.valueOf(raw).setScale(0, HALF_EVEN) does: Double.toString
            // gives a decimal that reads back as raw, so no k + 0.5 (itself a double here) lies between the two and
            // both round alike; this is read on every GET of a register, and the BigDecimal path costs a string
            return (long) Math.rint(raw);
        }
        return BigDecimal.valueOf(raw).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** SplitMix64's finaliser: spreads the bits of the seed and slot so neighbouring slots differ. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** What the pattern consumed from the start to {@code t} (negative before it), supply state ignored. */
    private synchronized long patternSinceStart(Instant t) {
        long second = t.getEpochSecond();
        long slot = Math.floorDiv(second, SLOT_SECONDS);
        long into = second - slot * SLOT_SECONDS;
        if (slot >= startSlot) {
            int n = (int) Math.min(slot - startSlot, Integer.MAX_VALUE - 8);
            while (forwardFilled <= n) {
                if (forwardFilled == forward.length) {
                    forward = Arrays.copyOf(forward, forward.length * 2);
                }
                forward[forwardFilled] = forward[forwardFilled - 1] + slotConsumption(startSlot + forwardFilled - 1);
                forwardFilled++;
            }
            long partial = slotConsumption(slot) * into / SLOT_SECONDS;
            return forward[n] + partial - beforeStartInSlot;
        }
        int n = (int) Math.min(startSlot - slot, Integer.MAX_VALUE - 8);
        while (backwardFilled <= n) {
            if (backwardFilled == backward.length) {
                backward = Arrays.copyOf(backward, backward.length * 2);
            }
            backward[backwardFilled] = backward[backwardFilled - 1] + slotConsumption(startSlot - backwardFilled);
            backwardFilled++;
        }
        long partial = slotConsumption(slot) * into / SLOT_SECONDS;
        return -backward[n] + partial - beforeStartInSlot;
    }

    /** Consumption with the supply on, from the start to {@code t}. */
    private synchronized long consumedSinceStart(Instant t) {
        long consumed = patternSinceStart(t);
        for (Instant[] off : offPeriods) {
            Instant from = off[0];
            Instant to = off[1] == null ? t : (off[1].isBefore(t) ? off[1] : t);
            if (from.isBefore(to)) {
                consumed -= patternSinceStart(to) - patternSinceStart(from);
            }
        }
        return consumed;
    }

    /** The total register's raw value at a (simulation) time; never negative. */
    public long totalAt(Instant t) {
        return Math.max(0, totalAtStart + consumedSinceStart(t));
    }

    /**
     * The rate registers at {@code t} (index 1..8), advancing the kept split to {@code t}: each slot's consumption
     * goes to the rate the tariff assigns to the slot's start time of day. Asking for a time before the last one
     * asked answers the kept values (a register does not go back).
     */
    public synchronized long[] ratesAt(Instant t) {
        if (t.isAfter(ratesTime)) {
            TariffSpec table = tariff.get();
            Instant from = ratesTime;
            while (from.isBefore(t)) {
                long slot = Math.floorDiv(from.getEpochSecond(), SLOT_SECONDS);
                Instant slotEnd = Instant.ofEpochSecond((slot + 1) * SLOT_SECONDS);
                Instant to = slotEnd.isBefore(t) ? slotEnd : t;
                long amount = consumedSinceStart(to) - consumedSinceStart(from);
                int rate = table.rateAt(LocalTime.ofInstant(Instant.ofEpochSecond(slot * SLOT_SECONDS), ZoneOffset.UTC));
                rates[rate] += amount;
                from = to;
            }
            ratesTime = t;
        }
        return rates.clone();
    }

    /** Consumption between two times split by rate (index 1..8) under the tariff in force. */
    public synchronized long[] consumedByRate(Instant from, Instant to) {
        long[] split = new long[9];
        TariffSpec table = tariff.get();
        Instant a = from;
        while (a.isBefore(to)) {
            long slot = Math.floorDiv(a.getEpochSecond(), SLOT_SECONDS);
            Instant slotEnd = Instant.ofEpochSecond((slot + 1) * SLOT_SECONDS);
            Instant b = slotEnd.isBefore(to) ? slotEnd : to;
            int rate = table.rateAt(LocalTime.ofInstant(Instant.ofEpochSecond(slot * SLOT_SECONDS), ZoneOffset.UTC));
            split[rate] += consumedSinceStart(b) - consumedSinceStart(a);
            a = b;
        }
        return split;
    }

    /** The supply went off at {@code t}: nothing is consumed until {@link #supplyOn}. */
    public synchronized void supplyOff(Instant t) {
        if (offPeriods.isEmpty() || offPeriods.get(offPeriods.size() - 1)[1] != null) {
            ratesAt(t);
            offPeriods.add(new Instant[] {t, null});
        }
    }

    /** The supply is back at {@code t}. */
    public synchronized void supplyOn(Instant t) {
        if (!offPeriods.isEmpty() && offPeriods.get(offPeriods.size() - 1)[1] == null) {
            offPeriods.get(offPeriods.size() - 1)[1] = t;
        }
    }

    /** When the device was built. */
    public Instant start() {
        return start;
    }
}
