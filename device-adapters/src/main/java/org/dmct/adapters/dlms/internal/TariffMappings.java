package org.dmct.adapters.dlms.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.model.Quantity;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;

/**
 * Tariff, consumption-log and display SRVs on a DLMS meter whose profile maps the tariff objects: the time-of-use
 * switching table (class 1 array of {time octet-string(4) hh mm ss hundredths, unsigned rate}), the rate prices
 * (class 1 array of double-long-unsigned, hundredths of a penny per kWh), the standing charge (class 1,
 * hundredths of a penny per day) and the display message (class 1 octet-string). Values:
 * <ul>
 * <li>4.11.1 Read Tariff, and the answer of 1.1.1 and 1.2.1: {@code switches} (list of {@code at} "HH:MM",
 *     {@code rate}), {@code ratePricesPencePerKWh} (list, rate 1 first), {@code standingChargePencePerDay}</li>
 * <li>1.1.1 Update Import Tariff: parameter {@code switches}, a list of {at, rate} or the text
 *     {@code "00:00=1,00:30=2,07:30=1"}; optional {@code prices} as for 1.2.1 (written first)</li>
 * <li>1.2.1 Update Price: parameters {@code prices} (hundredths of a penny per kWh, rate 1 first: a list or
 *     {@code "2860,1420"}) and/or {@code standingCharge} (hundredths of a penny per day)</li>
 * <li>4.1.2 Read Instantaneous Import TOU Matrices: {@code activeImportTotal}, {@code activeImportRate1..8},
 *     {@code currentRate} (the rate the table puts the device's clock in), {@code deviceClock} (the time that
 *     rate was chosen by), {@code switches}</li>
 * <li>4.17 Retrieve Daily Consumption Log: {@code days} (list of {@code date}, {@code consumption}: the import
 *     register's increase over the day), {@code dayCount}, {@code totalConsumption}. Parameters {@code from},
 *     {@code to} as for 4.6.1; the window defaults to the last 31 days</li>
 * <li>3.1 Display Message: parameter {@code message} (at most 160 characters); {@code message} read back</li>
 * </ul>
 */
final class TariffMappings {
    static final Map<String, SrvMappings.Mapping> MAPPINGS = Map.of(
            "1.1.1", TariffMappings::updateTariff,
            "4.11.1", TariffMappings::readTariff,
            "1.2.1", TariffMappings::updatePrice,
            "4.1.2", TariffMappings::readTouMatrices,
            "4.17", TariffMappings::readDailyConsumption,
            "3.1", TariffMappings::displayMessage);

    private TariffMappings() {
    }

    static Optional<SrvMappings.Mapping> find(String srv) {
        return Optional.ofNullable(MAPPINGS.get(srv));
    }

    // ---- 4.11.1 ---------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readTariff(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        return switches(call).thenAccept(s -> values.put("switches", s))
                .thenCompose(x -> call.readValue(DeviceFunction.TARIFF_PRICES))
                .thenAccept(p -> {
                    List<DlmsData> prices = p.asList().orElseThrow(() -> call.wrongType(DeviceFunction.TARIFF_PRICES,
                            "an array of prices", p));
                    List<BigDecimal> pence = new ArrayList<>();
                    for (DlmsData price : prices) {
                        pence.add(BigDecimal.valueOf(price.asLong().orElseThrow(
                                () -> call.wrongType(DeviceFunction.TARIFF_PRICES, "a price", price)), 2));
                    }
                    values.put("ratePricesPencePerKWh", pence);
                })
                .thenCompose(x -> call.has(DeviceFunction.STANDING_CHARGE)
                        ? call.readValue(DeviceFunction.STANDING_CHARGE).thenAccept(v -> values.put(
                                "standingChargePencePerDay", BigDecimal.valueOf(v.asLong().orElseThrow(
                                        () -> call.wrongType(DeviceFunction.STANDING_CHARGE, "an amount", v)), 2)))
                        : CompletableFuture.completedFuture(null))
                .thenApply(x -> values);
    }

    private static CompletableFuture<List<Map<String, Object>>> switches(SrvCall call) {
        String f = DeviceFunction.TARIFF_SWITCH_TABLE;
        return call.readValue(f).thenApply(v -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (DlmsData row : v.asList().orElseThrow(() -> call.wrongType(f, "an array of switches", v))) {
                List<DlmsData> cols = row.asList().orElse(List.of());
                byte[] t = cols.size() == 2 ? cols.get(0).asBytes().orElse(null) : null;
                if (t == null || t.length != 4 || cols.get(1).asLong().isEmpty()) {
                    throw call.wrongType(f + " entry", "structure {time octet-string(4), unsigned rate}", row);
                }
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("at", String.format("%02d:%02d", t[0] & 0xFF, t[1] & 0xFF));
                s.put("rate", cols.get(1).asLong().getAsLong());
                out.add(s);
            }
            return out;
        });
    }

    // ---- 1.1.1, 1.2.1 ---------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> updateTariff(SrvCall call) {
        DlmsData table;
        DlmsData prices;
        try {
            table = switchTable(call.request().parameters().get("switches"));
            prices = call.request().parameters().containsKey("prices")
                    ? prices(call.request().parameters().get("prices")) : null;
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("SRV 1.1.1: " + e.getMessage()));
        }
        CompletableFuture<Void> chain = prices == null ? CompletableFuture.completedFuture(null)
                : call.write(DeviceFunction.TARIFF_PRICES, 2, prices);
        return chain.thenCompose(x -> call.write(DeviceFunction.TARIFF_SWITCH_TABLE, 2, table))
                .thenCompose(x -> readTariff(call));
    }

    private static CompletableFuture<Map<String, Object>> updatePrice(SrvCall call) {
        Map<String, Object> p = call.request().parameters();
        DlmsData prices;
        Long standing;
        try {
            if (!p.containsKey("prices") && !p.containsKey("standingCharge")) {
                throw new IllegalArgumentException("needs prices and/or standingCharge");
            }
            prices = p.containsKey("prices") ? prices(p.get("prices")) : null;
            standing = p.containsKey("standingCharge") ? number(p.get("standingCharge"), "standingCharge") : null;
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("SRV 1.2.1: " + e.getMessage()));
        }
        CompletableFuture<Void> chain = prices == null ? CompletableFuture.completedFuture(null)
                : call.write(DeviceFunction.TARIFF_PRICES, 2, prices);
        if (standing != null) {
            chain = chain.thenCompose(x -> call.write(DeviceFunction.STANDING_CHARGE, 2, DlmsData.u32(standing)));
        }
        return chain.thenCompose(x -> readTariff(call));
    }

    /** A switching table from a list of {at, rate} maps or the text "HH:MM=rate,...". */
    static DlmsData switchTable(Object parameter) {
        if (parameter == null) {
            throw new IllegalArgumentException("parameter switches is missing (e.g. \"00:00=1,00:30=2,07:30=1\")");
        }
        List<DlmsData> rows = new ArrayList<>();
        if (parameter instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m) || m.get("at") == null || m.get("rate") == null) {
                    throw new IllegalArgumentException("each switch is {at: HH:MM, rate: N}: " + item);
                }
                rows.add(switchRow(m.get("at").toString(), m.get("rate").toString()));
            }
        } else {
            for (String part : parameter.toString().split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("switch '" + part.trim() + "' is not HH:MM=rate");
                }
                rows.add(switchRow(kv[0].trim(), kv[1].trim()));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a switching table needs at least one switch");
        }
        return DlmsData.array(rows);
    }

    private static DlmsData switchRow(String at, String rate) {
        LocalTime t;
        try {
            t = LocalTime.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("switch time '" + at + "' is not HH:MM");
        }
        long r = number(rate, "rate");
        if (r < 1 || r > 8) {
            throw new IllegalArgumentException("rate " + r + " is not 1..8");
        }
        return DlmsData.structure(DlmsData.octets(new byte[] {(byte) t.getHour(), (byte) t.getMinute(), 0, 0}),
                DlmsData.u8((int) r));
    }

    private static DlmsData prices(Object parameter) {
        List<Object> items = parameter instanceof List<?> l ? new ArrayList<>(l)
                : new ArrayList<>(List.of((Object[]) parameter.toString().split(",")));
        if (items.isEmpty() || items.size() > 8) {
            throw new IllegalArgumentException("prices are 1 to 8 numbers, rate 1 first: " + parameter);
        }
        List<DlmsData> out = new ArrayList<>();
        for (Object item : items) {
            out.add(DlmsData.u32(number(item, "price")));
        }
        return DlmsData.array(out);
    }

    private static long number(Object value, String what) {
        try {
            long v = Long.parseLong(value.toString().trim());
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a whole number 0..4294967295");
        }
    }

    // ---- 4.1.2 ----------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readTouMatrices(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        return SrvMappings.importRegisters(call).thenAccept(values::putAll)
                .thenCompose(x -> switches(call))
                .thenCompose(s -> call.read(DeviceFunction.CLOCK, 2).thenApply(clock -> {
                    OffsetDateTime now = clock.asDateTime().flatMap(CosemDateTime::toOffsetDateTime)
                            .orElseThrow(() -> call.wrongType("clock", "a fully specified date-time", clock));
                    LocalTime time = now.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
                    long rate = (Long) s.get(s.size() - 1).get("rate");
                    for (Map<String, Object> sw : s) {
                        if (!LocalTime.parse((String) sw.get("at")).isAfter(time)) {
                            rate = (Long) sw.get("rate");
                        }
                    }
                    values.put("currentRate", rate);
                    values.put("deviceClock", now);
                    values.put("switches", s);
                    return values;
                }));
    }

    // ---- 4.17 -----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Map<String, Object>> readDailyConsumption(SrvCall call) {
        return RegisterProfileReads.read(call, DeviceFunction.DAILY_READ_LOG, Duration.ofDays(31)).thenApply(log -> {
            List<Map<String, Object>> entries = (List<Map<String, Object>>) log.get("entries");
            List<Map<String, Object>> days = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            String unit = null;
            for (int i = 0; i + 1 < entries.size(); i++) {
                Quantity a = (Quantity) entries.get(i).get("value");
                Quantity b = (Quantity) entries.get(i + 1).get("value");
                BigDecimal used = b.value().subtract(a.value());
                Map<String, Object> day = new LinkedHashMap<>();
                day.put("date", ((OffsetDateTime) entries.get(i).get("time")).toLocalDate().toString());
                day.put("consumption", new Quantity(used.stripTrailingZeros(), a.unit()));
                days.add(day);
                total = total.add(used);
                unit = a.unit();
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("days", days);
            values.put("dayCount", (long) days.size());
            if (unit != null) {
                values.put("totalConsumption", new Quantity(total.stripTrailingZeros(), unit));
            }
            return values;
        });
    }

    // ---- 3.1 ------------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> displayMessage(SrvCall call) {
        String message = call.request().parameter("message");
        if (message == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("SRV 3.1 needs the parameter message"));
        }
        String f = DeviceFunction.DISPLAY_MESSAGE;
        return call.write(f, 2, DlmsData.octets(message.getBytes(StandardCharsets.UTF_8)))
                .thenCompose(x -> call.readValue(f))
                .thenApply(v -> {
                    byte[] bytes = v.asBytes().orElseThrow(() -> call.wrongType(f, "an octet-string", v));
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("message", new String(bytes, StandardCharsets.UTF_8));
                    return values;
                });
    }
}
