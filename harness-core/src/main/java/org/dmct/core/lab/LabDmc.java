package org.dmct.core.lab;

import java.util.List;
import java.util.Optional;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.InstallationType;

/**
 * A Device Model Combination under test in this lab: an installation of devices (one per device type) reached over
 * one link, with the SMSO and installation type that its planned EPCL entry names. {@code simulated} DMCs are
 * served by the harness's own simulators ({@code dmct simulate}, {@code dmct demo}). {@code push}, when given, is where
 * the harness listens for the notifications the devices push outside an association. {@code control}, for a
 * simulated DMC whose simulator host serves one, is its control interface ({@code http://127.0.0.1:PORT/installations/ID}),
 * through which a pack's {@code stimulate} steps cause physical events; null otherwise.
 */
public record LabDmc(String id, String title, String smso, InstallationType installationType, boolean simulated,
                     LinkSpec link, List<LabDevice> devices, PushDestination push, java.net.URI control) {
    public LabDmc {
        devices = List.copyOf(devices);
    }

    /** A DMC without a control interface. */
    public LabDmc(String id, String title, String smso, InstallationType installationType, boolean simulated,
                  LinkSpec link, List<LabDevice> devices, PushDestination push) {
        this(id, title, smso, installationType, simulated, link, devices, push, null);
    }

    /** The simulator's control interface for this installation, if it has one. */
    public Optional<java.net.URI> controlEndpoint() {
        return Optional.ofNullable(control);
    }

    /** A copy whose installation is controlled at this endpoint. */
    public LabDmc withControl(java.net.URI endpoint) {
        return new LabDmc(id, title, smso, installationType, simulated, link, devices, push, endpoint);
    }

    /** A DMC without a push destination. */
    public LabDmc(String id, String title, String smso, InstallationType installationType, boolean simulated,
                  LinkSpec link, List<LabDevice> devices) {
        this(id, title, smso, installationType, simulated, link, devices, null, null);
    }

    /** Where the harness listens for pushed notifications, if the lab gives a place. */
    public Optional<PushDestination> pushDestination() {
        return Optional.ofNullable(push);
    }

    /** The device at a logical device address (the wrapper wPort or HDLC upper address). */
    public Optional<LabDevice> deviceAt(int logicalDevice) {
        return devices.stream().filter(d -> d.logicalDevice() == logicalDevice).findFirst();
    }

    public LabDmc withPush(PushDestination newPush) {
        return new LabDmc(id, title, smso, installationType, simulated, link, devices, newPush, control);
    }

    public Optional<LabDevice> device(String deviceId) {
        return devices.stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    /** The DMC's device of a type; a DMC has at most one of each. */
    public Optional<LabDevice> deviceOfType(DeviceType type) {
        return devices.stream().filter(d -> d.type() == type).findFirst();
    }

    /** A copy with these devices, e.g. carrying the faults a run injects. */
    public LabDmc withDevices(List<LabDevice> newDevices) {
        return new LabDmc(id, title, smso, installationType, simulated, link, newDevices, push, control);
    }

    public LabDmc withLink(LinkSpec newLink) {
        return new LabDmc(id, title, smso, installationType, simulated, newLink, devices, push, control);
    }
}
