package org.dmct.adapters.dlms.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.model.Quantity;
import org.dmct.core.profile.CosemObjectRef;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Reads of register profiles (profile generic objects whose columns are the clock and an import register): the
 * half-hourly load profile (4.8.1) and the daily read log (4.6.1). The columns are found in the device's own
 * capture_objects rather than assumed, the register's scaler_unit is read once per call, and the rows of the
 * requested window are read by range on the clock column with only the two columns needed selected, so a meter
 * that captures more (a status word, other registers) answers the same rows.
 */
final class RegisterProfileReads {
    /** The register a load profile or daily read log captures: active import on an ESME, volume on a GSME. */
    private static final String REGISTER = DeviceFunction.ACTIVE_IMPORT_TOTAL;
    private static final int CAPTURE_OBJECTS = 3;
    private static final int BUFFER = 2;
    private static final int SCALER_UNIT = 3;

    private RegisterProfileReads() {
    }

    /**
     * Reads the entries of {@code function} captured between the request's {@code from} and {@code to} (ISO-8601
     * date-times with offset, both inclusive); without them the window is the {@code defaultWindow} up to now.
     */
    static CompletableFuture<Map<String, Object>> read(SrvCall call, String function, Duration defaultWindow) {
        String srv = call.request().srv();
        OffsetDateTime from;
        OffsetDateTime to;
        try {
            String t = call.request().parameter("to");
            String f = call.request().parameter("from");
            to = t == null ? OffsetDateTime.now(call.clock()) : OffsetDateTime.parse(t);
            from = f == null ? to.minus(defaultWindow) : OffsetDateTime.parse(f);
        } catch (DateTimeParseException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV " + srv + " parameters from/to must be ISO-8601 date-times with offset: " + e.getMessage()));
        }
        if (from.isAfter(to)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV " + srv + " parameter from (" + from + ") is after to (" + to + ")"));
        }
        CosemObjectRef register = call.object(REGISTER);
        call.object(function);
        return call.read(function, CAPTURE_OBJECTS).thenCompose(captureObjects -> {
            Columns columns = columns(call, function, register, captureObjects);
            DlmsData clock = columns.clock();
            SelectiveAccess byRange = new SelectiveAccess(1, DlmsData.structure(clock,
                    DlmsData.dateTimeOctets(CosemDateTime.of(from.withOffsetSameInstant(ZoneOffset.UTC))),
                    DlmsData.dateTimeOctets(CosemDateTime.of(to.withOffsetSameInstant(ZoneOffset.UTC))),
                    DlmsData.array(clock, columns.register())));
            return call.read(REGISTER, SCALER_UNIT).thenCompose(scalerUnit -> call.read(function, BUFFER, byRange)
                    .thenApply(buffer -> entries(call, function, scalerUnit, buffer)));
        });
    }

    /** The capture_object_definitions of the clock and the register, as the device gave them. */
    private record Columns(DlmsData clock, DlmsData register) {
    }

    private static Columns columns(SrvCall call, String function, CosemObjectRef register, DlmsData captureObjects) {
        String expected = "an array of capture objects {class, logical name, attribute, data index} including the "
                + "clock (0-0:1.0.0.255 or another class 8 object) and " + REGISTER + " (" + register.obis() + ")";
        List<DlmsData> definitions = captureObjects.asList()
                .orElseThrow(() -> call.wrongType(function + " capture_objects", expected, captureObjects));
        ObisCode registerName = ObisCode.parse(register.obis());
        DlmsData clock = null;
        DlmsData value = null;
        for (DlmsData definition : definitions) {
            List<DlmsData> f = definition.asList().orElse(List.of());
            if (f.size() != 4 || f.get(0).asLong().isEmpty() || f.get(1).asBytes().isEmpty()
                    || f.get(1).asBytes().get().length != 6 || f.get(2).asLong().isEmpty()) {
                throw call.wrongType(function + " capture object", "{class, logical name, attribute, data index}",
                        definition);
            }
            long classId = f.get(0).asLong().getAsLong();
            long attribute = f.get(2).asLong().getAsLong();
            if (classId == 8 && attribute == 2 && clock == null) {
                clock = definition;
            } else if (attribute == 2 && ObisCode.fromBytes(f.get(1).asBytes().get()).equals(registerName)
                    && value == null) {
                value = definition;
            }
        }
        if (clock == null || value == null) {
            throw call.wrongType(function + " capture_objects", expected, captureObjects);
        }
        return new Columns(clock, value);
    }

    private static Map<String, Object> entries(SrvCall call, String function, DlmsData scalerUnit, DlmsData buffer) {
        ScalerUnit su = scalerUnit(call, REGISTER, scalerUnit);
        List<DlmsData> rows = buffer.asList()
                .orElseThrow(() -> call.wrongType(function + " buffer", "an array of entries", buffer));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (DlmsData row : rows) {
            List<DlmsData> cols = row.asList().orElse(List.of());
            if (cols.size() != 2) {
                throw call.wrongType(function + " entry", "structure {date-time, register value} (the columns selected)", row);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", cols.get(0).asDateTime().flatMap(CosemDateTime::toOffsetDateTime)
                    .orElseThrow(() -> call.wrongType(function + " entry time", "a fully specified date-time", cols.get(0))));
            entry.put("value", su.quantity(call, function + " entry value", cols.get(1)));
            entries.add(entry);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("entries", entries);
        values.put("entryCount", (long) entries.size());
        if (!entries.isEmpty()) {
            values.put("firstValue", entries.get(0).get("value"));
            values.put("lastValue", entries.get(entries.size() - 1).get("value"));
        }
        return values;
    }

    /** A register's scaler_unit (attribute 3): {integer scaler, enum unit}. */
    record ScalerUnit(int scaler, String unit) {
        /** A raw register value as a quantity: raw × 10^scaler in the unit. */
        Quantity quantity(SrvCall call, String what, DlmsData value) {
            BigDecimal raw = value.asBigInteger().map(BigDecimal::new)
                    .orElseGet(() -> value.asDouble().isPresent() ? BigDecimal.valueOf(value.asDouble().getAsDouble()) : null);
            if (raw == null) {
                throw call.wrongType(what, "a number", value);
            }
            return new Quantity(raw.scaleByPowerOfTen(scaler).stripTrailingZeros(), unit);
        }
    }

    static ScalerUnit scalerUnit(SrvCall call, String register, DlmsData scalerUnit) {
        List<DlmsData> su = scalerUnit.asList().orElse(List.of());
        if (su.size() != 2 || su.get(0).asLong().isEmpty() || su.get(1).asLong().isEmpty()) {
            throw call.wrongType(register + " scaler_unit", "structure {integer scaler, enum unit}", scalerUnit);
        }
        return new ScalerUnit((int) su.get(0).asLong().getAsLong(), CosemUnits.name((int) su.get(1).asLong().getAsLong()));
    }
}
