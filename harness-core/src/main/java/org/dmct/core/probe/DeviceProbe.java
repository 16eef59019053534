package org.dmct.core.probe;

import java.util.List;
import java.util.Map;
import org.dmct.core.model.DeviceType;

/**
 * What probing one device found: whether it was reached, what it says it is (serial number, manufacturer, model,
 * firmware) next to what the lab declares, and how long the exchanges took. {@code firstExchangeMs} covers bringing
 * the link up, associating and the first read; {@code roundTripMs} is a read on the open association.
 *
 * @param status OK, MISMATCH or UNREACHABLE
 * @param problems every mismatch or failure, in words; empty when OK
 */
public record DeviceProbe(String dmcId, String deviceId, DeviceType type, String link, Status status,
                          Map<String, String> declared, Map<String, String> read, Long firstExchangeMs,
                          Long roundTripMs, List<String> problems) {
    /** The probe's verdict on one device. */
    public enum Status { OK, MISMATCH, UNREACHABLE }

    public DeviceProbe {
        declared = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(declared));
        read = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(read));
        problems = List.copyOf(problems);
    }
}
