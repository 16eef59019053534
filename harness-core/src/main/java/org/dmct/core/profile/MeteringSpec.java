package org.dmct.core.profile;

/**
 * How a simulated meter's time and metering behave, from a profile's {@code simulation:} section: how fast simulated
 * time runs against wall time, how far the device's clock drifts, the seed its consumption model starts from, the
 * tariff that splits consumption into time-of-use rates and prices it, and (for a prepayment meter) its prepayment
 * settings. The adapter never reads it; a real meter has its own.
 *
 * @param timeScale simulated seconds per wall-clock second (1 = real time; 1800 = an hour every 2 s)
 * @param clockDriftPpm how fast the device clock gains (positive) or loses (negative), in parts per million
 * @param seed the consumption model's seed; each device's own seed is derived from it and the device's serial number
 * @param tariff the time-of-use switching table, prices and standing charge
 * @param prepayment prepayment behaviour, or {@code null} for a credit meter
 */
public record MeteringSpec(double timeScale, double clockDriftPpm, long seed, TariffSpec tariff,
                           PrepaymentSpec prepayment) {
    /** Real time, an exact clock, seed 1, one rate all day at no price, credit mode. */
    public static final MeteringSpec DEFAULT = new MeteringSpec(1.0, 0.0, 1L, TariffSpec.SINGLE_RATE, null);

    public MeteringSpec {
        if (!(timeScale > 0) || timeScale > 1_000_000) {
            throw new IllegalArgumentException("timeScale must be above 0 and at most 1000000: " + timeScale);
        }
        if (Math.abs(clockDriftPpm) > 1_000_000) {
            throw new IllegalArgumentException("clockDrift must be within ±1000000 ppm: " + clockDriftPpm);
        }
        tariff = tariff == null ? TariffSpec.SINGLE_RATE : tariff;
    }

    public boolean prepaymentMode() {
        return prepayment != null;
    }
}
