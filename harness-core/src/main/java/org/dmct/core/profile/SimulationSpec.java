package org.dmct.core.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dmct.core.fault.FaultSpec;

/**
 * The {@code simulation:} section of a profile: how a software simulator of this model behaves. The adapter ignores
 * it; the simulator is built from it, so that writing a profile for a new meter gives CI a simulator of it.
 *
 * @param responseDelay how long the simulated device takes to answer each request
 * @param registers initial values, scalers and units of register functions, keyed by function name
 * @param eventLogEntries how many events the simulated event log holds at start
 * @param loadProfileEntries how many half-hourly entries the simulated load profile keeps (its profile_entries)
 * @param dailyReadLogEntries how many midnight entries the simulated daily read log keeps (its profile_entries)
 * @param defects firmware defects the simulator reproduces
 * @param metering simulated time, consumption, tariff and prepayment behaviour
 * @param faults faults every simulator of this model injects (a lab device's or a run's faults of a kind replace them)
 */
public record SimulationSpec(Duration responseDelay, Map<String, RegisterSeed> registers, int eventLogEntries,
                             int loadProfileEntries, int dailyReadLogEntries, List<DeclaredDefect> defects,
                             MeteringSpec metering, List<FaultSpec> faults) {
    /** Ten days of half-hours: enough for any default read window, small enough to build at once. */
    public static final int DEFAULT_LOAD_PROFILE_ENTRIES = 48 * 10;
    /** A month of midnights. */
    public static final int DEFAULT_DAILY_READ_LOG_ENTRIES = 31;
    /** The most entries a simulated profile may keep (a year of half-hours), bounding memory and start-up time. */
    public static final int MAX_PROFILE_ENTRIES = 48 * 366;

    public static final SimulationSpec DEFAULT = new SimulationSpec(Duration.ZERO, Map.of(), 10,
            DEFAULT_LOAD_PROFILE_ENTRIES, DEFAULT_DAILY_READ_LOG_ENTRIES, List.of(), MeteringSpec.DEFAULT, List.of());

    /** A simulation with the default metering behaviour and no injected faults. */
    public SimulationSpec(Duration responseDelay, Map<String, RegisterSeed> registers, int eventLogEntries,
                          int loadProfileEntries, int dailyReadLogEntries, List<DeclaredDefect> defects) {
        this(responseDelay, registers, eventLogEntries, loadProfileEntries, dailyReadLogEntries, defects,
                MeteringSpec.DEFAULT, List.of());
    }

    public SimulationSpec {
        if (loadProfileEntries < 1 || loadProfileEntries > MAX_PROFILE_ENTRIES) {
            throw new IllegalArgumentException("loadProfileEntries must be 1.." + MAX_PROFILE_ENTRIES + ": " + loadProfileEntries);
        }
        if (dailyReadLogEntries < 1 || dailyReadLogEntries > MAX_PROFILE_ENTRIES) {
            throw new IllegalArgumentException("dailyReadLogEntries must be 1.." + MAX_PROFILE_ENTRIES + ": " + dailyReadLogEntries);
        }
        registers = Map.copyOf(registers);
        defects = List.copyOf(defects);
        metering = metering == null ? MeteringSpec.DEFAULT : metering;
        faults = faults == null ? List.of() : List.copyOf(faults);
    }
}
