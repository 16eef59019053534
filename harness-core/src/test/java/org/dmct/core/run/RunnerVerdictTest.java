package org.dmct.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.core.fixtures.ScriptedProvider.answer;
import static org.dmct.core.fixtures.ScriptedProvider.code;
import static org.dmct.core.fixtures.ScriptedProvider.delayed;
import static org.dmct.core.fixtures.ScriptedProvider.refuse;
import static org.dmct.core.fixtures.ScriptedProvider.sequence;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.fixtures.Runs;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.pack.Pack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict rules, driven through Runner with a scripted adapter. */
class RunnerVerdictTest {
    @TempDir
    Path dir;

    private static Quantity q(String value, String unit) {
        return new Quantity(new BigDecimal(value), unit);
    }

    private static String readTest(String id, String values) {
        return "  - id: " + id + "\n"
                + "    title: Read registers " + id + "\n"
                + "    kind: functional\n"
                + "    devices: [ESME]\n"
                + "    trace: { srv: \"4.1.1\" }\n"
                + "    steps:\n"
                + "      - send: { srv: \"4.1.1\", to: ESME }\n"
                + "        expect:\n"
                + "          values:\n"
                + values;
    }

    private Lab lab(String... dmcs) {
        return TestLab.lab(dir.resolve("lab"), dmcs);
    }

    private Pack pack(String tests) {
        return TestPacks.load(dir.resolve("packs"), "p", tests);
    }

    private RunOutcome run(Lab lab, Pack pack, ScriptedProvider provider) {
        return Runs.run(lab, List.of(pack), provider, dir.resolve("bundle"));
    }

    private static TestResult only(RunOutcome o) {
        assertThat(o.dmcs()).hasSize(1);
        assertThat(o.dmcs().get(0).tests()).hasSize(1);
        return o.dmcs().get(0).tests().get(0);
    }

    private static TestResult test(RunOutcome o, String dmc, String test) {
        return o.dmcs().stream().filter(d -> d.dmcId().equals(dmc)).findFirst().orElseThrow().tests().stream()
                .filter(t -> t.testId().equals(test)).findFirst().orElseThrow();
    }

    @Test
    void passWhenEveryCheckHolds() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of(
                "activeImportTotal", q("1234568", "Wh"))));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(readTest("T1",
                "            activeImportTotal: { type: quantity, unit: kWh, min: 0, max: 1300 }\n")), p);
        TestResult r = only(o);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
        assertThat(r.reason()).isEqualTo("the step passed");
        assertThat(o.dmcs().get(0).criteriaMet()).isTrue();
        assertThat(o.allMet()).isTrue();
        assertThat(o.error()).isNull();
        assertThat(p.requestIds()).containsExactly("DMC-A/T1/s1/a1");
        assertThat(p.closed).hasValue(1);
    }

    @Test
    void valueBelowMinFailsNamingValueAndBoundInThePacksUnit() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of("activeImportTotal", q("12", "Wh"))));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(readTest("T1",
                "            activeImportTotal: { unit: kWh, min: 100 }\n")), p);
        TestResult r = only(o);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).isEqualTo("step 1: value activeImportTotal = 12 Wh is below min 100 kWh");
        assertThat(o.allMet()).isFalse();
    }

    @Test
    void unitsAreConvertedBeforeComparing() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of("activeImportTotal", q("1234568", "Wh"))));
        String tests = readTest("T-IN-RANGE", "            activeImportTotal: { unit: kWh, min: 1234.5, max: 1234.6 }\n")
                + readTest("T-ABOVE", "            activeImportTotal: { unit: MWh, max: 1 }\n")
                + readTest("T-EQUALS", "            activeImportTotal: { unit: kWh, equals: \"1234.568\" }\n");
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), p);
        assertThat(test(o, "DMC-A", "T-IN-RANGE").verdict()).isEqualTo(Verdict.PASS);
        assertThat(test(o, "DMC-A", "T-ABOVE").reason())
                .isEqualTo("step 1: value activeImportTotal = 1234568 Wh is above max 1 MWh");
        assertThat(test(o, "DMC-A", "T-EQUALS").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void missingValueAndWrongTypeAreNamed() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of("activeImportTotal", "lots")));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(readTest("T1",
                "            activeImportTotal: { unit: kWh, min: 0 }\n"
                        + "            clock: { type: datetime }\n")), p);
        TestResult r = only(o);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reason()).contains("value activeImportTotal = 'lots' is not a quantity")
                .contains("response has no value 'clock'");
    }

    @Test
    void equalsDeclaredComparesWithTheLabsDeclaration() {
        String tests = """
                  - id: FW
                    title: Firmware is the declared one
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "11.2" }
                    steps:
                      - send: { srv: "11.2", to: ESME }
                        expect:
                          values:
                            firmwareVersion: { equalsDeclared: firmware }
                            serialNumber: { equalsDeclared: serialNumber }
                            manufacturer: { equalsDeclared: manufacturer }
                """;
        ScriptedProvider p = new ScriptedProvider()
                .on("DMC-A", "11.2", answer(Map.of("firmwareVersion", "FW-1", "serialNumber", "SER-A-ESME",
                        "manufacturer", "Test Meters Ltd")))
                .on("DMC-B", "11.2", answer(Map.of("firmwareVersion", "FW-9", "serialNumber", "SER-B-ESME",
                        "manufacturer", "Test Meters Ltd")));
        RunOutcome o = run(lab("DMC-A:ESME", "DMC-B:ESME"), pack(tests), p);
        assertThat(test(o, "DMC-A", "FW").verdict()).isEqualTo(Verdict.PASS);
        TestResult b = test(o, "DMC-B", "FW");
        assertThat(b.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(b.reason()).isEqualTo("step 1: value firmwareVersion = 'FW-9' is not the declared firmware 'FW-1'"
                + " of B-ESME");
    }

    @Test
    void deviceRefusalFailsUnlessTheStepExpectsIt() {
        String tests = """
                  - id: ARM
                    title: Arm supply
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "7.3" }
                    steps:
                      - send: { srv: "7.3", to: ESME }
                  - id: ARM-REFUSED
                    title: Arm supply is refused by this firmware
                    kind: regression
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.3", to: ESME }
                        expect: { response: I0, deviceResult: read-write-denied }
                """;
        ScriptedProvider p = new ScriptedProvider().on("7.3", refuse("read-write-denied",
                "A-ESME refused SET 0-0:96.3.10.255 attribute 4"));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), p);
        TestResult arm = test(o, "DMC-A", "ARM");
        assertThat(arm.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(arm.reason()).isEqualTo("step 1: device refused: read-write-denied: A-ESME refused SET"
                + " 0-0:96.3.10.255 attribute 4");
        assertThat(test(o, "DMC-A", "ARM-REFUSED").verdict()).isEqualTo(Verdict.PASS);
        List<EvidenceRecord> requests = Runs.evidence(o, EvidenceTypes.REQUEST);
        assertThat(requests.get(0).number("commandVariant")).as("7.3 is critical").isEqualTo(4);
    }

    @Test
    void noAnswerIsBlockedNotFailedAndNamesDeviceAndLink() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", code(ResponseCode.E21,
                "A-ESME did not answer within 2s on tcp-wrapper://127.0.0.1:0"));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(readTest("T1", "            activeImportTotal: {}\n")), p);
        TestResult r = only(o);
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(r.communicationFailure()).isTrue();
        assertThat(r.reason()).isEqualTo("step 1: expected response I0, got E21 (no response from the device):"
                + " A-ESME did not answer within 2s on tcp-wrapper://127.0.0.1:0");
        assertThat(o.dmcs().get(0).criteriaMet()).isFalse();
    }

    @Test
    void expectedFailureCodeIsNotACommunicationFailure() {
        String tests = """
                  - id: UNSUPPORTED
                    title: An unsupported SRV is refused with E11
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect: { response: E11 }
                """;
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), new ScriptedProvider().on("4.1.1",
                code(ResponseCode.E11, "not supported")));
        assertThat(only(o).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void failedPreconditionBlocksTheTest() {
        String tests = """
                  - id: T1
                    title: Read after disabling supply
                    kind: functional
                    devices: [ESME]
                    preconditions:
                      - send: { srv: "7.2", to: ESME }
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider().on("7.2", refuse("hardware-fault", null))
                .on("4.1.1", answer(Map.of()));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), p);
        TestResult r = only(o);
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(r.communicationFailure()).isFalse();
        assertThat(r.reason()).isEqualTo("precondition 1: device refused: hardware-fault");
        assertThat(p.requests).extracting(x -> x.srv()).containsExactly("7.2");
    }

    private static String e21Tests(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append(readTest("T" + i, "            activeImportTotal: {}\n"));
        }
        return b.toString();
    }

    @Test
    void afterTwoConsecutiveCommunicationFailuresTheRestIsNotSent() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", code(ResponseCode.E20, "connection refused"));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(e21Tests(4)), p);
        List<TestResult> tests = o.dmcs().get(0).tests();
        assertThat(tests).extracting(TestResult::verdict).containsOnly(Verdict.BLOCKED);
        assertThat(tests.get(0).reason()).contains("got E20 (cannot communicate with the device): connection refused")
                .contains("[A-ESME on tcp-wrapper://127.0.0.1:0]");
        assertThat(tests.get(2).reason()).isEqualTo("not sent: the DMC stopped communicating after test T2");
        assertThat(tests.get(3).reason()).isEqualTo("not sent: the DMC stopped communicating after test T2");
        assertThat(p.requestIds()).containsExactly("DMC-A/T1/s1/a1", "DMC-A/T2/s1/a1");
    }

    @Test
    void theCutoffIsARunOption() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", sequence(code(ResponseCode.E21, "silent"),
                code(ResponseCode.E21, "silent"), answer(Map.of("activeImportTotal", q("1", "Wh")))));
        RunOutcome o = Runs.run(lab("DMC-A:ESME"), List.of(pack(e21Tests(3))), p, dir.resolve("bundle"),
                b -> b.communicationCutoff(0));
        assertThat(o.dmcs().get(0).tests()).extracting(TestResult::verdict)
                .containsExactly(Verdict.BLOCKED, Verdict.BLOCKED, Verdict.PASS);
        assertThat(p.requests).hasSize(3);
    }

    @Test
    void aTestThatOutlivesItsTimeoutFailsAndTheLateResponseIsStillEvidence() {
        String tests = """
                  - id: SLOW
                    title: A read that takes too long
                    kind: functional
                    devices: [ESME]
                    timeout: 300ms
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                  - id: NEXT
                    title: The next test still runs
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.4", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider()
                .on("4.1.1", delayed(Duration.ofMillis(900), answer(Map.of("activeImportTotal", q("1", "Wh")))))
                .on("7.4", answer(Map.of("supplyStatus", "on")));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), p);
        TestResult slow = test(o, "DMC-A", "SLOW");
        assertThat(slow.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.reason()).isEqualTo("timed out after 300ms in step 1");
        assertThat(test(o, "DMC-A", "NEXT").verdict()).isEqualTo(Verdict.PASS);

        List<EvidenceRecord> responses = Runs.evidence(o, EvidenceTypes.RESPONSE);
        EvidenceRecord late = responses.stream().filter(r -> r.text("requestId").equals("DMC-A/SLOW/s1/a1"))
                .findFirst().orElseThrow();
        assertThat(late.flag("late")).isTrue();
        assertThat(late.get("values").get("activeImportTotal").get("unit").asText()).isEqualTo("Wh");
        EvidenceRecord verdict = Runs.evidence(o, EvidenceTypes.TEST_VERDICT).stream()
                .filter(r -> r.text("test").equals("SLOW")).findFirst().orElseThrow();
        assertThat(late.seq()).as("the late response comes after the verdict").isGreaterThan(verdict.seq());
        assertThat(verdict.text("verdict")).isEqualTo("FAIL");
    }

    @Test
    void anE11RefusalTestAppliesExactlyWhereTheSrvIsUnsupported() {
        String tests = """
                  - id: REFUSE-LOG
                    title: The event log is refused where the profile has none
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "6.13" }
                    steps:
                      - send: { srv: "6.13", to: ESME }
                        expect: { response: E11 }
                  - id: REFUSE-READ
                    title: Registers are refused where the profile has none
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "4.1.1" }
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect: { response: E11 }
                """;
        ScriptedProvider p = new ScriptedProvider().on("6.13", code(ResponseCode.E11, "not supported"));
        RunOutcome o = run(lab("DMC-A:ESME,CHF"), pack(tests), p);
        assertThat(test(o, "DMC-A", "REFUSE-LOG").verdict()).isEqualTo(Verdict.PASS);
        assertThat(test(o, "DMC-A", "REFUSE-READ").applicable()).isFalse();
        assertThat(test(o, "DMC-A", "REFUSE-READ").reason()).isEqualTo("not applicable: profile esme-test (A-ESME)"
                + " supports SRV 4.1.1, so there is no E11 refusal to test");
        assertThat(p.requests).hasSize(1);
    }

    @Test
    void testsThatDoNotApplyAreNotRunAndOutsideTheCriteria() {
        String tests = """
                  - id: GAS
                    title: Read the gas meter
                    kind: functional
                    devices: [GSME]
                    steps:
                      - send: { srv: "4.1.1", to: GSME }
                  - id: LOG
                    title: Read the event log
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "6.13" }
                    steps:
                      - send: { srv: "6.13", to: ESME }
                  - id: READ
                    title: Read registers
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", answer(Map.of()));
        RunOutcome o = run(lab("DMC-A:ESME,CHF"), pack(tests), p);
        assertThat(test(o, "DMC-A", "GAS").verdict()).isEqualTo(Verdict.NOT_RUN);
        assertThat(test(o, "DMC-A", "GAS").reason()).isEqualTo("not applicable: DMC has no GSME");
        assertThat(test(o, "DMC-A", "GAS").applicable()).isFalse();
        assertThat(test(o, "DMC-A", "LOG").reason())
                .isEqualTo("not applicable: profile esme-test (A-ESME) does not support SRV 6.13");
        assertThat(test(o, "DMC-A", "READ").verdict()).isEqualTo(Verdict.PASS);
        DmcResult d = o.dmcs().get(0);
        assertThat(d.counts()).isEqualTo(new Counts(1, 1, 0, 0, 0, 2));
        assertThat(d.criteriaMet()).isTrue();
        assertThat(p.requests).hasSize(1);
        assertThat(Runs.evidence(o, EvidenceTypes.TEST_NOT_APPLICABLE)).hasSize(2);
    }

    @Test
    void everyAttemptIsEvidenceAndOnlyWrittenAttemptsAreMade() {
        String tests = """
                  - id: RETRY
                    title: Read with three attempts
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        attempts: 3
                  - id: ONCE
                    title: Read with one attempt
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "7.4", to: ESME }
                """;
        ScriptedProvider p = new ScriptedProvider()
                .on("4.1.1", sequence(code(ResponseCode.E21, "silent"), refuse("temporary-failure", null),
                        answer(Map.of())))
                .on("7.4", refuse("other-reason", null));
        RunOutcome o = run(lab("DMC-A:ESME"), pack(tests), p);
        assertThat(test(o, "DMC-A", "RETRY").verdict()).isEqualTo(Verdict.PASS);
        assertThat(test(o, "DMC-A", "ONCE").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(p.requestIds()).containsExactly("DMC-A/RETRY/s1/a1", "DMC-A/RETRY/s1/a2", "DMC-A/RETRY/s1/a3",
                "DMC-A/ONCE/s1/a1");
        assertThat(Runs.evidence(o, EvidenceTypes.REQUEST)).hasSize(4);
        assertThat(Runs.evidence(o, EvidenceTypes.RESPONSE)).extracting(r -> r.text("requestId"))
                .containsExactly("DMC-A/RETRY/s1/a1", "DMC-A/RETRY/s1/a2", "DMC-A/RETRY/s1/a3", "DMC-A/ONCE/s1/a1");
        EvidenceRecord step = Runs.evidence(o, EvidenceTypes.STEP_RESULT).get(0);
        assertThat(step.number("attempts")).isEqualTo(3);
        assertThat(step.get("earlierAttempts")).hasSize(2);
        assertThat(Runs.evidence(o, EvidenceTypes.FRAME)).hasSize(8);
    }

    @Test
    void capturedValuesAreComparedAcrossUnits() {
        String tests = """
                  - id: MONOTONIC
                    title: The register does not go backwards
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { before: activeImportTotal }
                      - wait: 50ms
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { after: activeImportTotal }
                      - check: { that: after, is: ">=", than: before }
                """;
        ScriptedProvider up = new ScriptedProvider().on("4.1.1", sequence(
                answer(Map.of("activeImportTotal", q("100", "kWh"))),
                answer(Map.of("activeImportTotal", q("100500", "Wh")))));
        assertThat(only(run(lab("DMC-A:ESME"), pack(tests), up)).verdict()).isEqualTo(Verdict.PASS);

        ScriptedProvider down = new ScriptedProvider().on("4.1.1", sequence(
                answer(Map.of("activeImportTotal", q("100", "kWh"))),
                answer(Map.of("activeImportTotal", q("99999", "Wh")))));
        RunOutcome o = Runs.run(lab("DMC-A:ESME"), List.of(pack(tests)), down, dir.resolve("bundle2"));
        assertThat(only(o).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(o).reason()).isEqualTo("step 4: check after >= before failed: after = 99999 Wh,"
                + " before = 100 kWh");
    }

    @Test
    void clockWindowUsesTheHarnessClock() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
        String tests = """
                  - id: CLOCK
                    title: The meter's clock is right
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect:
                          values:
                            clock: { withinSeconds: 60 }
                """;
        ScriptedProvider p = new ScriptedProvider()
                .on("DMC-A", "4.1.1", answer(Map.of("clock", OffsetDateTime.ofInstant(now.plusSeconds(30),
                        ZoneOffset.UTC))))
                .on("DMC-B", "4.1.1", answer(Map.of("clock", OffsetDateTime.ofInstant(now.minusSeconds(120),
                        ZoneOffset.UTC))));
        RunOutcome o = Runs.run(lab("DMC-A:ESME", "DMC-B:ESME"), List.of(pack(tests)), p, dir.resolve("bundle"),
                b -> b.clock(fixed));
        assertThat(test(o, "DMC-A", "CLOCK").verdict()).isEqualTo(Verdict.PASS);
        assertThat(test(o, "DMC-B", "CLOCK").reason()).isEqualTo("step 1: value clock = 2025-03-01T11:58:00Z is 120s"
                + " behind the harness clock at response time (2025-03-01T12:00:00Z); allowed 60s");
        assertThat(Runs.evidence(o).get(0).text("time")).isEqualTo("2025-03-01T12:00:00.000Z");
    }

    @Test
    void withoutAnAdapterEveryTestIsBlocked() {
        RunOutcome o = Runs.run(lab("DMC-A:ESME"), List.of(pack(e21Tests(2))),
                new ScriptedProvider("other", dmc -> false), dir.resolve("bundle"));
        assertThat(o.dmcs().get(0).tests()).extracting(TestResult::verdict).containsOnly(Verdict.BLOCKED);
        assertThat(o.dmcs().get(0).tests().get(0).reason())
                .isEqualTo("no device adapter can serve DMC DMC-A (adapter 'dlms' over tcp-wrapper)");
        assertThat(o.dmcs().get(0).adapter()).isNull();
    }

    @Test
    void anAdapterThatNeverAnswersIsBoundedByTheRunner() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", ScriptedProvider.drop());
        RunOutcome o = Runs.run(lab("DMC-A:ESME"), List.of(pack(e21Tests(1))), p, dir.resolve("bundle"),
                b -> b.requestTimeout(Duration.ofMillis(100)).adapterGrace(Duration.ofMillis(100)));
        TestResult r = only(o);
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(r.reason()).contains("got E21").contains("the adapter gave no answer within 200ms");
    }

    @Test
    void anAdapterThatThrowsBlocksTheTestWithItsError() {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1",
                ScriptedProvider.throwing(new IllegalStateException("codec bug")));
        TestResult r = only(run(lab("DMC-A:ESME"), pack(e21Tests(1)), p));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(r.reason()).contains("adapter 'dlms' failed on request DMC-A/T1/s1/a1")
                .contains("codec bug");
    }

    @Test
    void anAbortedRunEndsNotRunAndStillWritesItsBundle() throws Exception {
        ScriptedProvider p = new ScriptedProvider().on("4.1.1", delayed(Duration.ofSeconds(5), answer(Map.of())));
        RunConfig config = RunConfig.builder(lab("DMC-A:ESME"), List.of(pack(e21Tests(3))), Runs.LOOPS,
                dir.resolve("bundle")).providers(List.of(p)).harnessVersion("test").build();
        RunHandle handle = Runner.start(config);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !p.requests.isEmpty());
        handle.abort("operator pressed Ctrl-C");
        RunOutcome o = handle.outcome().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(o.aborted()).isEqualTo("operator pressed Ctrl-C");
        List<TestResult> tests = o.dmcs().get(0).tests();
        assertThat(tests).extracting(TestResult::verdict).containsOnly(Verdict.NOT_RUN);
        assertThat(tests.get(0).reason()).contains("aborted during step 1 (operator pressed Ctrl-C)");
        assertThat(tests.get(1).reason()).isEqualTo("not run: the run was aborted (operator pressed Ctrl-C)");
        assertThat(o.dmcs().get(0).counts().notRun()).isEqualTo(3);
        assertThat(o.dmcs().get(0).criteriaMet()).isFalse();
        assertThat(o.bundle().manifest()).exists();
        assertThat(Runs.evidence(o, EvidenceTypes.RUN_ABORTED)).hasSize(1);
    }
}
