package org.dmct.core.completion;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.issues.SeverityRules;

/**
 * A lab's rules file (YAML, by default {@code rules.yaml} in the lab's state directory): the {@code severity:} table
 * that gives new Testing Issues their default severity, and the {@code completion:} exit criteria with the tests
 * de-scoped with approval. Every field is optional; what is left out keeps the SVTAD default. Every problem names
 * file, line and field, as the lab and pack loaders do. See {@code docs/testing-issues.md} for the fields.
 *
 * @param source the file read, or {@code null} for the defaults
 */
public record RulesFile(Path source, SeverityRules severity, CompletionRules completion) {
    /** The name of the rules file in a state directory. */
    public static final String FILE_NAME = "rules.yaml";

    /** The defaults, when a lab has no rules file. */
    public static RulesFile defaults() {
        return new RulesFile(null, SeverityRules.defaults(), CompletionRules.svtadDefault());
    }

    /** The rules file in a state directory when there is one, else the defaults. */
    public static RulesFile forStateDir(Path stateDir) {
        Path f = stateDir.resolve(FILE_NAME);
        return Files.isRegularFile(f) ? load(f) : defaults();
    }

    /**
     * Reads a rules file.
     *
     * @throws org.dmct.core.config.ConfigException with every problem found
     */
    public static RulesFile load(Path file) {
        ConfigDocument doc = ConfigDocument.load(file);
        ConfigNode root = doc.root();
        SeverityRules severity = SeverityRules.defaults();
        CompletionRules completion = CompletionRules.svtadDefault();
        if (root.expectMapping("severity", "completion")) {
            severity = severity(root.get("severity"));
            completion = completion(root.get("completion"), file);
        }
        doc.throwIfProblems();
        return new RulesFile(file, severity, completion);
    }

    private static SeverityRules severity(ConfigNode n) {
        if (!n.isPresent()) {
            return SeverityRules.defaults();
        }
        String[] keys = java.util.Arrays.stream(SeverityRules.Situation.values()).map(SeverityRules.Situation::key)
                .toArray(String[]::new);
        Map<SeverityRules.Situation, Integer> overrides = new EnumMap<>(SeverityRules.Situation.class);
        if (n.expectMapping(keys)) {
            for (SeverityRules.Situation s : SeverityRules.Situation.values()) {
                n.get(s.key()).optionalInt(1, 5).ifPresent(v -> overrides.put(s, v));
            }
        }
        return SeverityRules.withOverrides(overrides);
    }

    private static CompletionRules completion(ConfigNode n, Path file) {
        CompletionRules d = CompletionRules.svtadDefault();
        if (!n.isPresent()) {
            return d;
        }
        if (!n.expectMapping("name", "allPlannedExecuted", "functionalPassRate", "regressionPassRate", "thresholds",
                "workOffPlans", "descoped")) {
            return d;
        }
        String name = n.get("name").optionalText().orElse(file.toString());
        boolean executed = n.get("allPlannedExecuted").optionalBoolean().orElse(d.requireAllExecuted());
        BigDecimal functional = rate(n.get("functionalPassRate")).orElse(d.functionalPassRate());
        BigDecimal regression = rate(n.get("regressionPassRate")).orElse(d.regressionPassRate());
        boolean plans = n.get("workOffPlans").optionalBoolean().orElse(d.requireWorkOffPlans());
        Map<Integer, Integer> thresholds = new LinkedHashMap<>(d.thresholds());
        ConfigNode t = n.get("thresholds");
        if (t.isPresent() && t.expectMapping("1", "2", "3", "4", "5")) {
            for (int s = 1; s <= 5; s++) {
                int severity = s;
                t.get(String.valueOf(s)).optionalInt(0, 100_000).ifPresent(v -> thresholds.put(severity, v));
            }
        }
        List<DescopedTest> descoped = new ArrayList<>();
        for (ConfigNode item : n.get("descoped").items()) {
            if (!item.expectMapping("dmc", "pack", "test", "rationale", "approvedBy")) {
                continue;
            }
            Optional<String> dmc = item.get("dmc").requiredText();
            Optional<String> test = item.get("test").requiredText();
            Optional<String> rationale = item.get("rationale").requiredText();
            Optional<String> approvedBy = item.get("approvedBy").requiredText();
            String pack = item.get("pack").optionalText().orElse(null);
            if (dmc.isPresent() && test.isPresent() && rationale.isPresent() && approvedBy.isPresent()) {
                descoped.add(new DescopedTest(dmc.get(), pack, test.get(), rationale.get(), approvedBy.get()));
            }
        }
        return new CompletionRules(name, executed, functional, regression, thresholds, plans, descoped);
    }

    private static Optional<BigDecimal> rate(ConfigNode n) {
        Optional<BigDecimal> v = n.optionalDecimal();
        if (v.isPresent() && (v.get().signum() < 0 || v.get().compareTo(BigDecimal.valueOf(100)) > 0)) {
            n.problem("a percentage must be 0 to 100, was " + v.get().toPlainString());
            return Optional.empty();
        }
        return v;
    }
}
