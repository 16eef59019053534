package org.dmct.sim.control;

import java.time.Instant;
import java.util.Locale;
import org.dmct.sim.device.PrepaymentState;

import org.dmct.core.model.PhysicalEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.sim.device.RaisedEvent;
import org.dmct.sim.device.SimulatedDevice;

/**
 * What the control interface knows of a simulated device's physical surroundings, which the device's COSEM objects do
 * not hold: whether the mains is on, the terminal cover on, a magnet near, the battery low, and the events the
 * stimuli raised (with whether an alert went out for them). Applying a stimulus that contradicts the state (cutting a
 * supply that is already off) is refused, as it cannot happen to a real meter.
 */
final class DevicePhysicalState {
    private static final int TAIL = 20;
    private final SimulatedDevice device;
    private boolean mainsOn = true;
    private boolean coverOn = true;
    private boolean magnetPresent;
    private boolean batteryLow;
    private final List<RaisedEvent> raised = new ArrayList<>();

    DevicePhysicalState(SimulatedDevice device) {
        this.device = device;
    }

    /** Applies a stimulus: the raised event, or a {@link ControlException} saying why it cannot apply. */
    synchronized RaisedEvent apply(PhysicalEvent stimulus) {
        RaisedEvent event = switch (stimulus) {
            case POWER_CUT -> {
                require(mainsOn, "the mains supply of " + device.id() + " is already cut");
                mainsOn = false;
                yield device.supplyInterrupted();
            }
            case POWER_RESTORE -> {
                require(!mainsOn, "the mains supply of " + device.id() + " is on; cut it first");
                mainsOn = true;
                yield device.supplyRestored();
            }
            case COVER_REMOVED -> {
                require(coverOn, "the terminal cover of " + device.id() + " is already off");
                coverOn = false;
                yield device.tamper();
            }
            case MAGNETIC_TAMPER -> {
                magnetPresent = true;
                yield device.tamper();
            }
            case BATTERY_LOW -> {
                require(!batteryLow, "the battery of " + device.id() + " is already low");
                batteryLow = true;
                yield device.lowBattery();
            }
            case KEYPAD_ENTRY -> throw new ControlException(400, "keypad-entry carries the digits typed: "
                    + "{\"kind\": \"keypad-entry\", \"digits\": \"...\"}");
        };
        raised.add(event);
        if (raised.size() > TAIL) {
            raised.remove(0);
        }
        return event;
    }

    /**
     * Digits typed on the device's keypad, taken as a UTRN by its prepayment (as a SMETS1 ESME's keypad does): what
     * the meter made of them, accepted or refused with the reason ({@code keypad locked} after too many invalid
     * entries). 409 when the device has no prepayment, hence no keypad to type on; 400 when the digits are not digits.
     */
    synchronized Map<String, Object> typeOnKeypad(String digits) {
        PrepaymentState prepayment = device.metering().prepayment().orElseThrow(() -> new ControlException(409,
                device.id() + " (profile " + device.profile().id() + ") has no prepayment, so no keypad to type on"));
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ControlException(400, "keypad-entry needs \"digits\": the digits typed (0-9), got "
                    + (digits == null ? "none" : "'" + digits + "'"));
        }
        Instant now = device.clock().trueNow();
        PrepaymentState.TopUpResult result = prepayment.enterUtrn(digits, now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("digits", digits);
        m.put("accepted", result.accepted());
        m.put("result", result.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("reason", reason(result.status()));
        m.put("amountPence", result.amountPence());
        m.put("time", now.toString());
        return m;
    }

    private static String reason(PrepaymentState.TopUpResult.Status status) {
        return switch (status) {
            case ACCEPTED -> "accepted";
            case FORMAT_FAILURE -> "not a well-formed 20-digit UTRN";
            case AUTHENTICATION_FAILURE -> "UTRN not valid for this meter (check digits do not match)";
            case VALIDATION_FAILURE -> "UTRN already used";
            case EXECUTION_FAILURE -> "credit would exceed the maximum meter balance";
            case KEYPAD_LOCKED -> "keypad locked";
        };
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new ControlException(409, reason);
        }
    }

    synchronized Map<String, Object> physical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mains", mainsOn ? "on" : "off");
        m.put("terminalCover", coverOn ? "on" : "removed");
        m.put("magnet", magnetPresent ? "present" : "absent");
        m.put("battery", batteryLow ? "low" : "ok");
        return m;
    }

    synchronized List<Map<String, Object>> raisedTail() {
        return raised.stream().map(DevicePhysicalState::describe).toList();
    }

    static Map<String, Object> describe(RaisedEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", e.event().name());
        m.put("deviceCode", String.format("0x%04X", e.deviceCode()));
        m.put("alertCode", e.alertCode() == null ? null : String.format("0x%04X", e.alertCode()));
        m.put("alerted", e.alerts());
        m.put("time", e.time().toString());
        return m;
    }
}
