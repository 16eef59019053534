package org.dmct.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.core.fixtures.ScriptedProvider.answer;
import static org.dmct.core.fixtures.ScriptedProvider.refuse;
import static org.dmct.core.fixtures.ScriptedProvider.sequence;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.fixtures.Runs;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.Quantity;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack language's compare, value paths, test retries and derived packs, run through Runner. */
class PackLanguageRunTest {
    @TempDir
    Path dir;

    private static Quantity q(String value, String unit) {
        return new Quantity(new BigDecimal(value), unit);
    }

    private Lab lab() {
        return TestLab.lab(dir.resolve("lab"), "DMC-A:ESME");
    }

    private RunOutcome run(Pack pack, ScriptedProvider provider) {
        return Runs.run(lab(), List.of(pack), provider, dir.resolve("bundle"));
    }

    private static TestResult test(RunOutcome o, String id) {
        return o.dmcs().get(0).tests().stream().filter(t -> t.testId().equals(id)).findFirst().orElseThrow();
    }

    private static final String MONOTONIC = """
              - id: MONOTONIC
                title: The register never goes backwards
                kind: functional
                devices: [ESME]
                steps:
                  - send: { srv: "4.1.1", to: ESME }
                    capture: { name: before, from: activeImportTotal }
                  - send: { srv: "4.1.1", to: ESME }
                    compare: { value: activeImportTotal, op: ">=", with: before }
            """;

    @Test
    void compareHoldsWhenTheRegisterMovesOnAcrossUnits() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", sequence(
                answer(Map.of("activeImportTotal", q("1500", "Wh"))),
                answer(Map.of("activeImportTotal", q("1.5", "kWh")))));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", MONOTONIC), p), "MONOTONIC");
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void compareFailsNamingBothValuesWhenTheRegisterGoesBackwards() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", sequence(
                answer(Map.of("activeImportTotal", q("1500", "Wh"))),
                answer(Map.of("activeImportTotal", q("1499", "Wh")))));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", MONOTONIC), p), "MONOTONIC");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("step 2: compare activeImportTotal >= before failed: activeImportTotal ="
                + " 1499 Wh, before = 1500 Wh");
    }

    @Test
    void supplyStatusChangedIsANotEqualCompare() {
        String tests = """
                  - id: SWITCH
                    title: The supply status changes
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.4", to: ESME }
                        capture: [ { name: was, from: supplyStatus } ]
                      - send: { srv: "7.4", to: ESME }
                        compare: [ { value: supplyStatus, op: "!=", with: was } ]
                """;
        ScriptedProvider same = new ScriptedProvider().on("7.4", answer(Map.of("supplyStatus", "armed")));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", tests), same), "SWITCH");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("step 2: compare supplyStatus != was failed: supplyStatus = 'armed',"
                + " was = 'armed'");
    }

    @Test
    void valuePathsReachIntoListsAndStructures() {
        String tests = """
                  - id: LOG
                    title: The last log entry is read by path
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect:
                          values:
                            "profile[-1].value": { unit: kWh, min: 2 }
                            "profile[0].value": { unit: kWh, max: 1 }
                        capture: { last: "profile[-1].value" }
                      - send: { srv: "4.1.1", to: ESME }
                        compare: { value: "profile[5].value", op: ">=", with: last }
                """;
        List<Object> profile = List.of(Map.of("value", q("1", "kWh")), Map.of("value", q("2", "kWh")));
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of("profile", profile)));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", tests), p), "LOG");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        // Step 1 passed (both paths found and checked); step 2 names the path that leads nowhere.
        assertThat(r.reason()).startsWith("step 2: compare profile[5].value >= last: response value 'profile' = a"
                + " list of 2 entries has nothing at 'profile[5].value'");
    }

    @Test
    void aCaptureWhosePathLeadsNowhereFailsTheStepNamingTheKeys() {
        String tests = """
                  - id: CAP
                    title: Capture of a value the response lacks
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { name: before, from: activeExportTotal }
                """;
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of("activeImportTotal", q("1", "Wh"))));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", tests), p), "CAP");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("step 1: response has no value 'activeExportTotal' (it has"
                + " activeImportTotal), so it cannot be captured as 'before'");
    }

    @Test
    void aTestThatDeclaresRetriesRunsAgainAndEveryAttemptIsEvidence() {
        String tests = """
                  - id: FLAKY
                    title: Passes on its third run
                    kind: functional
                    devices: [ESME]
                    retries: 2
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                  - id: STRICT
                    title: No retries unless declared
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.4", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider()
                .on("4.1.1", sequence(refuse("temporary-failure", null), refuse("temporary-failure", null),
                        answer(Map.of())))
                .on("7.4", sequence(refuse("temporary-failure", null), answer(Map.of())));
        RunOutcome o = run(TestPacks.load(dir.resolve("packs"), "p", tests), p);
        assertThat(test(o, "FLAKY").verdict()).isEqualTo(Verdict.PASS);
        assertThat(test(o, "STRICT").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(p.requestIds()).containsExactly("DMC-A/FLAKY/s1/a1", "DMC-A/FLAKY/t2/s1/a1",
                "DMC-A/FLAKY/t3/s1/a1", "DMC-A/STRICT/s1/a1");
        List<EvidenceRecord> retries = Runs.evidence(o, EvidenceTypes.TEST_RETRY);
        assertThat(retries).extracting(r -> r.number("attempt")).containsExactly(1L, 2L);
        assertThat(retries).allSatisfy(r -> {
            assertThat(r.text("verdict")).isEqualTo("FAIL");
            assertThat(r.text("reason")).isEqualTo("step 1: device refused: temporary-failure");
            assertThat(r.number("of")).isEqualTo(3);
        });
        assertThat(Runs.evidence(o, EvidenceTypes.TEST_STARTED)).extracting(r -> r.text("test") + "#"
                + r.number("attempt")).containsExactly("FLAKY#1", "FLAKY#2", "FLAKY#3", "STRICT#1");
        assertThat(Runs.evidence(o, EvidenceTypes.TEST_VERDICT)).hasSize(2);
    }

    @Test
    void theLastAttemptsReasonSaysWhichAttemptItWas() {
        String tests = """
                  - id: ALWAYS
                    title: Never passes
                    kind: functional
                    devices: [ESME]
                    retries: 1
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", refuse("other-reason", null));
        TestResult r = test(run(TestPacks.load(dir.resolve("packs"), "p", tests), p), "ALWAYS");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("step 1: device refused: other-reason (test attempt 2 of 2)");
    }

    @Test
    void aDerivedPackRunsItsBaseMinusRemovedPlusAddedAndTheRationalesAreRecorded() throws Exception {
        Path packs = dir.resolve("packs");
        TestPacks.load(packs, "base", """
                  - id: KEEP
                    title: Kept
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                  - id: DROP
                    title: Dropped
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.4", to: ESME }
                """);
        Path derivedFile = TestPacks.write(packs, "derived.yaml", """
                pack:
                  id: derived
                  title: Derived
                  release: IOC
                  version: 1.0.0
                  standard: false
                  rationale: This DMC has no supply switch.
                  basedOn: base
                remove:
                  - { test: DROP, rationale: "no switch to drive" }
                add:
                  - id: EXTRA
                    title: Added
                    kind: regression
                    devices: [ESME]
                    steps:
                      - send: { srv: "11.2", to: ESME }
                """);
        Pack derived = new PackLoader().load(derivedFile);
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of())).on("11.2", answer(Map.of()));
        RunOutcome o = run(derived, p);
        assertThat(o.dmcs().get(0).tests()).extracting(TestResult::testId).containsExactly("KEEP", "EXTRA");
        assertThat(o.allMet()).isTrue();
        EvidenceRecord packRecord = Runs.evidence(o, EvidenceTypes.PACK).get(0);
        assertThat(packRecord.get("derivation").get("baseId").asText()).isEqualTo("base");
        assertThat(packRecord.get("derivation").get("removed").get(0).get("rationale").asText())
                .isEqualTo("no switch to drive");
        assertThat(packRecord.get("derivation").get("added").get(0).asText()).isEqualTo("EXTRA");
        Manifest m = Manifest.read(o.bundle().manifest());
        assertThat(m.packs().get(0).rationale()).isEqualTo("This DMC has no supply switch.");
        assertThat(m.packs().get(0).derivation().removed()).extracting(r -> r.test() + ": " + r.rationale())
                .containsExactly("DROP: no switch to drive");
        assertThat(m.packs().get(0).derivation().baseSha256()).hasSize(64);
    }
}
