package org.dmct.core.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code simulation:} section of a profile: how a software simulator of this model behaves. The adapter ignores
 * it; the simulator is built from it, so that writing a profile for a new meter gives CI a simulator of it.
 *
 * @param responseDelay how long the simulated device takes to answer each request
 * @param registers initial values, scalers and units of register functions, keyed by function name
 * @param eventLogEntries how many events the simulated event log holds at start
 * @param defects firmware defects the simulator reproduces
 */
public record SimulationSpec(Duration responseDelay, Map<String, RegisterSeed> registers, int eventLogEntries,
                             List<DeclaredDefect> defects) {
    public static final SimulationSpec DEFAULT = new SimulationSpec(Duration.ZERO, Map.of(), 10, List.of());

    public SimulationSpec {
        registers = Map.copyOf(registers);
        defects = List.copyOf(defects);
    }
}
