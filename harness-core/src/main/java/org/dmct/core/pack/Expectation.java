package org.dmct.core.pack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dmct.core.model.ResponseCode;

/**
 * What a send step expects back. When {@code response} is a success code (I0, I99) the device's own result must be
 * {@code success}, unless {@code deviceResult} names the refusal the test expects (e.g. {@code read-write-denied}).
 *
 * @param deviceResult the expected device result, or {@code null} for "success"
 * @param values value key to its checks, in pack order
 */
public record Expectation(ResponseCode response, String deviceResult, Map<String, ValueCheck> values) {
    public static final Expectation SUCCESS = new Expectation(ResponseCode.I0, null, Map.of());

    public Expectation {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The device result the expectation requires, {@code success} by default. */
    public String expectedDeviceResult() {
        return deviceResult == null ? "success" : deviceResult;
    }
}
