package org.dmct.core.lab;

import java.util.List;
import java.util.Optional;
import org.dmct.core.fault.FaultSpec;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeviceProfile;

/**
 * One device of a DMC as the lab declares it: its id in the lab, type, the model profile it claims to be, the
 * firmware version it should report, its logical device address behind the installation's link, its serial
 * number (declared for the inventory check; a simulator reports it), and, when its profile asks for high-level
 * security, where its keys are ({@code security}, null otherwise). A device of a simulated DMC may carry the
 * {@code faults} its simulator injects (its profile's, the lab's and the run's, merged); a real device carries none.
 */
public record LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                        String serialNumber, DeviceSecurity security, List<FaultSpec> faults) {
    public LabDevice {
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /** A device without injected faults. */
    public LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                     String serialNumber, DeviceSecurity security) {
        this(id, type, profile, firmware, logicalDevice, serialNumber, security, List.of());
    }

    /** A device without keys. */
    public LabDevice(String id, DeviceType type, DeviceProfile profile, String firmware, int logicalDevice,
                     String serialNumber) {
        this(id, type, profile, firmware, logicalDevice, serialNumber, null, List.of());
    }

    /** @return the device's keys and titles, present for devices whose profile uses high-level security */
    public Optional<DeviceSecurity> deviceSecurity() {
        return Optional.ofNullable(security);
    }

    /** A copy with another profile, e.g. the public client's settings for reading the frame counter. */
    public LabDevice withProfile(DeviceProfile other) {
        return new LabDevice(id, type, other, firmware, logicalDevice, serialNumber, security, faults);
    }

    /** A copy whose simulator injects these faults instead. */
    public LabDevice withFaults(List<FaultSpec> other) {
        return new LabDevice(id, type, profile, firmware, logicalDevice, serialNumber, security, other);
    }

    /** How a failure report names the faults in force: {@code "latency ... seed=1; dropped-responses ..."}. */
    public Optional<String> faultSummary() {
        return faults.isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", faults.stream().map(FaultSpec::describe).toList()));
    }

    /** A copy whose keys are {@code other}: the device after its credentials were replaced (6.15.1). */
    public LabDevice withSecurity(DeviceSecurity other) {
        return new LabDevice(id, type, profile, firmware, logicalDevice, serialNumber, other, faults);
    }
}
