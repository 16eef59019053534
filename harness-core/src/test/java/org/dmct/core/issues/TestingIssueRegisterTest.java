package org.dmct.core.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmct.core.issues.EvidenceBundles.blocked;
import static org.dmct.core.issues.EvidenceBundles.result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.issues.TestingIssue.ResolutionOption;
import org.dmct.core.issues.TestingIssue.Status;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register's raising rules, lifecycle, exclusion and Work Off Plans, and that it survives reopening. */
class TestingIssueRegisterTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    Path state() {
        return dir.resolve("state");
    }

    TestingIssueRegister register() {
        return TestingIssueRegister.open(state(), clock);
    }

    Path bundle(String runId, int hour, org.dmct.core.run.TestResult... results) throws Exception {
        return EvidenceBundles.write(dir.resolve(runId), runId, T0.plusSeconds(3600L * hour), List.of(results));
    }

    @Test
    void failuresRaiseOneIssueEachWithSeverityByRuleAndRepeatsAddEvidence() throws Exception {
        Path run1 = bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL),
                result("D1", "R1", TestKind.REGRESSION, Verdict.FAIL), blocked("D1", "B1", true),
                blocked("D1", "B2", false), result("D1", "P1", TestKind.FUNCTIONAL, Verdict.PASS),
                result("D2", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        var r = register().raiseFrom(run1, SeverityRules.defaults(), "tester");
        assertThat(r.raised()).extracting(TestingIssue::id, TestingIssue::dmcId, TestingIssue::testId,
                TestingIssue::severity).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("TI-0001", "D1", "F1", 3),
                        org.assertj.core.groups.Tuple.tuple("TI-0002", "D1", "R1", 2),
                        org.assertj.core.groups.Tuple.tuple("TI-0003", "D1", "B1", 4),
                        org.assertj.core.groups.Tuple.tuple("TI-0004", "D1", "B2", 4),
                        org.assertj.core.groups.Tuple.tuple("TI-0005", "D2", "F1", 3));
        TestingIssue first = r.raised().get(0);
        assertThat(first.evidence()).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-1");
            assertThat(e.bundle()).isEqualTo(run1.toAbsolutePath().normalize().toString());
            assertThat(e.lines()).containsExactly(2L, 3L);
        });
        assertThat(first.history().get(0).detail()).contains("functional-failure");

        // Raising from the same bundle again changes nothing.
        var again = register().raiseFrom(run1, SeverityRules.defaults(), "tester");
        assertThat(again.raised()).isEmpty();
        assertThat(again.alreadyRecorded()).hasSize(5);

        // A second failing run adds its evidence to the open issue instead of raising a duplicate.
        Path run2 = bundle("run-2", 2, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        var r2 = register().raiseFrom(run2, SeverityRules.defaults(), "tester");
        assertThat(r2.raised()).isEmpty();
        assertThat(r2.repeated()).extracting(TestingIssue::id).containsExactly("TI-0001");
        TestingIssue reopened = TestingIssueRegister.open(state()).get("TI-0001");
        assertThat(reopened.evidence()).extracting(TestingIssue.EvidenceRef::runId).containsExactly("run-1", "run-2");
        assertThat(TestingIssueRegister.open(state()).forDmc("D2")).hasSize(1);
        assertThat(TestingIssueRegister.open(state()).knownBundles()).hasSize(2);
    }

    @Test
    void theRuleTableCanBeOverridden() throws Exception {
        Path run = bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        SeverityRules rules = SeverityRules.withOverrides(Map.of(SeverityRules.Situation.FUNCTIONAL_FAILURE, 5));
        assertThat(register().raiseFrom(run, rules, "t").raised().get(0).severity()).isEqualTo(5);
        assertThatThrownBy(() -> SeverityRules.withOverrides(Map.of(SeverityRules.Situation.BLOCKED, 6)))
                .hasMessageContaining("1..5");
    }

    @Test
    void theLifecycleRunsInOrderAndRefusesEverySkippedStep() throws Exception {
        register().raiseFrom(bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL)),
                SeverityRules.defaults(), "t");
        TestingIssueRegister reg = register();
        assertThatThrownBy(() -> reg.applyFix("TI-0001", "patched", "t")).isInstanceOf(IssueException.class)
                .hasMessageContaining("no resolution option chosen yet");
        assertThatThrownBy(() -> reg.close("TI-0001", "t")).hasMessageContaining("cannot close TI-0001: it is OPEN");
        Path pass = bundle("run-2", 2, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.PASS));
        assertThatThrownBy(() -> reg.recordRerun("TI-0001", pass, true, "t"))
                .hasMessageContaining("a re-run counts only after a fix is applied");
        assertThatThrownBy(() -> reg.chooseResolution("TI-0001", ResolutionOption.C_SMETS1_DEVICE, " ", "t"))
                .hasMessageContaining("rationale");

        assertThat(reg.chooseResolution("TI-0001", ResolutionOption.A_DCC_INTERNAL_SYSTEMS, "adapter mapping", "t")
                .status()).isEqualTo(Status.RESOLUTION_CHOSEN);
        // 20.24: another option may be chosen before the fix.
        assertThat(reg.chooseResolution("TI-0001", ResolutionOption.C_SMETS1_DEVICE, "firmware config", "t")
                .resolution().option()).isEqualTo(ResolutionOption.C_SMETS1_DEVICE);
        assertThat(reg.applyFix("TI-0001", "configuration changed", "t").status()).isEqualTo(Status.FIX_APPLIED);
        assertThatThrownBy(() -> reg.applyFix("TI-0001", "again", "t")).hasMessageContaining("already has a fix");

        // A failing re-run keeps it open, adds evidence, and a close is refused.
        Path fail = bundle("run-3", 3, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        var failed = reg.recordRerun("TI-0001", fail, true, "t");
        assertThat(failed.closed()).isFalse();
        assertThat(failed.issue().status()).isEqualTo(Status.RERUN);
        assertThat(failed.issue().open()).isTrue();
        assertThat(failed.issue().evidence()).hasSize(2);
        assertThatThrownBy(() -> reg.close("TI-0001", "t")).hasMessageContaining("latest re-run did not pass");
        assertThatThrownBy(() -> reg.recordRerun("TI-0001", fail, true, "t"))
                .hasMessageContaining("already linked");

        // Another fix, then a passing re-run closes it and links the run.
        reg.applyFix("TI-0001", "second fix", "t");
        var passed = reg.recordRerun("TI-0001", pass, true, "t");
        assertThat(passed.closed()).isTrue();
        TestingIssue closed = TestingIssueRegister.open(state()).get("TI-0001");
        assertThat(closed.status()).isEqualTo(Status.CLOSED);
        assertThat(closed.rerunIds()).containsExactly("run-3", "run-2");
        assertThat(closed.history()).extracting(TestingIssue.HistoryEntry::action).containsExactly("raised",
                "resolution", "resolution", "fix", "rerun-failed", "fix", "rerun-passed", "closed");
        assertThatThrownBy(() -> reg.changeSeverity("TI-0001", 4, "why", "t")).hasMessageContaining("is CLOSED");
        assertThatThrownBy(() -> reg.exclude("TI-0001", "r", "TAG", "t")).hasMessageContaining("is CLOSED");

        // A failure after closing raises a new issue.
        var later = reg.raiseFrom(bundle("run-4", 4, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL)),
                SeverityRules.defaults(), "t");
        assertThat(later.raised()).extracting(TestingIssue::id).containsExactly("TI-0002");
    }

    @Test
    void aPassingRerunKeptOpenIsClosedByHandAndTheRaisingRunIsNoRerun() throws Exception {
        Path run1 = bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        // The fix is recorded at 01:30, after run-1 (01:00) and before run-3 (03:00).
        TestingIssueRegister reg = TestingIssueRegister.open(state(), Clock.fixed(T0.plusSeconds(5400),
                ZoneOffset.UTC));
        reg.raiseFrom(run1, SeverityRules.defaults(), "t");
        reg.chooseResolution("TI-0001", ResolutionOption.D_CODE_ONLY, "code", "t");
        reg.applyFix("TI-0001", "draft published", "t");
        assertThatThrownBy(() -> reg.recordRerun("TI-0001", run1, true, "t"))
                .hasMessageContaining("before the fix was recorded at 2026-11-23T11:30:00Z")
                .hasMessageContaining("a re-run must be a run made after the fix");
        Path other = bundle("run-2", 2, result("D2", "F1", TestKind.FUNCTIONAL, Verdict.PASS));
        assertThatThrownBy(() -> reg.recordRerun("TI-0001", other, true, "t"))
                .hasMessageContaining("did not run test F1 of pack pack-a on D1");
        var r = reg.recordRerun("TI-0001", bundle("run-3", 3, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.PASS)),
                false, "t");
        assertThat(r.closed()).isFalse();
        assertThatThrownBy(() -> reg.applyFix("TI-0001", "x", "t")).hasMessageContaining("passed its re-run");
        assertThat(reg.close("TI-0001", "t").status()).isEqualTo(Status.CLOSED);
        assertThatThrownBy(() -> reg.get("TI-0099")).hasMessageContaining("no Testing Issue 'TI-0099'");
    }

    @Test
    void severityChangesAndExclusionsNeedAReasonAndAreRecorded() throws Exception {
        TestingIssueRegister reg = register();
        reg.raiseFrom(bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL)),
                SeverityRules.defaults(), "t");
        assertThatThrownBy(() -> reg.changeSeverity("TI-0001", 4, "", "t")).hasMessageContaining("reason");
        assertThatThrownBy(() -> reg.changeSeverity("TI-0001", 0, "x", "t")).hasMessageContaining("1 (most severe)");
        assertThatThrownBy(() -> reg.changeSeverity("TI-0001", 3, "x", "t")).hasMessageContaining("already has");
        TestingIssue i = reg.changeSeverity("TI-0001", 4, "cosmetic only", "alice");
        assertThat(i.severity()).isEqualTo(4);
        assertThat(i.history().get(1)).satisfies(h -> {
            assertThat(h.by()).isEqualTo("alice");
            assertThat(h.detail()).isEqualTo("3 -> 4: cosmetic only");
        });
        assertThatThrownBy(() -> reg.exclude("TI-0001", "r", " ", "t")).hasMessageContaining("approved");
        TestingIssue x = reg.exclude("TI-0001", "not a DCC issue", "TAG 2026-11-20", "t");
        assertThat(x.countsAgainstThresholds()).isFalse();
        assertThat(x.open()).isTrue();
        assertThat(TestingIssueRegister.open(state()).get("TI-0001").exclusion().approvedBy())
                .isEqualTo("TAG 2026-11-20");
        assertThatThrownBy(() -> reg.exclude("TI-0001", "r", "TAG", "t")).hasMessageContaining("already excluded");
    }

    @Test
    void workOffPlansAreDue20And40And60WorkingDaysAfterTheCertificate() throws Exception {
        TestingIssueRegister reg = register();
        reg.raiseFrom(bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL),
                blocked("D1", "B1", true), result("D1", "F2", TestKind.FUNCTIONAL, Verdict.FAIL),
                result("D2", "R1", TestKind.REGRESSION, Verdict.FAIL)), SeverityRules.defaults(), "t");
        reg.changeSeverity("TI-0003", 5, "minor", "t");
        WorkingDayCalendar cal = WorkingDayCalendar.load(WorkingDayCalendarTest.SHIPPED);
        LocalDate cert = LocalDate.parse("2026-11-23");
        // D2 has a severity 2 issue open: no plan is possible, and nothing is planned for anyone.
        assertThatThrownBy(() -> reg.planWorkOff(cert, cal, null, "ops", "t"))
                .hasMessageContaining("TI-0004 (D2, severity 2)");
        assertThat(TestingIssueRegister.open(state()).all()).allMatch(i -> i.workOffPlan() == null);

        List<TestingIssue> planned = reg.planWorkOff(cert, cal, "D1", "ops", "t");
        assertThat(planned).extracting(TestingIssue::id, i -> i.workOffPlan().workingDays(),
                i -> i.workOffPlan().dueDate().toString()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("TI-0001", 20, "2026-12-21"),
                        org.assertj.core.groups.Tuple.tuple("TI-0002", 40, "2027-01-21"),
                        org.assertj.core.groups.Tuple.tuple("TI-0003", 60, "2027-02-18"));
        assertThat(TestingIssueRegister.open(state()).get("TI-0002").workOffPlan().owner()).isEqualTo("ops");
    }

    @Test
    void aBundleWithABrokenChainOrNoRunIsRefused() throws Exception {
        Path run = bundle("run-1", 1, result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL));
        String log = Files.readString(run.resolve("evidence.jsonl"));
        Files.writeString(run.resolve("evidence.jsonl"), log.replace("\"FAIL\"", "\"PASS\""));
        assertThatThrownBy(() -> register().raiseFrom(run, SeverityRules.defaults(), "t"))
                .isInstanceOf(BundleException.class).hasMessageContaining("it does not verify")
                .hasMessageContaining("evidence.jsonl");
        assertThatThrownBy(() -> register().raiseFrom(dir.resolve("nothing"), SeverityRules.defaults(), "t"))
                .isInstanceOf(BundleException.class).hasMessageContaining("is not a run bundle");
        assertThat(Files.exists(state().resolve(TestingIssueRegister.FILE_NAME))).isFalse();
    }
}
