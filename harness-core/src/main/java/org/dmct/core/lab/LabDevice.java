package org.dmct.core.lab;

import java.util.Optional;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeviceProfile;

/**
 * One device of a DMC as the lab declares it: its id in the lab, type, the model profile it claims to be, the
 * firmware version it should report, its logical device address behind the installation's link, its serial
 * number (declared for the inventory check; a simulator reports it), and, when its profile asks for high-level
 * security, where its keys are ({@code security}, null otherwise).
 */
public record LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                        String serialNumber, DeviceSecurity security) {

    /** A device without keys. */
    public LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                     String serialNumber) {
        this(id, type, profile, firmware, logicalDevice, serialNumber, null);
    }

    /** @return the device's keys and titles, present for devices whose profile uses high-level security */
    public Optional<DeviceSecurity> deviceSecurity() {
        return Optional.ofNullable(security);
    }

    /** A copy with another profile, e.g. the public client's settings for reading the frame counter. */
    public LabDevice withProfile(DeviceProfile other) {
        return new LabDevice(id, type, other, firmware, logicalDevice, serialNumber, security);
    }

    /** A copy whose keys are {@code other}: the device after its credentials were replaced (6.15.1). */
    public LabDevice withSecurity(DeviceSecurity other) {
        return new LabDevice(id, type, profile, firmware, logicalDevice, serialNumber, other);
    }
}
