package org.dmct.core.lab;

import java.util.List;
import java.util.Optional;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.InstallationType;

/**
 * A Device Model Combination under test in this lab: an installation of devices (one per device type) reached over
 * one link, with the SMSO and installation type that its planned EPCL entry names. {@code simulated} DMCs are
 * served by the harness's own simulators ({@code dmct simulate}, {@code dmct demo}).
 */
public record LabDmc(String id, String title, String smso, InstallationType installationType, boolean simulated,
                     LinkSpec link, List<LabDevice> devices) {
    public LabDmc {
        devices = List.copyOf(devices);
    }

    public Optional<LabDevice> device(String deviceId) {
        return devices.stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    /** The DMC's device of a type; a DMC has at most one of each. */
    public Optional<LabDevice> deviceOfType(DeviceType type) {
        return devices.stream().filter(d -> d.type() == type).findFirst();
    }

    public LabDmc withLink(LinkSpec newLink) {
        return new LabDmc(id, title, smso, installationType, simulated, newLink, devices);
    }
}
