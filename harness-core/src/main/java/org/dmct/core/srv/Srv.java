package org.dmct.core.srv;

import java.util.Set;
import org.dmct.core.model.DeviceType;

/**
 * One Service Reference Variant of the catalogue: its number and name, the device types it may target, whether it
 * is critical (needs a supplier signature) or may be future dated, its SMETS1 applicability as far as public facts
 * go, whether it is a non-device service that the DCC answers from its own systems, and the parameters its request
 * definition allows (checked by the DCC before a request reaches a device).
 */
public record Srv(String srv, String name, Set<DeviceType> targets, boolean critical, boolean futureDated,
                  String smets1, boolean nonDevice, SrvParameters parameters) {
    public Srv {
        targets = Set.copyOf(targets);
        parameters = parameters == null ? SrvParameters.UNDEFINED : parameters;
    }

    public Srv(String srv, String name, Set<DeviceType> targets, boolean critical, boolean futureDated,
               String smets1, boolean nonDevice) {
        this(srv, name, targets, critical, futureDated, smets1, nonDevice, SrvParameters.UNDEFINED);
    }

    /** Whether a request of this SRV may be addressed to a device of the given type. */
    public boolean mayTarget(DeviceType type) {
        return nonDevice || targets.contains(type);
    }
}
