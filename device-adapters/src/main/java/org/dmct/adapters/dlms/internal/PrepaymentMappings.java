package org.dmct.adapters.dlms.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.model.Quantity;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;

/**
 * The prepayment SRVs on a DLMS meter whose profile maps the Blue Book prepayment objects: the meter balance and
 * emergency credit (class 112 Credit), the token gateway (class 115), and the debt, debt recovery rate and
 * prepayment configuration (class 1). Money is answered in GBP (two decimals), parameters are whole pence. Values:
 * <ul>
 * <li>2.2 Top Up (parameter {@code utrn}, 20 digits): {@code tokenStatus} (accepted), {@code meterBalance}. A UTRN
 *     the meter refuses is a device refusal with deviceResult {@code token-format-failure},
 *     {@code token-authentication-failure} (wrong check digits), {@code token-validation-failure} (already used) or
 *     {@code token-execution-failure}; a locked keypad answers {@code temporary-failure}</li>
 * <li>4.18 Read Meter Balance: {@code meterBalance}, {@code emergencyCreditRemaining}, {@code emergencyCreditStatus}
 *     (enabled | selectable | invoked | in-use | exhausted)</li>
 * <li>4.3 Read Instantaneous Prepay Values: those of 4.18 plus {@code debt}, {@code debtRecoveryPerDay} and, with a
 *     supply switch, {@code supplyStatus}</li>
 * <li>2.5 Activate Emergency Credit: {@code emergencyCreditStatus}, {@code emergencyCreditRemaining}; a meter whose
 *     emergency credit is not selectable answers {@code temporary-failure}</li>
 * <li>2.3 Update Debt (parameters {@code debtPence}, optional {@code recoveryPencePerDay}): {@code debt},
 *     {@code debtRecoveryPerDay}</li>
 * <li>1.5 Update Meter Balance (parameter {@code adjustmentPence}, signed): {@code meterBalance}</li>
 * <li>4.13 Read Prepayment Configuration, 2.1 Update Prepay Configuration (parameters, each optional:
 *     {@code lowCreditThresholdPence}, {@code emergencyCreditLimitPence}, {@code emergencyCreditThresholdPence},
 *     {@code maxMeterBalancePence}): {@code lowCreditThreshold}, {@code emergencyCreditLimit},
 *     {@code emergencyCreditThreshold}, {@code maxMeterBalance}</li>
 * </ul>
 */
final class PrepaymentMappings {
    private static final int CURRENT_CREDIT_AMOUNT = 2;
    private static final int CREDIT_STATUS = 8;
    private static final int UPDATE_AMOUNT = 1;
    private static final int INVOKE_CREDIT = 3;
    private static final int TOKEN_STATUS = 6;
    private static final int ENTER = 1;
    private static final List<String> CREDIT_STATUSES = List.of("enabled", "selectable", "invoked", "in-use", "exhausted");
    private static final Map<Long, String> TOKEN_STATUSES = Map.of(0L, "format-ok", 1L, "authentication-ok",
            2L, "validation-ok", 3L, "accepted", 4L, "token-format-failure", 5L, "token-authentication-failure",
            6L, "token-validation-failure", 7L, "token-execution-failure", 8L, "token-not-processed");

    static final Map<String, SrvMappings.Mapping> MAPPINGS = Map.of(
            "2.2", PrepaymentMappings::topUp,
            "4.18", PrepaymentMappings::readMeterBalance,
            "4.3", PrepaymentMappings::readPrepayValues,
            "2.5", PrepaymentMappings::activateEmergencyCredit,
            "2.3", PrepaymentMappings::updateDebt,
            "1.5", PrepaymentMappings::updateMeterBalance,
            "4.13", PrepaymentMappings::readConfiguration,
            "2.1", PrepaymentMappings::updateConfiguration);

    private PrepaymentMappings() {
    }

    static Optional<SrvMappings.Mapping> find(String srv) {
        return Optional.ofNullable(MAPPINGS.get(srv));
    }

    // ---- 2.2 ------------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> topUp(SrvCall call) {
        String utrn = call.request().parameter("utrn");
        if (utrn == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 2.2 needs the parameter utrn (the 20-digit UTRN)"));
        }
        // The meter judges the UTRN (check digits, reuse, and its format when this mapping is used without the
        // runner's DCC checks, which reject one that is not 20 digits before it gets here).
        DlmsData token = DlmsData.octets(utrn.trim().getBytes(StandardCharsets.US_ASCII));
        String gateway = DeviceFunction.TOKEN_GATEWAY;
        return call.invoke(gateway, ENTER, token)
                .thenCompose(x -> call.read(gateway, TOKEN_STATUS))
                .thenCompose(status -> {
                    List<DlmsData> f = status.asList().orElse(List.of());
                    if (f.isEmpty() || f.get(0).asLong().isEmpty()) {
                        throw call.wrongType("tokenGateway token_status", "structure {enum status_code, bit-string}", status);
                    }
                    long code = f.get(0).asLong().getAsLong();
                    String name = TOKEN_STATUSES.getOrDefault(code, "token-status-" + code);
                    if (code != 3) {
                        throw DeviceFailure.refused(name, call.device().id() + " refused the UTRN: token_status "
                                + code + " (" + name + ")");
                    }
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("tokenStatus", name);
                    return money(call, DeviceFunction.METER_BALANCE, CURRENT_CREDIT_AMOUNT).thenApply(b -> {
                        values.put("meterBalance", b);
                        return values;
                    });
                });
    }

    // ---- 4.18, 4.3 ------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> readMeterBalance(SrvCall call) {
        Map<String, Object> values = new LinkedHashMap<>();
        CompletableFuture<Void> chain = money(call, DeviceFunction.METER_BALANCE, CURRENT_CREDIT_AMOUNT)
                .thenAccept(v -> values.put("meterBalance", v));
        if (call.has(DeviceFunction.EMERGENCY_CREDIT)) {
            chain = chain.thenCompose(x -> emergencyCredit(call, values));
        }
        return chain.thenApply(x -> values);
    }

    private static CompletableFuture<Void> emergencyCredit(SrvCall call, Map<String, Object> values) {
        return money(call, DeviceFunction.EMERGENCY_CREDIT, CURRENT_CREDIT_AMOUNT)
                .thenAccept(v -> values.put("emergencyCreditRemaining", v))
                .thenCompose(x -> call.read(DeviceFunction.EMERGENCY_CREDIT, CREDIT_STATUS))
                .thenAccept(s -> values.put("emergencyCreditStatus", creditStatus(call, s)));
    }

    private static CompletableFuture<Map<String, Object>> readPrepayValues(SrvCall call) {
        return readMeterBalance(call).thenCompose(values -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            if (call.has(DeviceFunction.DEBT)) {
                chain = chain.thenCompose(x -> pence(call, DeviceFunction.DEBT)).thenAccept(v -> values.put("debt", gbp(v)));
            }
            if (call.has(DeviceFunction.DEBT_RECOVERY_RATE)) {
                chain = chain.thenCompose(x -> pence(call, DeviceFunction.DEBT_RECOVERY_RATE))
                        .thenAccept(v -> values.put("debtRecoveryPerDay", gbp(v)));
            }
            if (call.has(DeviceFunction.SUPPLY_SWITCH)) {
                chain = chain.thenCompose(x -> SrvMappings.supplyStatus(call))
                        .thenAccept(v -> values.put("supplyStatus", v.get("supplyStatus")));
            }
            return chain.thenApply(x -> values);
        });
    }

    // ---- 2.5 ------------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> activateEmergencyCredit(SrvCall call) {
        // invoke_credit takes the credit_status wanted: 2, selected/invoked
        return call.invoke(DeviceFunction.EMERGENCY_CREDIT, INVOKE_CREDIT, DlmsData.enumValue(2))
                .thenCompose(x -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    return emergencyCredit(call, values).thenApply(y -> values);
                });
    }

    // ---- 2.3, 1.5 -------------------------------------------------------------------------------------------

    private static CompletableFuture<Map<String, Object>> updateDebt(SrvCall call) {
        long debt;
        Long rate;
        try {
            debt = wholePence(call, "debtPence", true, false);
            rate = call.request().parameter("recoveryPencePerDay") == null ? null
                    : wholePence(call, "recoveryPencePerDay", true, false);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> chain = call.write(DeviceFunction.DEBT, 2, DlmsData.u32(debt));
        if (rate != null) {
            chain = chain.thenCompose(x -> call.write(DeviceFunction.DEBT_RECOVERY_RATE, 2, DlmsData.u32(rate)));
        }
        return chain.thenCompose(x -> pence(call, DeviceFunction.DEBT)).thenCompose(d -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("debt", gbp(d));
            if (!call.has(DeviceFunction.DEBT_RECOVERY_RATE)) {
                return CompletableFuture.completedFuture(values);
            }
            return pence(call, DeviceFunction.DEBT_RECOVERY_RATE).thenApply(r -> {
                values.put("debtRecoveryPerDay", gbp(r));
                return values;
            });
        });
    }

    private static CompletableFuture<Map<String, Object>> updateMeterBalance(SrvCall call) {
        long adjustment;
        try {
            adjustment = wholePence(call, "adjustmentPence", true, true);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (adjustment < Integer.MIN_VALUE || adjustment > Integer.MAX_VALUE) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 1.5 parameter adjustmentPence is beyond a double-long: " + adjustment));
        }
        return call.invoke(DeviceFunction.METER_BALANCE, UPDATE_AMOUNT, DlmsData.i32((int) adjustment))
                .thenCompose(x -> money(call, DeviceFunction.METER_BALANCE, CURRENT_CREDIT_AMOUNT))
                .thenApply(b -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("meterBalance", b);
                    return values;
                });
    }

    // ---- 4.13, 2.1 ------------------------------------------------------------------------------------------

    private static final List<String> CONFIGURATION = List.of("lowCreditThreshold", "emergencyCreditLimit",
            "emergencyCreditThreshold", "maxMeterBalance");

    private static CompletableFuture<Map<String, Object>> readConfiguration(SrvCall call) {
        return configurationPence(call).thenApply(p -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < CONFIGURATION.size(); i++) {
                values.put(CONFIGURATION.get(i), gbp(p[i]));
            }
            return values;
        });
    }

    private static CompletableFuture<long[]> configurationPence(SrvCall call) {
        String f = DeviceFunction.PREPAYMENT_CONFIGURATION;
        return call.readValue(f).thenApply(v -> {
            List<DlmsData> fields = v.asList().orElse(List.of());
            if (fields.size() != 4 || fields.stream().anyMatch(x -> x.asLong().isEmpty())) {
                throw call.wrongType(f, "structure of four amounts {low credit threshold, emergency credit limit, "
                        + "emergency credit threshold, maximum meter balance}", v);
            }
            return fields.stream().mapToLong(x -> x.asLong().getAsLong()).toArray();
        });
    }

    private static CompletableFuture<Map<String, Object>> updateConfiguration(SrvCall call) {
        Long[] wanted = new Long[4];
        boolean any = false;
        try {
            for (int i = 0; i < CONFIGURATION.size(); i++) {
                String name = CONFIGURATION.get(i) + "Pence";
                if (call.request().parameter(name) != null) {
                    wanted[i] = wholePence(call, name, true, false);
                    any = true;
                }
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!any) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("SRV 2.1 needs at least one of "
                    + CONFIGURATION.stream().map(n -> n + "Pence").toList()));
        }
        return configurationPence(call).thenCompose(current -> {
            DlmsData[] fields = new DlmsData[4];
            for (int i = 0; i < 4; i++) {
                fields[i] = DlmsData.u32(wanted[i] != null ? wanted[i] : current[i]);
            }
            return call.write(DeviceFunction.PREPAYMENT_CONFIGURATION, 2, DlmsData.structure(fields));
        }).thenCompose(x -> readConfiguration(call));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static String creditStatus(SrvCall call, DlmsData s) {
        long v = s.asLong().orElseThrow(() -> call.wrongType("credit_status", "an enum", s));
        if (v < 0 || v >= CREDIT_STATUSES.size()) {
            throw call.wrongType("credit_status", "0..4", s);
        }
        return CREDIT_STATUSES.get((int) v);
    }

    private static CompletableFuture<Quantity> money(SrvCall call, String function, int attribute) {
        return call.read(function, attribute).thenApply(v -> gbp(v.asLong()
                .orElseThrow(() -> call.wrongType(function, "an amount in pence", v))));
    }

    private static CompletableFuture<Long> pence(SrvCall call, String function) {
        return call.readValue(function).thenApply(v -> v.asLong()
                .orElseThrow(() -> call.wrongType(function, "an amount in pence", v)));
    }

    static Quantity gbp(long pence) {
        return new Quantity(BigDecimal.valueOf(pence, 2), "GBP");
    }

    static long wholePence(SrvCall call, String name, boolean required, boolean signed) {
        String text = call.request().parameter(name);
        if (text == null) {
            if (required) {
                throw new IllegalArgumentException("SRV " + call.request().srv() + " needs the parameter " + name
                        + " (whole pence)");
            }
            return 0;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0 && !signed || Math.abs(v) > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SRV " + call.request().srv() + " parameter " + name + " '" + text
                    + "' is not a whole number of pence" + (signed ? "" : " of 0 or more"));
        }
    }
}
