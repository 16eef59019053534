package org.dmct.core.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a device model reports its events as alerts: which xDLMS notification it sends (Event-Notification-Request
 * or Data-Notification) and its event map, from the model's own event codes to the GBCS alert codes packs and
 * reports use. The adapter translates received device codes with {@link #alertCode}; the simulator goes the other
 * way with {@link #deviceCode} to log and send what the real model would. A device code the map does not list
 * raises no alert: that is how a profile describes a model that never reports an event.
 *
 * @param notification the notification APDU the model sends its events in
 * @param eventMap device event code to GBCS alert code, in the order the profile lists them
 */
public record AlertSettings(Notification notification, Map<Integer, Integer> eventMap) {
    /** A model that reports no alerts: event notifications, empty map. */
    public static final AlertSettings NONE = new AlertSettings(Notification.EVENT_NOTIFICATION, Map.of());

    /** The xDLMS notification services a model can push its events with. */
    public enum Notification {
        /** Event-Notification-Request (0xC2): the event code object's value with the event time. */
        EVENT_NOTIFICATION,
        /** Data-Notification (0x0F): a push setup's object list values with the push time. */
        DATA_NOTIFICATION;

        /** The spelling profiles use, e.g. {@code data-notification}. */
        public String profileName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AlertSettings {
        java.util.Objects.requireNonNull(notification, "notification");
        eventMap = Collections.unmodifiableMap(new LinkedHashMap<>(eventMap));
    }

    /** The GBCS alert code a device event code translates to, if the map lists it. */
    public Optional<Integer> alertCode(int deviceCode) {
        return Optional.ofNullable(eventMap.get(deviceCode));
    }

    /**
     * The device event code the model uses for a GBCS alert: the first the map lists for it. Empty when the model
     * has no event that raises this alert.
     */
    public Optional<Integer> deviceCode(int alertCode) {
        return eventMap.entrySet().stream().filter(e -> e.getValue() == alertCode).map(Map.Entry::getKey).findFirst();
    }

    /** A code in the 0xHHHH form profiles, packs and reports use. */
    public static String hex(int code) {
        return String.format("0x%04X", code);
    }
}
