package org.dmct.core.fault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.dmct.core.config.ConfigNode;

/**
 * One fault to inject into a simulated device: its kind, its parameters as written (checked by {@link FaultReader}),
 * and the seed of the random source that decides, request by request, whether it strikes, so a fault scenario is
 * reproducible. The parameters are kept sorted so that the manifest and evidence record them in one order.
 */
public record FaultSpec(FaultKind kind, Map<String, String> parameters, long seed) {
    /** The seed a fault takes when its file gives none. */
    public static final long DEFAULT_SEED = 1L;

    public FaultSpec {
        parameters = Map.copyOf(new TreeMap<>(parameters));
    }

    /** The parameters in name order, for records that must be byte-identical between runs. */
    public Map<String, String> sortedParameters() {
        return new TreeMap<>(parameters);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public Optional<Double> number(String name) {
        return text(name).map(Double::parseDouble);
    }

    public Optional<Long> whole(String name) {
        return text(name).map(s -> Long.parseLong(s.trim()));
    }

    public Optional<Duration> duration(String name) {
        return text(name).flatMap(ConfigNode::parseDuration);
    }

    /** How a report names the fault: {@code dropped-responses probability=1.0 seed=7}. */
    public String describe() {
        String params = sortedParameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return kind.label() + (params.isEmpty() ? "" : " " + params) + " seed=" + seed;
    }

    @Override
    public String toString() {
        return describe();
    }
}
