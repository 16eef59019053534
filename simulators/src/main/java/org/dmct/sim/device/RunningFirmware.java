package org.dmct.sim.device;

import java.util.Objects;

/**
 * The firmware a simulated device runs: it starts as the version the lab declares and changes only when an image is
 * activated (after the simulated reboot), so 11.2 reads what the device really runs.
 */
public final class RunningFirmware {
    private volatile String identifier;
    private volatile int reboots;

    public RunningFirmware(String initial) {
        this.identifier = Objects.requireNonNull(initial, "initial");
    }

    public String identifier() {
        return identifier;
    }

    /** How many times activation rebooted the device. */
    public int reboots() {
        return reboots;
    }

    /** Reboots into {@code newIdentifier}. */
    public void rebootInto(String newIdentifier) {
        identifier = Objects.requireNonNull(newIdentifier, "newIdentifier");
        reboots++;
    }
}
