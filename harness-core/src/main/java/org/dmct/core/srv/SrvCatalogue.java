package org.dmct.core.srv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.model.DeviceType;

/**
 * The catalogue of Service Reference Variants the harness knows, loaded from a data file so that the list can be
 * corrected without code changes. The built-in copy holds every SRV of the SMETS1 domain reference; a lab may load
 * its own file with {@link #load(Path)}.
 */
public final class SrvCatalogue {
    private static final String BUILT_IN = "srv-catalogue.yaml";
    private static volatile SrvCatalogue builtIn;

    private final Map<String, Srv> srvs;

    private SrvCatalogue(Map<String, Srv> srvs) {
        this.srvs = Collections.unmodifiableMap(srvs);
    }

    /** The catalogue shipped with the harness. */
    public static SrvCatalogue builtIn() {
        SrvCatalogue c = builtIn;
        if (c == null) {
            try (InputStream in = SrvCatalogue.class.getResourceAsStream(BUILT_IN)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in SRV catalogue " + BUILT_IN + " is missing from the jar");
                }
                c = parse(ConfigDocument.parse(Path.of("classpath:org/dmct/core/srv/" + BUILT_IN), in.readAllBytes()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in SRV catalogue", e);
            }
            builtIn = c;
        }
        return c;
    }

    /** Loads a catalogue file; problems are reported with file, line and field. */
    public static SrvCatalogue load(Path file) {
        return parse(ConfigDocument.load(file));
    }

    private static SrvCatalogue parse(ConfigDocument doc) {
        ConfigNode root = doc.root();
        root.expectMapping("srvs");
        Map<String, Srv> srvs = new LinkedHashMap<>();
        for (ConfigNode n : root.get("srvs").requiredItems()) {
            if (!n.expectMapping("srv", "name", "targets", "critical", "futureDated", "smets1", "nonDevice", "params",
                    "atLeastOneOf")) {
                continue;
            }
            String id = n.get("srv").requiredText().orElse(null);
            String name = n.get("name").requiredText().orElse("");
            Set<DeviceType> targets = EnumSet.noneOf(DeviceType.class);
            for (ConfigNode t : n.get("targets").items()) {
                t.requiredEnum(DeviceType.class).ifPresent(targets::add);
            }
            boolean critical = n.get("critical").optionalBoolean().orElse(false);
            boolean futureDated = n.get("futureDated").optionalBoolean().orElse(false);
            String smets1 = n.get("smets1").optionalText().orElse("unknown");
            boolean nonDevice = n.get("nonDevice").optionalBoolean().orElse(false);
            SrvParameters parameters = parameters(n);
            if (id != null) {
                if (srvs.containsKey(id)) {
                    n.get("srv").problem("SRV " + id + " is listed twice");
                }
                srvs.put(id, new Srv(id, name, targets, critical, futureDated, smets1, nonDevice, parameters));
            }
        }
        doc.throwIfProblems();
        return new SrvCatalogue(srvs);
    }

    /** The {@code params:} and {@code atLeastOneOf:} of one entry; {@link SrvParameters#UNDEFINED} without them. */
    private static SrvParameters parameters(ConfigNode n) {
        ConfigNode params = n.get("params");
        if (!params.isPresent()) {
            if (n.get("atLeastOneOf").isPresent()) {
                n.get("atLeastOneOf").problem("atLeastOneOf needs params:");
            }
            return SrvParameters.UNDEFINED;
        }
        Map<String, SrvParameter> defined = new LinkedHashMap<>();
        if (!params.isMapping()) {
            params.problem("expected a mapping of parameter name to its definition ({} for none)");
            return SrvParameters.UNDEFINED;
        }
        params.fields().forEach((name, p) -> {
            if (!p.expectMapping("type", "required", "min", "max", "pattern", "maxLength", "values", "description",
                    "conceal")) {
                return;
            }
            String kind = p.get("type").requiredText().orElse("any");
            if (!SrvParameter.KINDS.contains(kind)) {
                p.get("type").problem("unknown parameter type '" + kind + "'; expected one of " + SrvParameter.KINDS);
            }
            java.util.regex.Pattern pattern = null;
            String regex = p.get("pattern").optionalText().orElse(null);
            if (regex != null) {
                try {
                    pattern = java.util.regex.Pattern.compile(regex);
                } catch (java.util.regex.PatternSyntaxException e) {
                    p.get("pattern").problem("not a regular expression: " + e.getDescription());
                }
            }
            java.util.List<String> values = new java.util.ArrayList<>();
            for (ConfigNode v : p.get("values").items()) {
                v.requiredText().ifPresent(values::add);
            }
            defined.put(name, new SrvParameter(name, kind, p.get("required").optionalBoolean().orElse(false),
                    p.get("min").optionalDecimal().orElse(null), p.get("max").optionalDecimal().orElse(null), pattern,
                    p.get("maxLength").optionalInt(1, Integer.MAX_VALUE).orElse(null), values,
                    p.get("description").optionalText().orElse(null),
                    p.get("conceal").optionalBoolean().orElse(false)));
        });
        java.util.List<java.util.List<String>> groups = new java.util.ArrayList<>();
        ConfigNode atLeast = n.get("atLeastOneOf");
        if (atLeast.isPresent()) {
            java.util.List<String> group = new java.util.ArrayList<>();
            for (ConfigNode v : atLeast.items()) {
                v.requiredText().ifPresent(name -> {
                    if (!defined.containsKey(name)) {
                        v.problem("'" + name + "' is not one of the params " + defined.keySet());
                    }
                    group.add(name);
                });
            }
            groups.add(group);
        }
        return new SrvParameters(true, defined, groups);
    }

    public Optional<Srv> find(String srv) {
        return Optional.ofNullable(srvs.get(srv));
    }

    public boolean contains(String srv) {
        return srvs.containsKey(srv);
    }

    public Collection<Srv> all() {
        return srvs.values();
    }
}
