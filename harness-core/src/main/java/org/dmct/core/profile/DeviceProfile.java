package org.dmct.core.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;

/**
 * A device model profile: one description of a model (and the firmware versions that behave alike) used from both
 * sides. The adapter drives a real device with it (protocol settings, the function-to-object map, which SRVs the
 * model supports and what it answers for the rest); the simulator emulates the model with it (the same map plus the
 * {@code simulation:} section). Loaded by {@link ProfileLoader}; {@code sha256} is the hash of the file as read, for
 * evidence. {@code alerts} says how the model reports its events and translates its event codes to GBCS alert codes.
 */
public record DeviceProfile(String id, DeviceType deviceType, String manufacturer, String model,
                            List<String> firmwareVersions, ProtocolSettings protocol,
                            Map<String, CosemObjectRef> functions, SupplyControl supplyControl,
                            Set<String> supportedSrvs, ResponseCode unsupportedResponse,
                            SimulationSpec simulation, Path source, String sha256, AlertSettings alerts) {
    public DeviceProfile {
        firmwareVersions = List.copyOf(firmwareVersions);
        functions = Map.copyOf(functions);
        supportedSrvs = Set.copyOf(supportedSrvs);
        alerts = alerts == null ? AlertSettings.NONE : alerts;
    }

    /** A profile of a model that reports no alerts. */
    public DeviceProfile(String id, DeviceType deviceType, String manufacturer, String model,
                         List<String> firmwareVersions, ProtocolSettings protocol,
                         Map<String, CosemObjectRef> functions, SupplyControl supplyControl,
                         Set<String> supportedSrvs, ResponseCode unsupportedResponse,
                         SimulationSpec simulation, Path source, String sha256) {
        this(id, deviceType, manufacturer, model, firmwareVersions, protocol, functions, supplyControl, supportedSrvs,
                unsupportedResponse, simulation, source, sha256, AlertSettings.NONE);
    }

    /** The same profile with other alert settings (a model variant that reports differently). */
    public DeviceProfile withAlerts(AlertSettings newAlerts) {
        return new DeviceProfile(id, deviceType, manufacturer, model, firmwareVersions, protocol, functions,
                supplyControl, supportedSrvs, unsupportedResponse, simulation, source, sha256, newAlerts);
    }

    public Optional<CosemObjectRef> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public boolean supports(String srv) {
        return supportedSrvs.contains(srv);
    }

    /** A copy speaking with other protocol settings (the same model seen from the public client, for instance). */
    public DeviceProfile withProtocol(ProtocolSettings other) {
        return new DeviceProfile(id, deviceType, manufacturer, model, firmwareVersions, other, functions, supplyControl,
                supportedSrvs, unsupportedResponse, simulation, source, sha256);
    }
}
