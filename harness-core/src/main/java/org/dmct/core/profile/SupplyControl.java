package org.dmct.core.profile;

/**
 * How a model's disconnect control (interface class 70) is driven for the supply SRVs. Arming (7.3) and enabling
 * (7.1) both end in {@code remote_reconnect}; which one happens depends on the object's control_mode: in a mode
 * without direct remote reconnection (2, 4) it arms (ready_for_reconnection), in one with it (1, 3, 5, 6) it
 * connects. A profile names the mode its firmware uses for each.
 */
public record SupplyControl(int armControlMode, int enableControlMode) {
    public static final SupplyControl DEFAULT = new SupplyControl(2, 1);
}
