package org.dmct.adapters.dlms.internal;

import org.dmct.core.model.ResponseCode;

/**
 * Why an operation on a device did not produce a result, as the response the DCC would give: E20 (cannot
 * communicate, including malformed answers), E21 (no answer in time), or a refusal by the device (code I0 with the
 * device's reason). Carried through future chains and turned into a {@code ServiceResponse} at the end.
 */
public final class DeviceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ResponseCode code;
    private final String deviceResult;

    private DeviceFailure(ResponseCode code, String deviceResult, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.deviceResult = deviceResult;
    }

    public static DeviceFailure cannotCommunicate(String detail) {
        return new DeviceFailure(ResponseCode.E20, null, detail);
    }

    public static DeviceFailure noResponse(String detail) {
        return new DeviceFailure(ResponseCode.E21, null, detail);
    }

    /** The device answered and refused; {@code deviceResult} is its reason in DLMS words. */
    public static DeviceFailure refused(String deviceResult, String detail) {
        return new DeviceFailure(ResponseCode.I0, deviceResult, detail);
    }

    public ResponseCode code() {
        return code;
    }

    public String deviceResult() {
        return deviceResult;
    }

    /** The failure behind a future's exception, or {@code null} if it is something else (a harness bug). */
    public static DeviceFailure unwrap(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof DeviceFailure f) {
                return f;
            }
            c = c.getCause();
        }
        return null;
    }
}
