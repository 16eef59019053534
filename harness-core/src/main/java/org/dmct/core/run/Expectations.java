package org.dmct.core.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.pack.Expectation;
import org.dmct.core.pack.ValueCheck;
import org.dmct.core.pack.ValuePath;

/**
 * Judges a response against a send step's expectation. The order of the rules, first failing rule decides the reason:
 * <ol>
 * <li>the response code must be the expected one (default I0); E20/E21 where not expected is a communication failure
 *     (the test is BLOCKED, not failed), and its reason always names the device and the link;</li>
 * <li>when the expected code is I0 or I99, the device result must be {@code success}, or the {@code deviceResult} the
 *     step names (compared ignoring case);</li>
 * <li>every value check must hold; a missing value key fails naming it. All value failures are reported together.</li>
 * </ol>
 */
final class Expectations {
    private Expectations() {
    }

    static StepOutcome evaluate(Expectation e, ServiceResponse r, LabDmc dmc, LabDevice device, Instant now) {
        if (r.code() != e.response()) {
            boolean communication = (r.code() == ResponseCode.E20 || r.code() == ResponseCode.E21);
            StringBuilder reason = new StringBuilder("expected response ").append(e.response()).append(", got ")
                    .append(r.code()).append(" (").append(r.code().meaning()).append(")");
            String detail = r.detail();
            if (detail != null && !detail.isBlank()) {
                reason.append(": ").append(detail.trim());
            }
            if (communication && (detail == null || !detail.contains(device.id())
                    || !detail.contains(dmc.link().toString()))) {
                reason.append(" [").append(device.id()).append(" on ").append(dmc.link()).append("]");
            }
            return StepOutcome.fail(communication ? StepOutcome.Cause.COMMUNICATION : StepOutcome.Cause.EXPECTATION,
                    reason.toString());
        }
        if (e.response().isSuccess()) {
            String got = r.deviceResult() == null ? ServiceResponse.DEVICE_SUCCESS : r.deviceResult();
            String want = e.expectedDeviceResult();
            if (!got.equalsIgnoreCase(want)) {
                String detail = r.detail() == null || r.detail().isBlank() ? "" : ": " + r.detail().trim();
                String reason;
                if (ServiceResponse.DEVICE_SUCCESS.equals(want)) {
                    reason = "device refused: " + got + detail;
                } else if (ServiceResponse.DEVICE_SUCCESS.equals(got)) {
                    reason = "expected the device to refuse with " + want + ", but it carried out the request";
                } else {
                    reason = "expected the device to refuse with " + want + ", but it refused with " + got + detail;
                }
                return StepOutcome.fail(StepOutcome.Cause.EXPECTATION, reason);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = r.values();
        for (ValueCheck c : e.values().values()) {
            java.util.Optional<Object> found = ValuePath.parse(c.key()).flatMap(p -> p.find(values));
            if (found.isEmpty()) {
                problems.add(Values.missing(c.key(), values));
                continue;
            }
            problems.addAll(Values.check(c, found.get() == ValuePath.NULL ? null : found.get(), device, now));
        }
        if (!problems.isEmpty()) {
            return StepOutcome.fail(StepOutcome.Cause.EXPECTATION, String.join("; ", problems));
        }
        return StepOutcome.pass("response " + r.code() + (e.response().isSuccess() ? ", device result "
                + e.expectedDeviceResult() : "") + (e.values().isEmpty() ? "" : ", " + e.values().size()
                + " value check(s) held"));
    }
}
