package org.dmct.sim.device;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.function.LongSupplier;

/**
 * What an energy or volume register of a simulated meter read in the past, so the meter's load profile and daily
 * read log agree with the register it reads now. From the moment the device was built the register's own value is
 * the truth (it is what a capture copies); before it, the value is the register's value at start minus a
 * consumption pattern going backwards, one amount per half-hour. The pattern is a daily shape (low at night, peaks
 * in the morning and evening) scaled by a jitter derived from the device's seed and the half-hour's number, so the
 * same device has the same past on every run and on every read. A consumption model that makes the register advance
 * only has to change the register's supplier; the captures follow it.
 */
public final class RegisterHistory {
    /** Consumption is counted in half-hours: the finest capture period of a SMETS1 profile. */
    public static final long SLOT_SECONDS = 1800;

    private final LongSupplier register;
    private final long startSlot;
    private final long valueAtStart;
    private final long seed;
    private final double[] rawPerSlotByHour;
    /** The last slot computed and its value before clamping: captures ask in time order, so each costs little. */
    private long cachedSlot;
    private long cachedValue;

    /**
     * @param register the register's raw value (before scaling) now
     * @param start when the device was built: from then on the register's value is used as it is
     * @param seed makes the history of one device differ from another's
     * @param unit the register's unit name ({@code Wh}, {@code m3}, ...) choosing a plausible consumption
     * @param scaler the register's scaler: the raw value is the quantity divided by 10^scaler
     */
    public RegisterHistory(LongSupplier register, OffsetDateTime start, long seed, String unit, int scaler) {
        this.register = register;
        this.startSlot = Math.floorDiv(start.toEpochSecond(), SLOT_SECONDS);
        this.valueAtStart = register.getAsLong();
        this.seed = seed;
        this.cachedSlot = startSlot;
        this.cachedValue = valueAtStart;
        this.rawPerSlotByHour = new double[24];
        for (int hour = 0; hour < 24; hour++) {
            rawPerSlotByHour[hour] = BigDecimal.valueOf(typicalPerHalfHour(unit, hour)).scaleByPowerOfTen(-scaler)
                    .doubleValue();
        }
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

    /** The register's raw value at a time: the live register from the start on, the history before it. */
    public synchronized long valueAt(OffsetDateTime time) {
        long slot = Math.floorDiv(time.toEpochSecond(), SLOT_SECONDS);
        if (slot >= startSlot) {
            return register.getAsLong();
        }
        long value;
        if (slot >= cachedSlot) {
            value = cachedValue;
            for (long s = cachedSlot; s < slot; s++) {
                value += consumption(s);
            }
        } else {
            value = valueAtStart;
            for (long s = slot; s < startSlot; s++) {
                value -= consumption(s);
            }
        }
        cachedSlot = slot;
        cachedValue = value;
        // A register that started lower than the pattern's total reads zero before that: it never went negative.
        return Math.max(value, 0);
    }

    /** The raw amount consumed in one half-hour slot (numbered from the epoch): the same on every call. */
    long consumption(long slot) {
        int hour = (int) Math.floorMod(slot / 2, 24L);
        double jitter = 0.5 + (mix(seed ^ (slot * 0x9E3779B97F4A7C15L)) >>> 11) / (double) (1L << 53);
        return BigDecimal.valueOf(rawPerSlotByHour[hour] * jitter).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** SplitMix64's finaliser: spreads the bits of the seed and slot so neighbouring slots differ. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

}
