package org.dmct.sim;

import org.dmct.core.model.DeviceType;

/**
 * Where one simulated device can be reached: its installation's link as served (bound port, or the pty path the
 * harness opens) and its logical device behind it. This is what {@code dmct simulate} prints, one line per device.
 */
public record SimulatedEndpoint(String dmcId, String deviceId, DeviceType type, String profileId, String link,
                                int logicalDevice) {
    @Override
    public String toString() {
        return String.format("%-12s %-14s %-5s %-26s %s logical device %d",
                dmcId, deviceId, type, profileId, link, logicalDevice);
    }
}
