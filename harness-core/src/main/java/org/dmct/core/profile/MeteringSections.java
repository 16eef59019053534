package org.dmct.core.profile;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmct.core.config.ConfigNode;

/**
 * Reads the metering fields of a profile's {@code simulation:} section ({@code timeScale}, {@code clockDrift},
 * {@code seed}, {@code tariff}, {@code prepayment}) into a {@link MeteringSpec}, recording each problem with the
 * file, line and field like the rest of the profile loader. Kept apart from {@link ProfileLoader} so the metering
 * schema can grow without touching the loader's other sections.
 */
final class MeteringSections {
    private static final Pattern DRIFT = Pattern.compile("\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*(ppm|s/day)\\s*");

    private MeteringSections() {
    }

    static MeteringSpec read(ConfigNode simulation, Map<String, CosemObjectRef> functions) {
        double timeScale = 1.0;
        ConfigNode ts = simulation.get("timeScale");
        if (ts.isPresent()) {
            BigDecimal v = ts.optionalDecimal().orElse(null);
            if (v == null || v.signum() <= 0 || v.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                ts.problem("timeScale is simulated seconds per wall second: a number above 0 and at most 1000000");
            } else {
                timeScale = v.doubleValue();
            }
        }
        double drift = 0;
        ConfigNode d = simulation.get("clockDrift");
        if (d.isPresent()) {
            String text = d.optionalText().orElse("");
            Matcher m = DRIFT.matcher(text);
            if (!m.matches()) {
                d.problem("clockDrift '" + text + "' must be a number with ppm or s/day, e.g. 20ppm or -1.5s/day");
            } else {
                double v = Double.parseDouble(m.group(1));
                drift = m.group(2).equals("ppm") ? v : v * 1_000_000 / 86_400;
                if (Math.abs(drift) > 1_000_000) {
                    d.problem("clockDrift is more than a second per second");
                    drift = 0;
                }
            }
        }
        long seed = simulation.get("seed").optionalLong(Long.MIN_VALUE, Long.MAX_VALUE).orElse(1L);
        TariffSpec tariff = readTariff(simulation.get("tariff"));
        PrepaymentSpec prepayment = readPrepayment(simulation.get("prepayment"), functions);
        return new MeteringSpec(timeScale, drift, seed, tariff, prepayment);
    }

    private static TariffSpec readTariff(ConfigNode n) {
        if (!n.isPresent() || !n.expectMapping("switches", "prices", "standingCharge")) {
            return TariffSpec.SINGLE_RATE;
        }
        List<TariffSpec.Switch> switches = new ArrayList<>();
        for (ConfigNode s : n.get("switches").requiredItems()) {
            if (!s.expectMapping("at", "rate")) {
                continue;
            }
            LocalTime at = null;
            String text = s.get("at").requiredText().orElse(null);
            if (text != null) {
                try {
                    at = LocalTime.parse(text.trim());
                } catch (DateTimeParseException e) {
                    s.get("at").problem("'" + text + "' is not a time of day HH:MM");
                }
            }
            int rate = s.get("rate").requiredInt(1, 8).orElse(1);
            if (at != null) {
                switches.add(new TariffSpec.Switch(at, rate));
            }
        }
        List<Long> prices = new ArrayList<>();
        for (ConfigNode p : n.get("prices").requiredItems()) {
            prices.add(p.requiredLong(0, 0xFFFF_FFFFL).orElse(0L));
        }
        long standing = n.get("standingCharge").optionalLong(0, 0xFFFF_FFFFL).orElse(0L);
        if (switches.isEmpty() || prices.isEmpty()) {
            return TariffSpec.SINGLE_RATE;
        }
        int highest = switches.stream().mapToInt(TariffSpec.Switch::rate).max().orElse(1);
        if (highest > prices.size()) {
            n.get("prices").problem("the switches use rate " + highest + " but only " + prices.size()
                    + " prices are given (one per rate, rate 1 first)");
            return TariffSpec.SINGLE_RATE;
        }
        return new TariffSpec(switches, prices, standing);
    }

    private static PrepaymentSpec readPrepayment(ConfigNode n, Map<String, CosemObjectRef> functions) {
        if (!n.isPresent() || !n.expectMapping("initialBalance", "lowCreditThreshold", "emergencyCreditLimit",
                "emergencyCreditThreshold", "maxMeterBalance", "initialDebt", "debtRecoveryPerDay", "utrnKey",
                "keypadLockAfter", "keypadLockDuration")) {
            return null;
        }
        for (String needed : List.of(DeviceFunction.METER_BALANCE, DeviceFunction.TOKEN_GATEWAY)) {
            if (!functions.containsKey(needed)) {
                n.problem("a prepayment meter needs the '" + needed + "' function in its functions");
            }
        }
        long max = 99_999_999L;
        long balance = n.get("initialBalance").optionalLong(0, max).orElse(0L);
        long low = n.get("lowCreditThreshold").optionalLong(0, max).orElse(100L);
        long ecLimit = n.get("emergencyCreditLimit").optionalLong(0, max).orElse(500L);
        long ecThreshold = n.get("emergencyCreditThreshold").optionalLong(0, max).orElse(100L);
        long maxBalance = n.get("maxMeterBalance").optionalLong(1, max).orElse(25_000L);
        long debt = n.get("initialDebt").optionalLong(0, max).orElse(0L);
        long recovery = n.get("debtRecoveryPerDay").optionalLong(0, max).orElse(0L);
        String key = n.get("utrnKey").requiredText().orElse("unset");
        int lockAfter = n.get("keypadLockAfter").optionalInt(1, 100).orElse(5);
        Duration lockFor = n.get("keypadLockDuration").optionalDuration().orElse(Duration.ofHours(1));
        return new PrepaymentSpec(balance, low, ecLimit, ecThreshold, maxBalance, debt, recovery, new UtrnRule(key),
                lockAfter, lockFor);
    }
}
