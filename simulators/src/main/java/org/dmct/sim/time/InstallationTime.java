package org.dmct.sim.time;

import java.time.Clock;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;

/**
 * Chooses the clock an installation's devices share: the clock given when it is already a {@link SimulatedClock}
 * (a test controls time), otherwise, when a device's profile asks for {@code simulation.timeScale} other than 1, a
 * scaled clock following the given one. Devices of one installation must agree on the time, so the fastest scale
 * any of them declares is used for all. A per-exchange clock is forked: each installation counts its own requests,
 * so its time does not depend on how concurrent installations interleave.
 */
public final class InstallationTime {
    private InstallationTime() {
    }

    public static Clock forInstallation(LabDmc dmc, Clock given) {
        if (given instanceof SimulatedClock s && s.isPerExchange()) {
            return s.forkPerExchange();
        }
        if (given instanceof SimulatedClock) {
            return given;
        }
        double scale = 1.0;
        for (LabDevice d : dmc.devices()) {
            scale = Math.max(scale, d.profile().simulation().metering().timeScale());
        }
        return scale == 1.0 ? given : SimulatedClock.scaled(given, scale);
    }
}
