package org.dmct.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackLoaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            pack:
              id: dmct-srv-reference
              title: Standard DMCT SRV Test Pack (reference)
              release: IOC
              version: 0.1.0
              standard: true
            tests:
              - id: SRV-4.1.1-ESME
                title: Read instantaneous import registers of the ESME
                kind: functional
                devices: [ESME]
                trace: { srv: "4.1.1", sec: ["AK 20.15"], requirements: ["R-1"] }
                timeout: 60s
                preconditions:
                  - send: { srv: "7.2", to: ESME }
                    expect: { response: I0 }
                steps:
                  - send: { srv: "4.1.1", to: ESME, params: { readTime: now }, commandVariant: 1 }
                    attempts: 2
                    expect:
                      response: I0
                      values:
                        activeImportTotal: { type: quantity, unit: kWh, min: 0 }
                        firmwareVersion: { equalsDeclared: firmware }
                        supplyStatus: { equals: armed }
                        clock: { type: datetime, withinSeconds: 60 }
                        entries: { type: list, minSize: 1 }
                    capture: { before: activeImportTotal }
                  - wait: 2s
                  - send: { srv: "4.1.1", to: ESME }
                    capture: { after: activeImportTotal }
                  - check: { that: after, is: ">=", than: before }
              - id: INV-8.2
                title: Read inventory
                kind: regression
                devices: [CHF]
                steps:
                  - send: { srv: "8.2", to: CHF }
            """;

    private Path write(String yaml) {
        return TestPacks.write(dir, "pack.yaml", yaml);
    }

    private List<ConfigProblem> problems(String yaml) {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new PackLoader().load(file));
        assertThat(e).as("the pack should be refused").isNotNull();
        return e.problems();
    }

    private ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> p = problems(yaml);
        assertThat(p).as(p.toString()).hasSize(1);
        return p.get(0);
    }

    private int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("pack.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the pack");
    }

    private static String edit(String from, String to) {
        assertThat(GOOD).contains(from);
        return GOOD.replace(from, to);
    }

    @Test
    void loadsTheWholeLanguageWithDefaults() throws IOException {
        Path file = write(GOOD);
        Pack pack = new PackLoader().load(file);
        assertThat(pack.id()).isEqualTo("dmct-srv-reference");
        assertThat(pack.release()).isEqualTo(Release.IOC);
        assertThat(pack.standard()).isTrue();
        assertThat(pack.sha256()).isEqualTo(Hashing.sha256Hex(Files.readAllBytes(file)));
        assertThat(pack.source()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(pack.tests()).hasSize(2);

        PackTest t = pack.tests().get(0);
        assertThat(t.kind()).isEqualTo(TestKind.FUNCTIONAL);
        assertThat(t.devices()).containsExactly(DeviceType.ESME);
        assertThat(t.srv()).contains("4.1.1");
        assertThat(t.trace().sec()).containsExactly("AK 20.15");
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(60));
        SendStep pre = (SendStep) t.preconditions().get(0);
        assertThat(pre.commandVariant()).as("7.2 is critical: CV4 by default").isEqualTo(4);
        SendStep read = (SendStep) t.steps().get(0);
        assertThat(read.commandVariant()).isEqualTo(1);
        assertThat(read.attempts()).isEqualTo(2);
        assertThat(read.params()).containsEntry("readTime", "now");
        assertThat(read.expect().response()).isEqualTo(ResponseCode.I0);
        ValueCheck total = read.expect().values().get("activeImportTotal");
        assertThat(total.type()).isEqualTo(ValueType.QUANTITY);
        assertThat(total.unit()).isEqualTo("kWh");
        assertThat(total.min()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(read.expect().values().get("firmwareVersion").equalsDeclared()).isEqualTo(DeclaredField.FIRMWARE);
        assertThat(read.expect().values().get("clock").withinSeconds()).isEqualTo(60L);
        assertThat(read.capture()).containsEntry("before", "activeImportTotal");
        assertThat(t.steps().get(1)).isEqualTo(new WaitStep(Duration.ofSeconds(2), lineOf("- wait: 2s")));
        SendStep again = (SendStep) t.steps().get(2);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.expect()).isEqualTo(Expectation.SUCCESS);
        CheckStep check = (CheckStep) t.steps().get(3);
        assertThat(check.op()).isEqualTo(Comparison.GE);

        PackTest inv = pack.tests().get(1);
        assertThat(inv.timeout()).isEqualTo(PackTest.DEFAULT_TIMEOUT);
        assertThat(((SendStep) inv.steps().get(0)).commandVariant()).as("8.2 is non-device: CV8").isEqualTo(8);
        assertThat(inv.kind()).isEqualTo(TestKind.REGRESSION);
    }

    @Test
    void unknownFieldIsNamedWithASuggestion() throws IOException {
        ConfigProblem p = onlyProblem(edit("    title: Read inventory", "    titel: Read inventory"));
        assertThat(p.file()).isEqualTo(dir.resolve("pack.yaml").toAbsolutePath().normalize());
        assertThat(p.line()).isEqualTo(lineOf("titel:"));
        assertThat(p.field()).isEqualTo("tests[1].titel");
        assertThat(p.message()).contains("unknown field 'titel'").contains("did you mean 'title'");
        assertThat(p.toString()).startsWith(p.file() + ":" + p.line() + ":");
    }

    @Test
    void srvNotInTheCatalogueIsNamed() throws IOException {
        ConfigProblem p = onlyProblem(edit("- send: { srv: \"8.2\", to: CHF }", "- send: { srv: \"8.22\", to: CHF }"));
        assertThat(p.line()).isEqualTo(lineOf("8.22"));
        assertThat(p.field()).isEqualTo("tests[1].steps[0].send.srv");
        assertThat(p.message()).contains("unknown SRV '8.22'").contains("did you mean '8.2'");
    }

    @Test
    void targetTheSrvCannotReachIsNamed() throws IOException {
        String yaml = edit("""
                  - send: { srv: "8.2", to: CHF }
                """, """
                  - send: { srv: "7.1", to: CHF }
                """);
        ConfigProblem p = onlyProblem(yaml);
        assertThat(p.line()).isEqualTo(lineOf("srv: \"7.1\", to: CHF"));
        assertThat(p.field()).isEqualTo("tests[1].steps[0].send.to");
        assertThat(p.message()).contains("SRV 7.1 (Enable Supply) cannot target a CHF");
    }

    @Test
    void aWrongDeviceTypeIsAllowedOnlyInADeliberateE11RefusalStep() {
        String refusal = edit("- send: { srv: \"8.2\", to: CHF }",
                "- send: { srv: \"7.1\", to: CHF }\n        expect: { response: E11 }");
        Pack loaded = new PackLoader().load(write(refusal));
        assertThat(loaded.tests().get(1).sends().get(0).to()).isEqualTo(org.dmct.core.model.DeviceType.CHF);
        String other = edit("- send: { srv: \"8.2\", to: CHF }",
                "- send: { srv: \"7.1\", to: CHF }\n        expect: { response: E12 }");
        assertThat(onlyProblem(other).message()).contains("SRV 7.1 (Enable Supply) cannot target a CHF");
    }

    @Test
    void targetOutsideTheTestsDevicesIsNamed() {
        ConfigProblem p = onlyProblem(edit("- send: { srv: \"8.2\", to: CHF }", "- send: { srv: \"8.2\", to: ESME }"));
        assertThat(p.field()).isEqualTo("tests[1].steps[0].send.to");
        assertThat(p.message()).contains("ESME is not among the test's devices [CHF]");
    }

    @Test
    void unknownResponseCodeIsNamed() throws IOException {
        ConfigProblem p = onlyProblem(edit("expect: { response: I0 }", "expect: { response: E99 }"));
        assertThat(p.line()).isEqualTo(lineOf("E99"));
        assertThat(p.field()).isEqualTo("tests[0].preconditions[0].expect.response");
        assertThat(p.message()).contains("'E99' is not a DCC response code");
    }

    @Test
    void duplicateTestIdIsNamedWithTheFirstLine() throws IOException {
        ConfigProblem p = onlyProblem(edit("  - id: INV-8.2", "  - id: SRV-4.1.1-ESME"));
        int first = lineOf("- id: SRV-4.1.1-ESME");
        assertThat(p.field()).isEqualTo("tests[1].id");
        assertThat(p.line()).isGreaterThan(first);
        assertThat(p.message()).contains("duplicate test id 'SRV-4.1.1-ESME'").contains("line " + first);
    }

    @Test
    void nonStandardPackNeedsARationale() throws IOException {
        ConfigProblem p = onlyProblem(edit("  standard: true", "  standard: false"));
        assertThat(p.field()).isEqualTo("pack.rationale");
        assertThat(p.line()).as("the pack section").isEqualTo(lineOf("id: dmct-srv-reference"));
        assertThat(p.message()).contains("rationale").contains("20.17");

        Pack ok = new PackLoader().load(write(edit("  standard: true",
                "  standard: false\n  rationale: The vendor's gas meter needs a longer wake-up window.")));
        assertThat(ok.standard()).isFalse();
        assertThat(ok.rationale()).startsWith("The vendor's");
    }

    @Test
    void badDurationsAreNamed() throws IOException {
        ConfigProblem p = onlyProblem(edit("timeout: 60s", "timeout: 60 parsecs"));
        assertThat(p.line()).isEqualTo(lineOf("60 parsecs"));
        assertThat(p.field()).isEqualTo("tests[0].timeout");
        assertThat(p.message()).contains("expected a duration");

        ConfigProblem w = onlyProblem(edit("- wait: 2s", "- wait: 90s"));
        assertThat(w.field()).isEqualTo("tests[0].steps[1].wait");
        assertThat(w.message()).contains("cannot finish within the test's timeout of 60s");
    }

    @Test
    void captureUsedBeforeItIsDefinedIsNamed() throws IOException {
        ConfigProblem p = onlyProblem(edit("than: before }", "than: befor }"));
        assertThat(p.line()).isEqualTo(lineOf("than: befor }"));
        assertThat(p.field()).isEqualTo("tests[0].steps[3].check.than");
        assertThat(p.message()).contains("capture 'befor' is used before it is defined").contains("did you mean 'before'");
    }

    @Test
    void valueChecksMustFitTheirType() {
        List<ConfigProblem> p = problems(edit("{ type: quantity, unit: kWh, min: 0 }", "{ type: string, unit: kwh, min: 0 }"));
        assertThat(p).extracting(ConfigProblem::message).anyMatch(m -> m.contains("unknown unit 'kwh'")
                && m.contains("did you mean 'kWh'"));
        assertThat(p).extracting(ConfigProblem::message).anyMatch(m -> m.contains("min and max apply to quantity"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = GOOD.replace("release: IOC", "release: XOC")
                .replace("expect: { response: I0 }", "expect: { response: E99 }")
                .replace("  - id: INV-8.2", "  - id: SRV-4.1.1-ESME")
                .replace("than: before }", "than: nothing }");
        List<ConfigProblem> p = problems(yaml);
        assertThat(p).extracting(ConfigProblem::field).contains("pack.release",
                "tests[0].preconditions[0].expect.response", "tests[1].id", "tests[0].steps[3].check.than");
        assertThat(p).allMatch(x -> x.line() > 0);
    }

    @Test
    void aStepHasExactlyOneAction() {
        ConfigProblem p = onlyProblem(edit("- wait: 2s", "- { wait: 2s, check: { that: before, is: \"==\", than: before } }"));
        assertThat(p.field()).isEqualTo("tests[0].steps[1]");
        assertThat(p.message()).contains("exactly one of send, wait, check, expectAlert, expectNoAlert or stimulate");
    }

    @Test
    void aTracedSrvMustBeSentAndDeviceResultsNeedASuccessCode() {
        ConfigProblem p = onlyProblem(edit("trace: { srv: \"4.1.1\"", "trace: { srv: \"11.2\""));
        assertThat(p.field()).isEqualTo("tests[0].trace.srv");
        assertThat(p.message()).contains("traces SRV 11.2 but no step sends it");

        ConfigProblem d = onlyProblem(edit("expect: { response: I0 }", "expect: { response: E11, deviceResult: x }"));
        assertThat(d.field()).isEqualTo("tests[0].preconditions[0].expect.deviceResult");
    }

    @Test
    void malformedYamlIsAProblemWithALine() {
        Path file = write("pack:\n  id: [unclosed\n");
        assertThatThrownBy(() -> new PackLoader().load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }
}
