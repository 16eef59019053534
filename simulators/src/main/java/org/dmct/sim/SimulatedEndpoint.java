package org.dmct.sim;

import org.dmct.core.model.DeviceType;

/**
 * Where one simulated device can be reached: its installation's address and its logical device behind it. This is
 * what {@code dmct simulate} prints, one line per device.
 */
public record SimulatedEndpoint(String dmcId, String deviceId, DeviceType type, String profileId, String host,
                                int port, int logicalDevice) {
    @Override
    public String toString() {
        return String.format("%-12s %-14s %-5s %-26s tcp-wrapper://%s:%d logical device %d",
                dmcId, deviceId, type, profileId, host, port, logicalDevice);
    }
}
