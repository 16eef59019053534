package org.dmct.core.lab;

import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeviceProfile;

/**
 * One device of a DMC as the lab declares it: its id in the lab, type, the model profile it claims to be, the
 * firmware version it should report, its logical device address behind the installation's link, and its serial
 * number (declared for the inventory check; a simulator reports it).
 */
public record LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                        String serialNumber) {
}
