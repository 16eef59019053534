package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct report} end to end: the CI lab is run on its simulators ({@code dmct demo}), then the DMCT Report is
 * written for DMC-ALPHA (passes) and DMC-CHARLIE (its ESME's declared firmware defect fails Arm Supply). Each test
 * checks one item of SEC Appendix AK 20.29 (a)-(f) for the passing DMC, or 20.30 for the failing one, in the JSON, the
 * HTML and the PDF (its text extracted with PDFBox). The HTML is also opened in headless Chromium, which must make no
 * network request and report no error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DmctReportCommandTest {
    @TempDir
    static Path dir;

    private Path bundle;
    private Path out;
    private Format alpha;
    private Format charlie;
    private JsonNode run;

    /** One DMC's report in the three formats. */
    private record Format(JsonNode json, String html, String pdf) {
    }

    @BeforeAll
    void runTheCiLabAndWriteTheReports() throws IOException {
        bundle = dir.resolve("demo");
        CliFixture.Result demo = dmct("demo", "--out", bundle.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        run = new ObjectMapper().readTree(bundle.resolve("report/report.json").toFile());
        out = dir.resolve("reports");
        CliFixture.Result a = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-ALPHA", "--out",
                out.toString());
        assertThat(a.exitCode()).as(a.out() + a.err()).isZero();
        assertThat(a.out()).contains("DMC DMC-ALPHA COMPLETED testing");
        CliFixture.Result c = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-CHARLIE", "--out",
                out.toString(), "--format", "html,json,pdf");
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(ExitCodes.CRITERIA_NOT_MET);
        assertThat(c.out()).contains("DMC DMC-CHARLIE FAILED testing");
        alpha = read("DMC-ALPHA");
        charlie = read("DMC-CHARLIE");
    }

    private Format read(String dmc) throws IOException {
        JsonNode json = new ObjectMapper().readTree(out.resolve("dmct-report-" + dmc + ".json").toFile());
        String html = Files.readString(out.resolve("dmct-report-" + dmc + ".html"), StandardCharsets.UTF_8);
        String pdf;
        try (PDDocument doc = Loader.loadPDF(out.resolve("dmct-report-" + dmc + ".pdf").toFile())) {
            pdf = new PDFTextStripper().getText(doc);
        }
        return new Format(json, html, pdf);
    }

    private static JsonNode runDmc(JsonNode run, String id) {
        for (JsonNode d : run.get("dmcs")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no DMC " + id + " in the run report");
    }

    @Test
    void clause20_29a_thePlannedEplcEntry() {
        JsonNode e = alpha.json().get("plannedEntry");
        assertThat(e.get("clause").asText()).isEqualTo("20.29 (a)");
        assertThat(e.get("proposed").asBoolean()).isTrue();
        assertThat(e.get("smso").asText()).isEqualTo("Alpha Metering Services");
        assertThat(e.get("installationType").asText()).isEqualTo("dormant");
        List<String> firmware = new ArrayList<>();
        for (JsonNode d : e.get("devices")) {
            assertThat(d.get("manufacturer").asText()).isNotBlank();
            assertThat(d.get("model").asText()).isNotBlank();
            firmware.add(d.get("firmware").asText());
        }
        assertThat(e.get("devices")).extracting(d -> d.get("type").asText()).containsExactly("CHF", "ESME", "GSME");
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (a)", "Planned entry on the list of SMETS1 Eligible Product",
                    "Alpha Metering Services", "dormant", "ALPHA-CHF", "ALPHA-ESME", "ALPHA-GSME");
            firmware.forEach(f -> assertThat(text).contains(f));
        }
    }

    @Test
    void clause20_29b_versionsOfSystemsEnvironmentsHarnessAdaptersPacksAndSimulators() {
        JsonNode v = alpha.json().get("versions");
        assertThat(v.get("clause").asText()).isEqualTo("20.29 (b)");
        assertThat(v.get("labId").asText()).isEqualTo("ci-simulated");
        assertThat(v.get("labSha256").asText()).isEqualTo(run.at("/lab/sha256").asText()).hasSize(64);
        assertThat(v.at("/environment/DCC systems").asText()).isEqualTo("none (simulated installations)");
        assertThat(v.get("harnessVersions").get(0).asText()).isEqualTo(run.get("harnessVersion").asText());
        assertThat(v.get("adapters")).isNotEmpty();
        assertThat(v.at("/adapters/0/version").asText()).isNotBlank();
        String packSha = run.at("/packs/0/sha256").asText();
        assertThat(v.at("/packs/0/id").asText()).isEqualTo("dmct-srv-reference");
        assertThat(v.at("/packs/0/sha256").asText()).isEqualTo(packSha);
        assertThat(v.get("simulators")).hasSize(3);
        assertThat(v.at("/simulators/0/profileSha256").asText()).hasSize(64);
        // dmct demo runs the simulators in its own process, so their software is recorded with the environment.
        assertThat(v.at("/environment/DMCT simulators").asText()).startsWith("DMCT Harness simulators (org.dmct.sim) ");
        assertThat(v.at("/simulators/0/software").asText()).startsWith("DMCT Harness simulators (org.dmct.sim) ");
        String adapter = v.at("/adapters/0/name").asText();
        String profileSha = v.at("/simulators/1/profileSha256").asText();
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (b)", "ci-simulated", "none (simulated installations)",
                    "CI, loopback", adapter, "dmct-srv-reference", "DMCT simulators");
            // Hashes may wrap in the PDF's table cells: compare without line breaks.
            assertThat(text.replaceAll("\\s", "")).contains(packSha, profileSha,
                    run.at("/lab/sha256").asText());
        }
    }

    @Test
    void clause20_29c_theTestsRun() {
        JsonNode packs = alpha.json().at("/testsRun/packs");
        assertThat(alpha.json().at("/testsRun/clause").asText()).isEqualTo("20.29 (c)");
        JsonNode tests = packs.get(0).get("tests");
        assertThat(tests).hasSize(runDmc(run, "DMC-ALPHA").get("tests").size());
        for (JsonNode t : tests) {
            assertThat(t.get("srv").asText()).isNotBlank();
            assertThat(t.get("kind").asText()).isNotBlank();
            assertThat(t.get("sec")).as(t.get("id").asText()).isNotEmpty();
            assertThat(t.get("deviceTypes")).isNotEmpty();
        }
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (c)", "Tests run", "SRV-7.3-ESME", "SRV-4.1.1-GSME", "SEC AK");
        }
    }

    @Test
    void clause20_29d_theResultsWithSummaryHeatmapAndResponseTimes() {
        JsonNode r = alpha.json().get("results");
        JsonNode counts = runDmc(run, "DMC-ALPHA").get("counts");
        JsonNode s = r.get("summary");
        assertThat(r.get("clause").asText()).isEqualTo("20.29 (d)");
        assertThat(s.get("planned").asInt()).isEqualTo(counts.get("planned").asInt()).isPositive();
        assertThat(s.get("passed").asInt()).isEqualTo(counts.get("passed").asInt()).isEqualTo(s.get("planned").asInt());
        assertThat(s.get("run").asInt()).isEqualTo(s.get("planned").asInt());
        assertThat(s.get("failed").asInt()).isZero();
        assertThat(s.get("notRun").asInt()).isZero();
        for (JsonNode t : r.get("tests")) {
            assertThat(t.get("verdict").asText()).isEqualTo("PASS");
        }
        assertThat(r.get("heatmap")).isNotEmpty();
        for (JsonNode c : r.get("heatmap")) {
            assertThat(c.get("failed").asInt() + c.get("blocked").asInt()).isZero();
        }
        assertThat(r.get("latencies")).isNotEmpty();
        JsonNode l = r.get("latencies").get(0);
        assertThat(l.get("p50").asLong()).isLessThanOrEqualTo(l.get("p95").asLong());
        assertThat(l.get("p95").asLong()).isLessThanOrEqualTo(l.get("max").asLong());
        String latencyLine = "p50 " + l.get("p50").asLong() + " ms, p95 " + l.get("p95").asLong() + " ms, max "
                + l.get("max").asLong() + " ms";
        assertThat(alpha.html()).contains("<svg", "Heatmap: SRV &times; device type", latencyLine,
                "<td class=\"PASS\">1 pass / 0 fail / 0 blocked</td>");
        assertThat(alpha.pdf()).contains("Heatmap: SRV x device type", latencyLine, "1 pass / 0 fail / 0 blocked");
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (d)", "Summary (9.4 (b)-(f))", "Tests not run, with the reason",
                    "Failed tests");
        }
    }

    @Test
    void clause20_29e_everyTestingIssueAndHowItWasResolved() {
        // The interim assessment source has no register yet, so no issue is raised; the section still answers.
        JsonNode e = alpha.json().get("testingIssues");
        assertThat(e.get("clause").asText()).isEqualTo("20.29 (e)");
        assertThat(e.get("issues")).isEmpty();
        assertThat(alpha.json().at("/results/summary/issuesBySeverity/1").asInt()).isZero();
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (e)", "Testing Issues raised and how they were resolved",
                    "No Testing Issue was raised on this DMC.");
        }
    }

    @Test
    void clause20_29f_whyTheDmcHasCompletedTesting() {
        JsonNode c = alpha.json().get("conclusion");
        assertThat(alpha.json().get("completed").asBoolean()).isTrue();
        assertThat(c.get("clause").asText()).isEqualTo("20.29 (f)");
        assertThat(c.get("rules").asText()).startsWith("interim: the run's own per-DMC verdict");
        assertThat(c.get("criteria")).hasSize(1);
        JsonNode criterion = c.get("criteria").get(0);
        assertThat(criterion.get("met").asBoolean()).isTrue();
        String planned = alpha.json().at("/results/summary/planned").asText();
        assertThat(criterion.get("figure").asText()).startsWith(planned + " of " + planned + " planned tests passed");
        for (String text : List.of(alpha.html(), alpha.pdf())) {
            assertThat(text).contains("20.29 (f)", "Why DMC DMC-ALPHA has completed testing", "COMPLETED",
                    "DMC DMC-ALPHA met the run", "every applicable test passes");
            assertThat(text).doesNotContain("20.30 ");
        }
    }

    @Test
    void clause20_30_theReasonsForTheFailureOfTheFailingDmc() {
        JsonNode j = charlie.json();
        assertThat(j.get("completed").asBoolean()).isFalse();
        assertThat(j.at("/plannedEntry/proposed").asBoolean()).isFalse();
        JsonNode c = j.get("conclusion");
        assertThat(c.get("clause").asText()).isEqualTo("20.30");
        assertThat(c.at("/criteria/0/met").asBoolean()).isFalse();
        assertThat(c.at("/criteria/0/detail").toString()).contains("SRV-7.3-ESME FAIL");
        List<String> reasons = new ArrayList<>();
        c.get("failureReasons").forEach(x -> reasons.add(x.asText()));
        assertThat(reasons).anyMatch(x -> x.startsWith("criterion not met:"))
                .anyMatch(x -> x.startsWith("test failed: SRV-7.3-ESME") && x.contains("read-write-denied"));
        assertThat(j.at("/results/summary/failed").asInt()).isEqualTo(1);
        assertThat(j.at("/results/summary/failedTests/0/test").asText()).isEqualTo("SRV-7.3-ESME");
        // No gas meter: the GSME tests do not apply, each with its reason.
        assertThat(j.at("/results/summary/notApplicableTests")).isNotEmpty();
        for (String text : List.of(charlie.html(), charlie.pdf())) {
            assertThat(text).contains("20.30", "Reasons for the failure of DMC DMC-CHARLIE", "FAILED",
                    "SRV-7.3-ESME", "read-write-denied", "not proposed", "0 pass / 1 fail / 0 blocked");
            assertThat(text).doesNotContain("20.29 (f)");
        }
        assertThat(charlie.html()).contains("<td class=\"FAIL\">0 pass / 1 fail / 0 blocked</td>");
    }

    @Test
    void theHtmlOpensInHeadlessChromiumWithNoConsoleErrorsAndNoNetworkRequests() throws Exception {
        for (String dmc : List.of("DMC-ALPHA", "DMC-CHARLIE")) {
            Path html = out.resolve("dmct-report-" + dmc + ".html");
            try (HeadlessChromium chromium = HeadlessChromium.start()) {
                HeadlessChromium.PageLoad load = chromium.load(html);
                assertThat(load.requests()).as(dmc + ": network requests besides the file itself").isEmpty();
                assertThat(load.errors()).as(dmc + ": console and log errors").isEmpty();
            }
        }
    }

    @Test
    void theChromiumCheckSeesARequestAndAConsoleErrorWhenAPageHasThem() throws Exception {
        // Proves the check above can fail: a page that loads an image (from a closed local port, so nothing leaves
        // the machine) and logs an error is caught on both counts.
        Path page = dir.resolve("bad.html");
        Files.writeString(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bad</title></head><body>"
                + "<img src=\"http://127.0.0.1:9/x.png\" alt=\"x\"><script>console.error('boom')</script>"
                + "</body></html>");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.PageLoad load = chromium.load(page);
            assertThat(load.requests()).contains("http://127.0.0.1:9/x.png");
            assertThat(load.errors()).anyMatch(e -> e.contains("boom"));
        }
    }

    @Test
    void aDmcInNoBundleAndAnUnknownFormatAreUsageErrors() {
        CliFixture.Result r = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-NOPE", "--out",
                dir.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(r.err()).contains("DMC DMC-NOPE is in none of the 1 bundle(s)");
        r = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-ALPHA", "--out", dir.resolve("x").toString(),
                "--format", "docx");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(r.err()).contains("unknown report format 'docx'");
    }
}
