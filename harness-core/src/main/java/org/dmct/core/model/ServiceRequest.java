package org.dmct.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * A service request as the harness sends it to a DMC: the SRV, the device it targets, its parameters and command
 * variant. It is what a DCC user would send through DUIS, addressed to one device of the installation under test.
 *
 * @param requestId unique within a run; evidence links frames and the response to it
 * @param srv the Service Reference Variant, e.g. {@code 4.1.1}
 * @param deviceId the lab's id of the target device
 * @param deviceType the target's device type
 * @param parameters SRV parameters (names as in the pack), never secrets
 * @param commandVariant the DUIS command variant (1 non-critical, 4/5 critical, 8 non-device)
 */
public record ServiceRequest(String requestId, String srv, String deviceId, DeviceType deviceType,
                             Map<String, Object> parameters, int commandVariant) {
    public ServiceRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(srv, "srv");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceType, "deviceType");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A parameter as text, or {@code null} when absent. */
    public String parameter(String name) {
        Object v = parameters.get(name);
        return v == null ? null : v.toString();
    }
}
