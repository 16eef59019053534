package org.dmct.core.fault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmct.core.config.ConfigNode;

/**
 * Reads a {@code faults:} list (in a profile's {@code simulation:} section, on a lab device, or in a run's fault file)
 * into {@link FaultSpec}s, checking each kind's parameters so that a mistake is reported with file, line and field
 * before any simulator starts. Merging keeps one fault of each kind, the later (more specific) one winning.
 */
public final class FaultReader {
    private FaultReader() {
    }

    /** The faults of a sequence node; problems are recorded on the nodes. A missing node is no faults. */
    public static List<FaultSpec> read(ConfigNode list) {
        List<FaultSpec> faults = new ArrayList<>();
        if (!list.isPresent()) {
            return faults;
        }
        if (!list.isSequence()) {
            list.problem("expected a list of faults, each {kind: ..., <parameters>, seed: N}");
            return faults;
        }
        for (ConfigNode n : list.items()) {
            readOne(n).ifPresent(faults::add);
        }
        return faults;
    }

    private static Optional<FaultSpec> readOne(ConfigNode n) {
        FaultKind kind = n.get("kind").requiredEnum(FaultKind.class).orElse(null);
        if (kind == null) {
            return Optional.empty();
        }
        String[] allowed = switch (kind) {
            case LATENCY -> new String[] {"kind", "seed", "distribution", "delay", "min", "max", "mean", "stddev"};
            case LINE_SPEED -> new String[] {"kind", "seed", "baud"};
            case DROPPED_RESPONSES, DUPLICATED_FRAMES -> new String[] {"kind", "seed", "probability", "everyNth"};
            case CORRUPTED_FRAMES -> new String[] {"kind", "seed", "probability", "everyNth", "target"};
            case REBOOT_MID_TRANSFER -> new String[] {"kind", "seed", "afterBlocks"};
            case ASSOCIATION_REFUSED -> new String[] {"kind", "seed", "after"};
            case SLOW_CLOCK -> new String[] {"kind", "seed", "secondsPerDay", "daysSinceSync"};
        };
        if (!n.expectMapping(allowed)) {
            return Optional.empty();
        }
        long seed = n.get("seed").optionalLong(Long.MIN_VALUE, Long.MAX_VALUE).orElse(FaultSpec.DEFAULT_SEED);
        Map<String, String> p = new LinkedHashMap<>();
        boolean ok = switch (kind) {
            case LATENCY -> latency(n, p);
            case LINE_SPEED -> n.get("baud").requiredInt(50, 1_000_000).map(b -> put(p, "baud", b)).orElse(false);
            case DROPPED_RESPONSES, DUPLICATED_FRAMES -> chance(n, p);
            case CORRUPTED_FRAMES -> chance(n, p) & target(n, p);
            case REBOOT_MID_TRANSFER -> n.get("afterBlocks").requiredInt(1, 1_000_000)
                    .map(b -> put(p, "afterBlocks", b)).orElse(false);
            case ASSOCIATION_REFUSED -> n.get("after").requiredInt(0, 1_000_000)
                    .map(b -> put(p, "after", b)).orElse(false);
            case SLOW_CLOCK -> slowClock(n, p);
        };
        return ok ? Optional.of(new FaultSpec(kind, p, seed)) : Optional.empty();
    }

    private static boolean latency(ConfigNode n, Map<String, String> p) {
        String distribution = n.get("distribution").optionalText().orElse("fixed");
        p.put("distribution", distribution);
        List<String> needed = switch (distribution) {
            case "fixed" -> List.of("delay");
            case "uniform" -> List.of("min", "max");
            case "normal" -> List.of("mean", "stddev");
            case "exponential" -> List.of("mean");
            default -> null;
        };
        if (needed == null) {
            n.get("distribution").problem("'" + distribution + "' is not one of fixed, uniform, normal, exponential");
            return false;
        }
        boolean ok = true;
        for (String field : List.of("delay", "min", "max", "mean", "stddev")) {
            ConfigNode f = n.get(field);
            if (!f.isPresent()) {
                if (needed.contains(field)) {
                    f.problem("missing required field: a " + distribution + " latency needs " + needed);
                    ok = false;
                }
                continue;
            }
            Optional<Duration> d = f.optionalDuration();
            if (d.isEmpty()) {
                ok = false;
            } else if (d.get().isNegative()) {
                f.problem("must not be negative");
                ok = false;
            } else {
                p.put(field, f.textOrNull().trim());
            }
        }
        if (ok && p.containsKey("min") && p.containsKey("max")
                && ConfigNode.parseDuration(p.get("min")).get().compareTo(ConfigNode.parseDuration(p.get("max")).get()) > 0) {
            n.get("max").problem("max must not be less than min");
            ok = false;
        }
        return ok;
    }

    /** Exactly one of {@code probability} (0..1) and {@code everyNth} (1 or more). */
    private static boolean chance(ConfigNode n, Map<String, String> p) {
        ConfigNode probability = n.get("probability");
        ConfigNode everyNth = n.get("everyNth");
        if (probability.isPresent() == everyNth.isPresent()) {
            n.problem("give exactly one of probability (0..1) and everyNth (1 or more)");
            return false;
        }
        if (everyNth.isPresent()) {
            return everyNth.requiredInt(1, Integer.MAX_VALUE).map(v -> put(p, "everyNth", v))
                    .orElse(false);
        }
        Optional<BigDecimal> v = probability.optionalDecimal();
        if (v.isEmpty()) {
            return false;
        }
        if (v.get().compareTo(BigDecimal.ZERO) < 0 || v.get().compareTo(BigDecimal.ONE) > 0) {
            probability.problem("a probability is between 0 and 1, found " + v.get());
            return false;
        }
        p.put("probability", v.get().toPlainString());
        return true;
    }

    private static boolean target(ConfigNode n, Map<String, String> p) {
        String target = n.get("target").optionalText().orElse("fcs");
        if (!target.equals("fcs") && !target.equals("payload")) {
            n.get("target").problem("'" + target + "' is not one of fcs, payload");
            return false;
        }
        p.put("target", target);
        return true;
    }

    private static boolean slowClock(ConfigNode n, Map<String, String> p) {
        Optional<BigDecimal> perDay = n.get("secondsPerDay").isPresent() ? n.get("secondsPerDay").optionalDecimal()
                : Optional.empty();
        if (perDay.isEmpty()) {
            if (!n.get("secondsPerDay").isPresent()) {
                n.get("secondsPerDay").problem("missing required field: the drift in seconds per day (negative: slow)");
            }
            return false;
        }
        if (perDay.get().abs().compareTo(BigDecimal.valueOf(86_400)) >= 0) {
            n.get("secondsPerDay").problem("a drift must be less than a day per day, found " + perDay.get());
            return false;
        }
        p.put("secondsPerDay", perDay.get().toPlainString());
        Optional<BigDecimal> since = n.get("daysSinceSync").optionalDecimal();
        if (since.isPresent()) {
            if (since.get().signum() < 0) {
                n.get("daysSinceSync").problem("must not be negative");
                return false;
            }
            p.put("daysSinceSync", since.get().toPlainString());
        }
        return true;
    }

    private static boolean put(Map<String, String> p, String name, Object value) {
        p.put(name, value.toString());
        return true;
    }

    /** {@code base} with {@code overrides} on top: one fault per kind, an override replacing the base's. */
    public static List<FaultSpec> merge(List<FaultSpec> base, List<FaultSpec> overrides) {
        Map<FaultKind, FaultSpec> byKind = new LinkedHashMap<>();
        base.forEach(f -> byKind.put(f.kind(), f));
        overrides.forEach(f -> byKind.put(f.kind(), f));
        return List.copyOf(byKind.values());
    }
}
