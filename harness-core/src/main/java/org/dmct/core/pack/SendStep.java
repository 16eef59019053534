package org.dmct.core.pack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dmct.core.model.DeviceType;

/**
 * Sends a service request to the DMC's device of type {@code to} and checks the response.
 *
 * @param params request parameters in pack order, as written (String, List or Map values); packs hold no secrets
 * @param commandVariant the DUIS command variant; defaulted by the loader (8 non-device, 4 critical, else 1)
 * @param attempts how many times the request may be sent until the expectation is met; every attempt is evidence
 * @param capture capture name to the response value key whose value it keeps, for later {@link CheckStep}s
 */
public record SendStep(String srv, DeviceType to, Map<String, Object> params, int commandVariant, int attempts,
                       Expectation expect, Map<String, String> capture, int line) implements Step {
    public SendStep {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        capture = Collections.unmodifiableMap(new LinkedHashMap<>(capture));
    }
}
