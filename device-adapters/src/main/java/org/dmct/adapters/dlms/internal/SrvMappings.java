package org.dmct.adapters.dlms.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.InstallationType;
import org.dmct.core.model.Quantity;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.core.profile.SupplyControl;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.ObisCode;

/**
 * How each SRV is carried out on a DLMS device, in terms of device functions that the profile maps to COSEM objects.
 * Value names in responses are fixed per SRV so packs can check them whatever the vendor:
 * <ul>
 * <li>4.1.1: {@code activeImportTotal}, {@code activeImportRate1..8} (quantities with the device's unit)</li>
 * <li>4.6.1, 4.8.1: {@code entries} (list of {@code time}, {@code value}: the import register as a quantity),
 *     {@code entryCount}, and when there are entries {@code firstValue}, {@code lastValue} (the oldest and newest
 *     values, so a pack can check the register did not go backwards). Parameters {@code from}, {@code to}
 *     (ISO-8601 with offset); the window defaults to the last 7 days (4.6.1) or 24 hours (4.8.1)</li>
 * <li>6.2.4: {@code serialNumber}, {@code manufacturer}, {@code model}, {@code deviceType}</li>
 * <li>6.11: {@code deviceClock} (the clock read back after setting it)</li>
 * <li>6.13: {@code entries} (list of {@code time}, {@code code}), {@code entryCount}. Parameters {@code log}
 *     (event | security), and either {@code from}, {@code to} (read by range) or {@code lastEntries: N} (the
 *     newest N entries, read by entry)</li>
 * <li>7.1, 7.2, 7.3, 7.4: {@code supplyStatus} (connected | disconnected | armed), {@code outputState}</li>
 * <li>8.2: {@code deviceId}, {@code deviceType}, {@code manufacturer}, {@code model}, {@code firmwareVersion},
 *     {@code serialNumber}, {@code smiStatus} (Commissioned for an active installation or a device 8.1.1
 *     commissioned through this adapter, else InstalledNotCommissioned), {@code devices} (every device of the
 *     installation)</li>
 * <li>11.2: {@code firmwareVersion}</li>
 * </ul>
 * Prepayment SRVs are in {@link PrepaymentMappings}; tariff, consumption log and display SRVs in
 * {@link TariffMappings}.
 */
public final class SrvMappings {
    /** One SRV's procedure. */
    @FunctionalInterface
    public interface Mapping {
        CompletableFuture<Map<String, Object>> execute(SrvCall call);
    }

    private static final Map<String, Mapping> MAPPINGS = Map.ofEntries(
            Map.entry("4.1.1", SrvMappings::readImportRegisters),
            Map.entry("4.6.1", call -> RegisterProfileReads.read(call, DeviceFunction.DAILY_READ_LOG, Duration.ofDays(7))),
            Map.entry("4.8.1", call -> RegisterProfileReads.read(call, DeviceFunction.LOAD_PROFILE, Duration.ofHours(24))),
            Map.entry("6.2.4", SrvMappings::readIdentity),
            Map.entry("6.11", SrvMappings::synchroniseClock),
            Map.entry("6.13", SrvMappings::readEventLog),
            Map.entry("7.1", call -> operateSwitch(call, Switch.ENABLE)),
            Map.entry("7.2", call -> operateSwitch(call, Switch.DISABLE)),
            Map.entry("7.3", call -> operateSwitch(call, Switch.ARM)),
            Map.entry("7.4", SrvMappings::readSupplyStatus),
            Map.entry("8.2", SrvMappings::readInventory),
            Map.entry("11.2", SrvMappings::readFirmwareVersion));

    private SrvMappings() {
    }

    public static Optional<Mapping> find(String srv) {
        return Optional.ofNullable(MAPPINGS.get(srv)).or(() -> FirmwareMappings.find(srv))
                .or(() -> CredentialMappings.find(srv)).or(() -> LifecycleMappings.find(srv))
                .or(() -> PrepaymentMappings.find(srv)).or(() -> TariffMappings.find(srv));
    }

    /** 4.1.1's values: the total and every rate register the profile maps (4.1.2 builds on them). */
    static CompletableFuture<Map<String, Object>> importRegisters(SrvCall call) {
        return readImportRegisters(call);
    }

    /** 7.4's values (the prepayment reads include the supply status). */
    static CompletableFuture<Map<String, Object>> supplyStatus(SrvCall call) {
        return readSupplyStatus(call);
    }

    // ---- 4.1.1 ----------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readImportRegisters(SrvCall call) {
        List<String> registers = new ArrayList<>();
        registers.add(DeviceFunction.ACTIVE_IMPORT_TOTAL);
        for (int i = 1; i <= 8; i++) {
            if (call.has(DeviceFunction.ACTIVE_IMPORT_RATE_PREFIX + i)) {
                registers.add(DeviceFunction.ACTIVE_IMPORT_RATE_PREFIX + i);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String register : registers) {
            chain = chain.thenCompose(x -> readQuantity(call, register)).thenAccept(q -> values.put(register, q));
        }
        return chain.thenApply(x -> values);
    }

    private static CompletableFuture<Quantity> readQuantity(SrvCall call, String register) {
        return call.read(register, 3).thenCompose(scalerUnit -> call.read(register, 2).thenApply(value ->
                RegisterProfileReads.scalerUnit(call, register, scalerUnit).quantity(call, register + " value", value)));
    }

    // ---- 6.2.4, 11.2 ----------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readIdentity(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        CompletableFuture<Void> chain = call.readValue(DeviceFunction.SERIAL_NUMBER)
                .thenAccept(v -> values.put("serialNumber", text(call, DeviceFunction.SERIAL_NUMBER, v)))
                .thenCompose(x -> call.readValue(DeviceFunction.MANUFACTURER))
                .thenAccept(v -> values.put("manufacturer", text(call, DeviceFunction.MANUFACTURER, v)));
        if (call.has(DeviceFunction.MODEL)) {
            chain = chain.thenCompose(x -> call.readValue(DeviceFunction.MODEL))
                    .thenAccept(v -> values.put("model", text(call, DeviceFunction.MODEL, v)));
        }
        return chain.thenApply(x -> {
            values.put("deviceType", call.device().type().name());
            return values;
        });
    }

    private static CompletableFuture<Map<String, Object>> readFirmwareVersion(SrvCall call) {
        return call.readValue(DeviceFunction.FIRMWARE_IDENTIFIER).thenApply(v -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("firmwareVersion", text(call, DeviceFunction.FIRMWARE_IDENTIFIER, v));
            return values;
        });
    }

    /** Identity objects are octet-strings of ASCII on most meters, visible-strings on some. */
    private static String text(SrvCall call, String function, DlmsData v) {
        Optional<String> s = v.asString();
        if (s.isPresent()) {
            return s.get();
        }
        byte[] bytes = v.asBytes().orElseThrow(() -> call.wrongType(function, "an octet-string or visible-string", v));
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                // Not text: report it in hex rather than invent characters.
                return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    // ---- 6.11 -----------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> synchroniseClock(SrvCall call) {
        String wanted = call.request().parameter("time");
        OffsetDateTime time;
        if (wanted == null || wanted.equals("now")) {
            time = OffsetDateTime.now(call.clock()).withOffsetSameInstant(ZoneOffset.UTC);
        } else {
            try {
                time = OffsetDateTime.parse(wanted);
            } catch (DateTimeParseException e) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "SRV 6.11 parameter time '" + wanted + "' is not an ISO-8601 date-time with offset"));
            }
        }
        DlmsData value = DlmsData.dateTimeOctets(CosemDateTime.of(time));
        return call.write(DeviceFunction.CLOCK, 2, value)
                .thenCompose(x -> call.read(DeviceFunction.CLOCK, 2))
                .thenApply(v -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("deviceClock", dateTime(call, v));
                    return values;
                });
    }

    private static OffsetDateTime dateTime(SrvCall call, DlmsData v) {
        return v.asDateTime().flatMap(CosemDateTime::toOffsetDateTime)
                .orElseThrow(() -> call.wrongType("clock", "a fully specified date-time", v));
    }

    // ---- 6.13 -----------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readEventLog(SrvCall call) {
        String log = Optional.ofNullable(call.request().parameter("log")).orElse("event");
        String function = log.equals("security") ? DeviceFunction.SECURITY_LOG : DeviceFunction.EVENT_LOG;
        String from = call.request().parameter("from");
        String to = call.request().parameter("to");
        String last = call.request().parameter("lastEntries");
        CompletableFuture<DlmsData> buffer;
        if (last != null) {
            if (from != null || to != null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "SRV 6.13 takes either lastEntries or from/to, not both"));
            }
            long count;
            try {
                count = Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > 0xFFFF_FFFFL) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "SRV 6.13 parameter lastEntries '" + last + "' is not a whole number from 1 to 4294967295"));
            }
            buffer = lastEntries(call, function, count);
        } else {
            SelectiveAccess access = null;
            if (from != null || to != null) {
                try {
                    OffsetDateTime f = from == null ? OffsetDateTime.parse("2000-01-01T00:00:00Z") : OffsetDateTime.parse(from);
                    OffsetDateTime t = to == null ? OffsetDateTime.now(call.clock()) : OffsetDateTime.parse(to);
                    access = byRange(call.object(DeviceFunction.CLOCK).obis(), f, t);
                } catch (DateTimeParseException e) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException(
                            "SRV 6.13 parameters from/to must be ISO-8601 date-times with offset: " + e.getMessage()));
                }
            }
            buffer = call.read(function, 2, access);
        }
        return buffer.thenApply(b -> {
            List<DlmsData> rows = b.asList().orElseThrow(() -> call.wrongType(function, "an array of entries", b));
            List<Map<String, Object>> entries = new ArrayList<>();
            for (DlmsData row : rows) {
                List<DlmsData> cols = row.asList().orElse(List.of());
                if (cols.size() < 2) {
                    throw call.wrongType(function + " entry", "structure {date-time, event code}", row);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("time", dateTime(call, cols.get(0)));
                long code = cols.get(1).asLong().orElseThrow(() -> call.wrongType(function + " event code", "a number", cols.get(1)));
                entry.put("code", String.format("0x%04X", code));
                entries.add(entry);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("entries", entries);
            values.put("entryCount", (long) entries.size());
            return values;
        });
    }

    /**
     * The newest {@code count} entries: entries_in_use (attribute 7) says how many there are, then selective access
     * by entry (selector 2) reads the last ones, all columns. A log with no entries is not read at all.
     */
    private static CompletableFuture<DlmsData> lastEntries(SrvCall call, String function, long count) {
        return call.read(function, 7).thenCompose(inUse -> {
            long used = inUse.asLong().orElseThrow(() -> call.wrongType(function + " entries_in_use", "a number", inUse));
            if (used == 0) {
                return CompletableFuture.completedFuture(DlmsData.array());
            }
            long first = Math.max(1, used - count + 1);
            SelectiveAccess byEntry = new SelectiveAccess(2, DlmsData.structure(DlmsData.u32(first), DlmsData.u32(used),
                    DlmsData.u16(1), DlmsData.u16(0)));
            return call.read(function, 2, byEntry);
        });
    }

    /** Profile generic selective access by range (selector 1) over the clock column. */
    private static SelectiveAccess byRange(String clockObis, OffsetDateTime from, OffsetDateTime to) {
        DlmsData restricting = DlmsData.structure(DlmsData.u16(8), DlmsData.octets(ObisCode.parse(clockObis).toBytes()),
                DlmsData.i8(2), DlmsData.u16(0));
        return new SelectiveAccess(1, DlmsData.structure(restricting,
                DlmsData.dateTimeOctets(CosemDateTime.of(from.withOffsetSameInstant(ZoneOffset.UTC))),
                DlmsData.dateTimeOctets(CosemDateTime.of(to.withOffsetSameInstant(ZoneOffset.UTC))),
                DlmsData.array()));
    }

    // ---- 7.x ------------------------------------------------------------------------------------------------

    private enum Switch { ENABLE, DISABLE, ARM }

    private static final int CONTROL_MODE = 4;
    private static final int REMOTE_DISCONNECT = 1;
    private static final int REMOTE_RECONNECT = 2;

    private static CompletableFuture<Map<String, Object>> operateSwitch(SrvCall call, Switch operation) {
        String sw = DeviceFunction.SUPPLY_SWITCH;
        SupplyControl control = call.device().profile().supplyControl();
        CompletableFuture<DlmsData> done;
        switch (operation) {
            case DISABLE:
                done = call.invoke(sw, REMOTE_DISCONNECT, DlmsData.i8(0));
                break;
            case ARM:
                done = call.write(sw, CONTROL_MODE, DlmsData.enumValue(control.armControlMode()))
                        .thenCompose(x -> call.invoke(sw, REMOTE_RECONNECT, DlmsData.i8(0)));
                break;
            default:
                done = call.write(sw, CONTROL_MODE, DlmsData.enumValue(control.enableControlMode()))
                        .thenCompose(x -> call.invoke(sw, REMOTE_RECONNECT, DlmsData.i8(0)));
                break;
        }
        return done.thenCompose(x -> readSupplyStatus(call));
    }

    private static CompletableFuture<Map<String, Object>> readSupplyStatus(SrvCall call) {
        String sw = DeviceFunction.SUPPLY_SWITCH;
        return call.read(sw, 3).thenCompose(state -> call.read(sw, 2).thenApply(output -> {
            long s = state.asLong().orElseThrow(() -> call.wrongType("supplySwitch control_state", "an enum", state));
            String status;
            if (s == 0) {
                status = "disconnected";
            } else if (s == 1) {
                status = "connected";
            } else if (s == 2) {
                status = "armed";
            } else {
                throw call.wrongType("supplySwitch control_state", "0, 1 or 2", state);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("supplyStatus", status);
            values.put("outputState", output.asBoolean().orElseThrow(
                    () -> call.wrongType("supplySwitch output_state", "a boolean", output)));
            return values;
        }));
    }

    // ---- 8.2 ------------------------------------------------------------------------------------------------

    /** Read Inventory is a non-device service: answered from the lab's declaration of the installation. */
    private static CompletableFuture<Map<String, Object>> readInventory(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>(inventoryEntry(call, call.device()));
        List<Map<String, Object>> devices = new ArrayList<>();
        for (LabDevice d : call.dmc().devices()) {
            devices.add(inventoryEntry(call, d));
        }
        values.put("devices", devices);
        return CompletableFuture.completedFuture(values);
    }

    private static Map<String, Object> inventoryEntry(SrvCall call, LabDevice d) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("deviceId", d.id());
        entry.put("deviceType", d.type().name());
        entry.put("manufacturer", d.profile().manufacturer());
        entry.put("model", d.profile().model());
        entry.put("firmwareVersion", d.firmware());
        entry.put("serialNumber", d.serialNumber());
        InstallationType installation = call.dmc().installationType();
        // A mixed installation was handed over with its hub and electricity meter in service (as the simulator has it).
        boolean handedOverCommissioned = installation == InstallationType.ACTIVE
                || (installation == InstallationType.MIXED
                        && (d.type() == org.dmct.core.model.DeviceType.CHF || d.type() == org.dmct.core.model.DeviceType.ESME));
        entry.put("smiStatus", handedOverCommissioned || call.inventory().isCommissioned(d.id()) ? "Commissioned"
                : "InstalledNotCommissioned");
        return entry;
    }
}
