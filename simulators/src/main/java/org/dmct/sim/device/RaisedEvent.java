package org.dmct.sim.device;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * One event a simulated device raised: what happened, the code it logged (the model's own, from the profile's event
 * map), when, and the GBCS alert it reports, if the map lists the code.
 *
 * @param deviceId the lab id of the device
 * @param event what happened
 * @param deviceCode the code in the event log and in the notification
 * @param alertCode the GBCS alert code the profile maps {@code deviceCode} to, or null when it raises no alert
 * @param time the device clock's time of the event
 */
public record RaisedEvent(String deviceId, DeviceEvent event, int deviceCode, Integer alertCode, OffsetDateTime time) {

    /** True when the profile maps the code to an alert, so the device reports it. */
    public boolean alerts() {
        return alertCode != null;
    }

    public Optional<Integer> alert() {
        return Optional.ofNullable(alertCode);
    }

    @Override
    public String toString() {
        return deviceId + " " + event + " " + String.format("0x%04X", deviceCode)
                + (alertCode == null ? " (no alert)" : String.format(" (alert 0x%04X)", alertCode)) + " at " + time;
    }
}
