package org.dmct.core.profile;

/**
 * The value a simulated register starts from, with the scaler and unit it reports (DLMS scaler_unit): the value
 * read is {@code initial × 10^scaler unit}.
 */
public record RegisterSeed(long initial, int scaler, String unit) {
}
