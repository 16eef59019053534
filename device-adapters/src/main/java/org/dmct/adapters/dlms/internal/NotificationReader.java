package org.dmct.adapters.dlms.internal;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.profile.AlertSettings;
import org.dmct.dlms.apdu.DataNotification;
import org.dmct.dlms.apdu.EventNotificationRequest;
import org.dmct.dlms.apdu.NotificationApdu;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * Reads the event a device reported in a notification and translates it through the device profile's event map.
 * The event code is the value of an Event-Notification-Request (an unsigned integer: the event code object's
 * value), or the last element of a Data-Notification's structure (the push object list of an alarm push ends with
 * the event code). A code the map lists becomes an {@link AlertEvent} with the GBCS code; one it does not list is
 * reported as unmapped (evidence, no alert); a notification without an unsigned event code is unreadable.
 */
public final class NotificationReader {

    /** What a notification said. */
    public sealed interface Reading permits Alert, Unmapped, Unreadable {
        /** The note the evidence frame carries. */
        String note();
    }

    /** An event the profile maps to a GBCS alert. */
    public record Alert(AlertEvent event, String note) implements Reading { }

    /** An event code the profile's map does not list: recorded, no alert. */
    public record Unmapped(int deviceCode, String note) implements Reading { }

    /** A notification that carries no event code the adapter can read. */
    public record Unreadable(String note) implements Reading { }

    private NotificationReader() {
    }

    /**
     * @param source where it arrived: {@code association} or {@code push}
     */
    public static Reading read(LabDmc dmc, LabDevice device, NotificationApdu apdu, Instant receivedAt, String source) {
        String kind;
        CosemDateTime time;
        DlmsData carrier;
        Map<String, Object> details = new LinkedHashMap<>();
        if (apdu instanceof EventNotificationRequest e) {
            kind = AlertSettings.Notification.EVENT_NOTIFICATION.profileName();
            time = e.time();
            carrier = e.value();
            details.put("attribute", e.attribute().instance() + " class " + e.attribute().classId() + " attribute "
                    + e.attribute().attributeId());
        } else {
            DataNotification d = (DataNotification) apdu;
            kind = AlertSettings.Notification.DATA_NOTIFICATION.profileName();
            time = d.dateTime();
            Optional<List<DlmsData>> elements = d.body() instanceof DlmsData.StructureData s
                    ? Optional.of(s.elements()) : Optional.empty();
            if (elements.isPresent() && elements.get().isEmpty()) {
                return new Unreadable(kind + " from " + device.id() + " has an empty structure: no event code");
            }
            carrier = elements.map(l -> l.get(l.size() - 1)).orElse(d.body());
            details.put("longInvokeId", d.longInvokeIdAndPriority().invokeId());
        }
        Optional<Integer> code = eventCode(carrier);
        if (code.isEmpty()) {
            return new Unreadable(kind + " from " + device.id() + " carries " + describe(carrier)
                    + " where the event code (an unsigned integer of at most 16 bits) should be");
        }
        int deviceCode = code.get();
        AlertSettings alerts = device.profile().alerts();
        String expected = alerts.notification().profileName().equals(kind) ? ""
                : " (profile " + device.profile().id() + " says the model sends " + alerts.notification().profileName()
                + ")";
        Optional<Integer> alert = alerts.alertCode(deviceCode);
        if (alert.isEmpty()) {
            return new Unmapped(deviceCode, kind + " from " + device.id() + ": unmapped device event code "
                    + AlertSettings.hex(deviceCode) + ", not in the event map of profile " + device.profile().id()
                    + "; no alert raised" + expected);
        }
        details.put("notification", kind);
        details.put("deviceCode", AlertSettings.hex(deviceCode));
        if (time != null) {
            // The device's own clock reading, kept raw too: a real meter may send fields as "not specified".
            details.put("deviceTime", time.toOffsetDateTime().map(Object::toString).orElse("unspecified"));
            details.put("rawTime", HexFormat.of().withUpperCase().formatHex(time.toBytes()));
        }
        AlertEvent event = new AlertEvent(dmc.id(), device.id(), alert.get(), receivedAt, source, details);
        return new Alert(event, kind + " from " + device.id() + ": device event code " + AlertSettings.hex(deviceCode)
                + " is alert " + event.codeHex() + expected);
    }

    private static Optional<Integer> eventCode(DlmsData data) {
        if (data instanceof DlmsData.Unsigned8 || data instanceof DlmsData.Unsigned16
                || data instanceof DlmsData.Unsigned32) {
            long v = data.asLong().orElse(-1);
            return v >= 0 && v <= 0xFFFF ? Optional.of((int) v) : Optional.empty();
        }
        return Optional.empty();
    }

    private static String describe(DlmsData data) {
        String s = data.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
