package org.dmct.adapters.dlms.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the DCC's inventory learns while one adapter serves a DMC: the devices this adapter commissioned (8.1.1). The
 * lab file declares the installation as it was handed over (dormant: installed, not commissioned); Commission Device
 * is what moves a device's SMI status to Commissioned in the DCC inventory, so Read Inventory (8.2) answers from the
 * declaration updated by the commissions done since, as the DCC would after migrating the installation.
 */
public final class DccInventory {
    private final Set<String> commissioned = ConcurrentHashMap.newKeySet();

    /** Records that the device with this lab id was commissioned through 8.1.1. */
    void commissioned(String deviceId) {
        commissioned.add(deviceId);
    }

    /** Whether 8.1.1 commissioned the device through this adapter. */
    boolean isCommissioned(String deviceId) {
        return commissioned.contains(deviceId);
    }
}
