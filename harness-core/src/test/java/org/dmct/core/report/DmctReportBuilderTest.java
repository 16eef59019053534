package org.dmct.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dmct.core.completion.CompletionDecision;
import org.dmct.core.completion.RunVerdictAssessment;
import org.dmct.core.issues.TestingIssue;
import org.junit.jupiter.api.Test;

/**
 * The DMCT Report's builder and renderers on runs made in memory: the latest result wins over earlier attempts, the
 * summary, heatmap and latency figures are computed from the results, issues print with their 20.19 option, and the
 * HTML and PDF carry every section under its clause.
 */
class DmctReportBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static RunReport.Request req(String srv, String device, Long latency) {
        return new RunReport.Request("r-" + srv + "-" + latency, "send", 1, srv, device, "success", "success",
                latency, false);
    }

    private static RunReport run(String runId, String started, List<RunReport.Test> tests, boolean met) {
        RunReport.Counts counts = new RunReport.Counts(tests.size(), (int) tests.stream()
                .filter(t -> t.verdict().equals("PASS")).count(), 0, 0, 0, 0);
        RunReport.Dmc dmc = new RunReport.Dmc("DMC-X", "Acme + Borealis", "X Services", "dormant", "tcp://h:1", "dlms",
                List.of(new RunReport.Device("X-ESME", "ESME", "esme-p", "Borealis", "B2", "B2-01", "S1",
                        List.of("no-arm: cannot arm")), new RunReport.Device("X-CHF", "CHF", "chf-p", "Acme", "CH1",
                        "1.0", "S2", List.of())),
                met, "every applicable test passes", counts, tests);
        return new RunReport(RunReport.FORMAT, runId, started, started, "1.2.3",
                new RunReport.Lab("lab-1", "Lab one", "labs/lab.yaml", "abc123", Map.of("DCC systems", "R4.2")),
                List.of(new RunReport.Pack("pack-a", "Pack A", "7", "R4", true, null, "feed", "packs/a.yaml")),
                new RunReport.Evidence("evidence.jsonl", 10, "f00d", true, -1, null), met, null, null, counts,
                List.of(dmc));
    }

    private static List<RunReport.Test> firstRunTests() {
        List<Long> latencies = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            latencies.add(i * 10);
        }
        return List.of(
                new RunReport.Test("pack-a", "SRV-7.3-ESME", "Arm supply", "7.3", "functional", true, "FAIL",
                        "read-write-denied", 40, List.of(req("7.3", "X-ESME", 30L))),
                new RunReport.Test("pack-a", "SRV-4.1.1-ESME", "Read register", "4.1.1", "functional", true, "PASS",
                        null, 30, latencies.stream().map(l -> req("4.1.1", "X-ESME", l)).toList()),
                new RunReport.Test("pack-a", "SRV-4.1.1-GSME", "Read gas register", "4.1.1", "functional", false,
                        "NOT_RUN", "the DMC has no GSME", 0, List.of()),
                new RunReport.Test("pack-a", "SRV-6.2-CHF", "Firmware", "6.2", "functional", true, "BLOCKED",
                        "precondition failed: no association", 5, List.of()));
    }

    private static TestingIssue issue(TestingIssue.Status status) {
        return new TestingIssue("TI-0001", "DMC-X", "pack-a", "SRV-7.3-ESME", "Arm supply refused", 3, status,
                new TestingIssue.Resolution(TestingIssue.ResolutionOption.C_SMETS1_DEVICE, "firmware B2-02 fixes it",
                        "tester", NOW),
                null, new TestingIssue.WorkOffPlan(LocalDate.of(2026, 11, 2), 20, LocalDate.of(2026, 11, 30), "Borealis"),
                List.of(new TestingIssue.EvidenceRef("run-1", "/b/run-1", List.of(12L, 13L))), List.of("run-2"),
                List.of(new TestingIssue.HistoryEntry(NOW, "harness", "raised", "by run-1")));
    }

    private static CompletionDecision decision(boolean completed) {
        return new CompletionDecision("DMC-X", completed, "SVTAD default", List.of(
                new CompletionDecision.Criterion("executed", "100% of planned tests executed", "3 of 3 (100.0%)", true,
                        List.of()),
                new CompletionDecision.Criterion("functional-pass-rate", "at least 90% of functional tests pass",
                        completed ? "3 of 3 (100.0%)" : "1 of 3 (33.3%)", completed,
                        completed ? List.of() : List.of("SRV-7.3-ESME"))),
                completed ? "DMC-X completed testing." : "DMC-X did not complete testing: functional-pass-rate.");
    }

    private static DmctReportBuilder.RunInput input(RunReport r) {
        return new DmctReportBuilder.RunInput("/b/" + r.runId(), r, null, Map.of(
                DmctReportBuilder.key("DMC-X", "pack-a", "SRV-7.3-ESME"),
                new DmctReportBuilder.PlannedTrace(List.of("ESME"), List.of("AK 20.29"), List.of("REQ-7.3"))));
    }

    @Test
    void theLatestResultWinsAndEarlierAttemptsAreListed() {
        RunReport first = run("run-1", "2026-11-20T10:00:00.000Z", firstRunTests(), false);
        RunReport second = run("run-2", "2026-11-21T10:00:00.000Z", List.of(new RunReport.Test("pack-a",
                "SRV-7.3-ESME", "Arm supply", "7.3", "functional", true, "PASS", null, 35, List.of())), true);
        // Given out of order: the builder orders by start time.
        DmctReport r = DmctReportBuilder.build("DMC-X", List.of(input(second), input(first)), decision(true),
                List.of(issue(TestingIssue.Status.CLOSED)), NOW);
        DmctReport.Result arm = r.results().tests().stream().filter(t -> t.id().equals("SRV-7.3-ESME")).findFirst()
                .orElseThrow();
        assertThat(arm.verdict()).isEqualTo("PASS");
        assertThat(arm.runId()).isEqualTo("run-2");
        assertThat(arm.earlierAttempts()).containsExactly(new DmctReport.Attempt("run-1", "FAIL", "read-write-denied"));
        assertThat(r.runs()).extracting(DmctReport.RunSource::runId).containsExactly("run-1", "run-2");
        DmctReport.Summary s = r.results().summary();
        assertThat(s.planned()).isEqualTo(3);
        assertThat(s.passed()).isEqualTo(2);
        assertThat(s.failed()).isZero();
        assertThat(s.run()).isEqualTo(2);
        assertThat(s.notRun()).isEqualTo(1);
        assertThat(s.blocked()).isEqualTo(1);
        assertThat(s.notRunTests()).extracting(DmctReport.NotRun::reason)
                .containsExactly("precondition failed: no association");
        assertThat(s.notApplicableTests()).extracting(DmctReport.NotRun::reason).containsExactly("the DMC has no GSME");
        assertThat(s.issuesBySeverity()).containsEntry("3", 1);
        assertThat(s.openIssuesBySeverity()).containsEntry("3", 0);
        assertThat(r.conclusion().clause()).isEqualTo("20.29 (f)");
        assertThat(r.plannedEntry().proposed()).isTrue();
    }

    @Test
    void summaryHeatmapAndLatenciesComeFromTheResults() {
        RunReport first = run("run-1", "2026-11-20T10:00:00.000Z", firstRunTests(), false);
        DmctReport r = DmctReportBuilder.build("DMC-X", List.of(input(first)), decision(false),
                List.of(issue(TestingIssue.Status.OPEN)), NOW);
        DmctReport.Summary s = r.results().summary();
        assertThat(s.failedTests()).singleElement().satisfies(f -> {
            assertThat(f.test()).isEqualTo("SRV-7.3-ESME");
            assertThat(f.severity()).isEqualTo(3);
            assertThat(f.issues()).containsExactly("TI-0001 (severity 3, open)");
        });
        assertThat(s.openIssuesBySeverity()).containsEntry("3", 1);
        // The trace names ESME for 7.3; 4.1.1 has no trace, so its requests' devices give the type.
        assertThat(r.results().heatmap()).containsExactly(
                new DmctReport.HeatCell("4.1.1", "ESME", 1, 0, 0, 0),
                new DmctReport.HeatCell("6.2", "unknown", 0, 0, 1, 0),
                new DmctReport.HeatCell("7.3", "ESME", 0, 1, 0, 0));
        DmctReport.Latency l = r.results().latencies().get(0);
        assertThat(l.srv()).isEqualTo("4.1.1");
        assertThat(l.count()).isEqualTo(20);
        assertThat(l.p50()).isEqualTo(100);
        assertThat(l.p95()).isEqualTo(190);
        assertThat(l.max()).isEqualTo(200);
        assertThat(l.histogram().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        assertThat(r.conclusion().clause()).isEqualTo("20.30");
        assertThat(r.conclusion().failureReasons()).anyMatch(x -> x.contains("functional-pass-rate") || x.contains(
                "at least 90% of functional tests pass")).anyMatch(x -> x.contains("SRV-7.3-ESME")
                && x.contains("read-write-denied")).anyMatch(x -> x.contains("TI-0001"));
        assertThat(r.plannedEntry().proposed()).isFalse();
        assertThat(r.testsRun().packs().get(0).tests()).filteredOn(t -> t.id().equals("SRV-7.3-ESME"))
                .singleElement().satisfies(t -> assertThat(t.requirements()).containsExactly("REQ-7.3"));
    }

    @Test
    void inputsThatDoNotBelongTogetherAreRefused() {
        RunReport first = run("run-1", "2026-11-20T10:00:00.000Z", firstRunTests(), false);
        assertThatThrownBy(() -> DmctReportBuilder.build("DMC-Y", List.of(input(first)),
                new CompletionDecision("DMC-Y", true, "r", List.of(), "s"), List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none of the 1 run(s) tested DMC DMC-Y");
        assertThatThrownBy(() -> DmctReportBuilder.build("DMC-X", List.of(input(first)), new CompletionDecision(
                "DMC-Z", true, "r", List.of(), "s"), List.of(), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("about DMC DMC-Z");
    }

    @Test
    void theInterimAssessmentIsTheRunsOwnVerdictLabelledAsSuch() {
        RunReport first = run("run-1", "2026-11-20T10:00:00.000Z", firstRunTests(), false);
        CompletionDecision d = new RunVerdictAssessment().decide("DMC-X", List.of(first));
        assertThat(d.completed()).isFalse();
        assertThat(d.rules()).startsWith("interim: the run's own per-DMC verdict");
        assertThat(d.criteria()).singleElement().satisfies(c -> {
            assertThat(c.description()).isEqualTo("every applicable test passes");
            assertThat(c.detail()).contains("SRV-7.3-ESME FAIL", "SRV-6.2-CHF BLOCKED");
        });
        assertThat(new RunVerdictAssessment().issues("DMC-X")).isEmpty();
    }

    @Test
    void htmlJsonAndPdfCarryEverySectionUnderItsClause() throws IOException {
        RunReport first = run("run-1", "2026-11-20T10:00:00.000Z", firstRunTests(), false);
        DmctReport r = DmctReportBuilder.build("DMC-X", List.of(input(first)), decision(false),
                List.of(issue(TestingIssue.Status.OPEN)), NOW);
        String html = DmctReportWriter.html(r);
        assertThat(html).contains("20.29 (a)", "20.29 (b)", "20.29 (c)", "20.29 (d)", "20.29 (e)", "20.30")
                .contains("<svg", "p50 100 ms, p95 190 ms, max 200 ms (n=20)")
                .contains("0 pass / 1 fail / 0 blocked")
                .contains("(c) a change to a SMETS1 Device", "2026-11-30");
        assertThat(html).doesNotContain("<script", "http:", "https:", "src=", "@import", "url(", "<link");

        JsonNode json = new ObjectMapper().readTree(DmctReportWriter.json(r));
        assertThat(json.get("format").asText()).isEqualTo(DmctReport.FORMAT);
        assertThat(json.at("/conclusion/clause").asText()).isEqualTo("20.30");
        assertThat(json.at("/testingIssues/issues/0/workOffPlanDue").asText()).isEqualTo("2026-11-30");

        try (PDDocument pdf = Loader.loadPDF(DmctReportWriter.pdf(r))) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("20.29 (a)", "20.29 (b)", "20.29 (c)", "20.29 (d)", "20.29 (e)", "20.30",
                    "TI-0001", "read-write-denied", "p50 100 ms", "Heatmap", "R4.2");
        }
    }

    @Test
    void formatsAreParsedAndAnUnknownOneIsNamed() {
        assertThat(DmctReportWriter.Format.parse("pdf, HTML")).containsExactlyInAnyOrder(
                DmctReportWriter.Format.PDF, DmctReportWriter.Format.HTML);
        assertThatThrownBy(() -> DmctReportWriter.Format.parse("html,docx"))
                .hasMessageContaining("unknown report format 'docx'");
    }
}
