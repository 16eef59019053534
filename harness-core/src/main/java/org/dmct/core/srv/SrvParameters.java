package org.dmct.core.srv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters an SRV's request definition allows, as the DCC checks them before sending anything to a device:
 * every required parameter present, every value well formed, no parameter the definition does not name, and at least
 * one of each {@code atLeastOneOf} group. An SRV whose catalogue entry has no {@code params:} is not checked here
 * ({@link #UNDEFINED}); its adapter mapping still refuses what it cannot encode.
 */
public record SrvParameters(boolean defined, Map<String, SrvParameter> parameters, List<List<String>> atLeastOneOf) {
    /** Parameters the harness itself reads on any SRV (not sent to the device): see {@code docs/pack-language.md}. */
    public static final Set<String> HARNESS_PARAMETERS = Set.of("credentials");

    public static final SrvParameters UNDEFINED = new SrvParameters(false, Map.of(), List.of());

    public SrvParameters {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        atLeastOneOf = atLeastOneOf.stream().map(List::copyOf).toList();
    }

    /** What is wrong with {@code given} against this definition, one entry per problem; empty when it conforms. */
    public List<String> problems(Map<String, Object> given) {
        List<String> problems = new ArrayList<>();
        if (!defined) {
            return problems;
        }
        // In name order, so a refusal names its problems alike on every run (the request's map has no order).
        for (Map.Entry<String, Object> e : new java.util.TreeMap<>(given).entrySet()) {
            SrvParameter p = parameters.get(e.getKey());
            if (p == null) {
                if (!HARNESS_PARAMETERS.contains(e.getKey())) {
                    problems.add("parameter '" + e.getKey() + "' is not defined for this SRV"
                            + (parameters.isEmpty() ? " (it takes none)" : " (it takes " + parameters.keySet() + ")"));
                }
                continue;
            }
            p.problem(e.getValue()).ifPresent(why -> problems.add("parameter '" + p.name() + "': " + why));
        }
        for (SrvParameter p : parameters.values()) {
            if (p.required() && !given.containsKey(p.name())) {
                problems.add("parameter '" + p.name() + "' is required");
            }
        }
        for (List<String> group : atLeastOneOf) {
            if (group.stream().noneMatch(given::containsKey)) {
                problems.add("at least one of " + group + " is required");
            }
        }
        return problems;
    }
}
