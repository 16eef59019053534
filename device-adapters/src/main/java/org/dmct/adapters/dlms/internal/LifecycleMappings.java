package org.dmct.adapters.dlms.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;

/**
 * Lifecycle SRVs on the profile's {@code deviceLifecycle} object (manufacturer-specific class 250: attribute 2
 * lifecycle_state, 3 commissioning_state, 4 joined_devices; methods 1 commission, 2 activate, 3 join, 4 unjoin) and
 * the hub's {@code deviceLog}. Value names:
 * <ul>
 * <li>8.1.1 Commission Device: {@code previousLifecycleState}, {@code previousCommissioningState} (read before),
 *     {@code lifecycleState} (dormant | active), {@code commissioningState} (notCommissioned | commissioned). Parameter
 *     {@code activate} (default true): also take the device out of the dormant state</li>
 * <li>8.7.1 Join Service: {@code joinedDevices} (serial numbers), {@code joined} (true when the other device is among
 *     them). Parameter {@code otherDevice}: the lab id of the PPMID or IHD of the same DMC, or
 *     {@code IHD}/{@code PPMID} for the DMC's device of that type</li>
 * <li>8.9 Read Device Log: {@code devices} (list of {@code serialNumber}, {@code deviceType}, {@code lifecycleState},
 *     {@code commissioningState}), {@code deviceCount}</li>
 * </ul>
 */
final class LifecycleMappings {
    private static final String LIFECYCLE = DeviceFunction.DEVICE_LIFECYCLE;
    private static final List<String> STATES = List.of("dormant", "active");
    private static final List<String> COMMISSIONING = List.of("notCommissioned", "commissioned");

    private LifecycleMappings() {
    }

    static Optional<SrvMappings.Mapping> find(String srv) {
        return switch (srv) {
            case "8.1.1" -> Optional.of(LifecycleMappings::commission);
            case "8.7.1" -> Optional.of(LifecycleMappings::join);
            case "8.9" -> Optional.of(LifecycleMappings::readDeviceLog);
            default -> Optional.empty();
        };
    }

    private static CompletableFuture<Map<String, Object>> commission(SrvCall call) {
        String activateParameter = call.request().parameter("activate");
        if (activateParameter != null && !activateParameter.equals("true") && !activateParameter.equals("false")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 8.1.1 parameter activate must be true or false, got '" + activateParameter + "'"));
        }
        boolean activate = !"false".equals(activateParameter);
        Map<String, Object> values = new LinkedHashMap<>();
        return readStates(call, "previous", values)
                .thenCompose(x -> call.invoke(LIFECYCLE, 1, DlmsData.i8(0)))
                .thenCompose(x -> activate ? call.invoke(LIFECYCLE, 2, DlmsData.i8(0)) : CompletableFuture.completedFuture(null))
                .thenCompose(x -> readStates(call, "", values))
                .thenApply(x -> {
                    if ("commissioned".equals(values.get("commissioningState"))) {
                        call.inventory().commissioned(call.device().id());
                    }
                    return values;
                });
    }

    private static CompletableFuture<Void> readStates(SrvCall call, String prefix, Map<String, Object> values) {
        return call.read(LIFECYCLE, 2).thenCompose(state -> call.read(LIFECYCLE, 3).thenAccept(c -> {
            values.put(prefix.isEmpty() ? "lifecycleState" : prefix + "LifecycleState", name(call, "lifecycle_state", state, STATES));
            values.put(prefix.isEmpty() ? "commissioningState" : prefix + "CommissioningState",
                    name(call, "commissioning_state", c, COMMISSIONING));
        }));
    }

    private static CompletableFuture<Map<String, Object>> join(SrvCall call) {
        String otherId = call.request().parameter("otherDevice");
        if (otherId == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 8.7.1 needs parameter otherDevice: the lab id of the PPMID or IHD to join"));
        }
        // A pack does not know the lab's device ids: it may name the device type, meaning the DMC's device of it.
        Optional<LabDevice> other = call.dmc().device(otherId).or(() -> otherId.equals("IHD")
                ? call.dmc().deviceOfType(DeviceType.IHD)
                : otherId.equals("PPMID") ? call.dmc().deviceOfType(DeviceType.PPMID) : Optional.empty());
        if (other.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 8.7.1 parameter otherDevice '" + otherId + "' is not a device of DMC " + call.dmc().id()));
        }
        if (other.get().type() != DeviceType.IHD && other.get().type() != DeviceType.PPMID) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("SRV 8.7.1 joins a PPMID or IHD; "
                    + otherId + " is a " + other.get().type()));
        }
        String serial = other.get().serialNumber();
        return call.invoke(LIFECYCLE, 3, DlmsData.octets(serial.getBytes(StandardCharsets.US_ASCII)))
                .thenCompose(x -> call.read(LIFECYCLE, 4))
                .thenApply(joined -> {
                    List<String> serials = new ArrayList<>();
                    for (DlmsData d : joined.asList().orElseThrow(() -> call.wrongType(LIFECYCLE + " joined_devices",
                            "an array", joined))) {
                        serials.add(text(call, d));
                    }
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("joinedDevices", serials);
                    values.put("joined", serials.contains(serial));
                    return values;
                });
    }

    private static CompletableFuture<Map<String, Object>> readDeviceLog(SrvCall call) {
        return call.readValue(DeviceFunction.DEVICE_LOG).thenApply(log -> {
            List<Map<String, Object>> devices = new ArrayList<>();
            for (DlmsData row : log.asList().orElseThrow(() -> call.wrongType("deviceLog", "an array", log))) {
                List<DlmsData> cols = row.asList().orElse(List.of());
                if (cols.size() != 4) {
                    throw call.wrongType("deviceLog entry", "structure {serial, type, lifecycle, commissioning}", row);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("serialNumber", text(call, cols.get(0)));
                entry.put("deviceType", text(call, cols.get(1)));
                entry.put("lifecycleState", name(call, "deviceLog lifecycle_state", cols.get(2), STATES));
                entry.put("commissioningState", name(call, "deviceLog commissioning_state", cols.get(3), COMMISSIONING));
                devices.add(entry);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("devices", devices);
            values.put("deviceCount", (long) devices.size());
            return values;
        });
    }

    private static String name(SrvCall call, String what, DlmsData v, List<String> names) {
        long n = v.asLong().orElseThrow(() -> call.wrongType(what, "an enum", v));
        if (n < 0 || n >= names.size()) {
            throw call.wrongType(what, "0.." + (names.size() - 1), v);
        }
        return names.get((int) n);
    }

    private static String text(SrvCall call, DlmsData v) {
        return v.asString().orElseGet(() -> new String(v.asBytes().orElseThrow(() -> call.wrongType("text",
                "an octet-string or visible-string", v)), StandardCharsets.US_ASCII));
    }
}
