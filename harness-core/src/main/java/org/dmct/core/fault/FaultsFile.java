package org.dmct.core.fault;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;

/**
 * A run's fault file ({@code --faults FILE}): faults for every simulated device ({@code faults:}) and for named
 * devices ({@code devices: {ESME-ID: [...]}}), laid over what the profiles and the lab declare. Applying it to a lab
 * gives the lab as simulated, whose devices carry the faults in force; that lab is what the simulators are built
 * from and what the runner records in the manifest and evidence.
 *
 * <pre>
 * faults:
 *   - {kind: latency, distribution: uniform, min: 50ms, max: 400ms, seed: 7}
 * devices:
 *   ESME-ALPHA:
 *     - {kind: dropped-responses, probability: 1.0, seed: 3}
 * </pre>
 */
public record FaultsFile(Path source, List<FaultSpec> everyDevice, Map<String, List<FaultSpec>> byDevice,
                         Map<String, ConfigProblem> deviceLocations) {
    public FaultsFile {
        everyDevice = List.copyOf(everyDevice);
        byDevice = Map.copyOf(byDevice);
        deviceLocations = Map.copyOf(deviceLocations);
    }

    /** Reads and checks a fault file; problems (with file, line and field) raise a ConfigException. */
    public static FaultsFile load(Path file) {
        ConfigDocument doc = ConfigDocument.load(file);
        ConfigNode root = doc.root();
        List<FaultSpec> all = new ArrayList<>();
        Map<String, List<FaultSpec>> devices = new LinkedHashMap<>();
        Map<String, ConfigProblem> locations = new LinkedHashMap<>();
        if (root.expectMapping("faults", "devices")) {
            all.addAll(FaultReader.read(root.get("faults")));
            ConfigNode d = root.get("devices");
            if (d.isPresent() && d.expectMapping(d.keys().toArray(new String[0]))) {
                d.fields().forEach((id, list) -> {
                    devices.put(id, FaultReader.read(list));
                    locations.put(id, new ConfigProblem(file, list.line(), list.column(), list.path(), ""));
                });
            }
        }
        doc.throwIfProblems();
        return new FaultsFile(file, all, devices, locations);
    }

    /**
     * The lab with these faults laid over each simulated device's own; a device the file names that is not a
     * simulated device of the lab is a {@link ConfigException} naming the file, line and field, since its faults
     * would silently not be injected.
     */
    public Lab applyTo(Lab lab) {
        for (String id : byDevice.keySet()) {
            boolean known = lab.dmcs().stream().filter(dmc -> dmc.simulated())
                    .anyMatch(dmc -> dmc.device(id).isPresent());
            if (!known) {
                ConfigProblem at = deviceLocations.getOrDefault(id, new ConfigProblem(source, 0, 0, "devices", ""));
                throw new ConfigException(new ConfigProblem(source, at.line(), at.column(), at.field(),
                        "no simulated DMC of lab " + lab.id() + " has a device '" + id + "'"));
            }
        }
        return lab.mapDmcs(dmc -> !dmc.simulated() ? dmc : dmc.withDevices(dmc.devices().stream()
                .map(this::applyTo).toList()));
    }

    private LabDevice applyTo(LabDevice device) {
        List<FaultSpec> faults = FaultReader.merge(device.faults(), everyDevice);
        faults = FaultReader.merge(faults, byDevice.getOrDefault(device.id(), List.of()));
        return device.withFaults(faults);
    }
}
