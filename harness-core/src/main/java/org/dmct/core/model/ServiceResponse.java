package org.dmct.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What came back for a {@link ServiceRequest}: the DCC-style response code, the values the device returned
 * (names fixed per SRV by the adapter mapping, e.g. {@code activeImportTotal}), and the device's own result.
 * A device that carried out the request has {@code deviceResult} {@value #DEVICE_SUCCESS}; a device that answered
 * but refused has the protocol's reason there (e.g. {@code read-write-denied}) with code I0, as the DCC passes device
 * failures back inside a response. {@code detail} explains failures in words a lab engineer can act on.
 *
 * @param values insertion-ordered; values are String, Boolean, Long, java.math.BigDecimal, {@link Quantity},
 *               java.time.OffsetDateTime, or lists/maps of those
 */
public record ServiceResponse(String requestId, String srv, String deviceId, ResponseCode code,
                              Map<String, Object> values, String deviceResult, String detail,
                              Instant sentAt, Instant answeredAt) {
    public static final String DEVICE_SUCCESS = "success";

    public ServiceResponse {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(code, "code");
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** True when the DCC accepted the request and the device carried it out. */
    public boolean succeeded() {
        return code.isSuccess() && (deviceResult == null || DEVICE_SUCCESS.equals(deviceResult));
    }

    public static ServiceResponse success(ServiceRequest request, Map<String, Object> values, Instant sentAt,
                                          Instant answeredAt) {
        return new ServiceResponse(request.requestId(), request.srv(), request.deviceId(), ResponseCode.I0, values,
                DEVICE_SUCCESS, null, sentAt, answeredAt);
    }

    /** The device answered and refused: code I0 with the device's reason. */
    public static ServiceResponse refusedByDevice(ServiceRequest request, String deviceResult, String detail,
                                                  Instant sentAt, Instant answeredAt) {
        return new ServiceResponse(request.requestId(), request.srv(), request.deviceId(), ResponseCode.I0, Map.of(),
                deviceResult, detail, sentAt, answeredAt);
    }

    /** The request did not reach a result on the device (E11, E19, E20, E21, ...). */
    public static ServiceResponse failure(ServiceRequest request, ResponseCode code, String detail, Instant sentAt,
                                          Instant answeredAt) {
        return new ServiceResponse(request.requestId(), request.srv(), request.deviceId(), code, Map.of(), null,
                detail, sentAt, answeredAt);
    }
}
