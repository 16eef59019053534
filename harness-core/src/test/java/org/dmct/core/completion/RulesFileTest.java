package org.dmct.core.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.config.ConfigException;
import org.dmct.core.issues.SeverityRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file: overrides, defaults for what is left out, and every malformed field named with file and line. */
class RulesFileTest {
    @TempDir
    Path dir;

    @Test
    void overridesApplyAndTheRestKeepsTheSvtadDefaults() throws Exception {
        Path f = dir.resolve("rules.yaml");
        Files.writeString(f, """
                severity:
                  functional-failure: 4
                completion:
                  name: lab rules
                  functionalPassRate: 95.5
                  thresholds:
                    3: 5
                  descoped:
                    - dmc: DMC-CHARLIE
                      test: SRV-7.3-ESME
                      rationale: arming not offered by this model
                      approvedBy: TAB 2026-11-20
                """);
        RulesFile r = RulesFile.load(f);
        assertThat(r.severity().severity(SeverityRules.Situation.FUNCTIONAL_FAILURE)).isEqualTo(4);
        assertThat(r.severity().severity(SeverityRules.Situation.REGRESSION_FAILURE)).isEqualTo(2);
        assertThat(r.completion().name()).isEqualTo("lab rules");
        assertThat(r.completion().functionalPassRate()).isEqualByComparingTo(new BigDecimal("95.5"));
        assertThat(r.completion().regressionPassRate()).isEqualByComparingTo("100");
        assertThat(r.completion().thresholds()).containsEntry(3, 5).containsEntry(4, 30).containsEntry(1, 0);
        assertThat(r.completion().descoped()).singleElement().satisfies(d -> {
            assertThat(d.covers("DMC-CHARLIE", "any-pack", "SRV-7.3-ESME")).isTrue();
            assertThat(d.approvedBy()).isEqualTo("TAB 2026-11-20");
        });
        assertThat(RulesFile.forStateDir(dir).source()).isEqualTo(f);
        assertThat(RulesFile.forStateDir(dir.resolve("none")).completion()).isEqualTo(CompletionRules.svtadDefault());
    }

    @Test
    void everyMalformedFieldIsNamedWithFileLineAndField() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                severity:
                  functional-failure: 6
                  regresion-failure: 2
                completion:
                  functionalPassRate: 101
                  regressionPassRate: lots
                  workOffPlans: maybe
                  thresholds:
                    3: -1
                    6: 1
                  descoped:
                    - dmc: D1
                      test: T1
                  colour: blue
                """);
        assertThatThrownBy(() -> RulesFile.load(f)).isInstanceOfSatisfying(ConfigException.class, e -> {
            String m = e.getMessage();
            assertThat(m).contains(f + ":2:").contains("severity.functional-failure")
                    .contains("unknown field 'regresion-failure'; did you mean 'regression-failure'?")
                    .contains(f + ":5:").contains("completion.functionalPassRate: a percentage must be 0 to 100")
                    .contains("completion.regressionPassRate: expected a number, found 'lots'")
                    .contains("completion.workOffPlans: expected true or false")
                    .contains("completion.thresholds.3")
                    .contains("unknown field '6'")
                    .contains("completion.descoped[0].rationale: missing required field")
                    .contains("completion.descoped[0].approvedBy: missing required field")
                    .contains("unknown field 'colour'");
        });
        Files.writeString(f, "severity: [1, 2\n");
        assertThatThrownBy(() -> RulesFile.load(f)).hasMessageContaining(f.toString())
                .hasMessageContaining("not valid YAML");
        Files.writeString(f, "rules: {}\n");
        assertThatThrownBy(() -> RulesFile.load(f)).hasMessageContaining("unknown field 'rules'");
    }
}
