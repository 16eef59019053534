package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct report --lab}: the DMCT Report takes its Testing Issues (20.29 (e)) from the lab's register and its
 * decision (20.29 (f) / 20.30) from the SVTAD exit criteria, not from the run's interim verdict. DMC-CHARLIE's
 * declared defect fails Arm Supply in a real run of the CI lab's simulators; the issue is raised, given resolution
 * option (c) with a rationale, and must appear in the report with the criteria that judge it.
 */
class DmctReportWithRegisterTest {
    @TempDir
    Path dir;

    @Test
    void theReportPrintsTheRegistersIssuesAndTheSvtadDecision() throws Exception {
        Path lab = IssuesCommandTest.copyLab(dir.resolve("lab"));
        String labArg = lab.toString();
        Path bundle = dir.resolve("run");
        CliFixture.Result demo = dmct("demo", "--lab", labArg, "--out", bundle.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(CliFixture.verdicts(bundle).get("DMC-CHARLIE")).containsEntry(IssuesCommandTest.FAILING_TEST,
                "FAIL");
        assertThat(dmct("issues", "raise-from", bundle.toString(), "--lab", labArg).exitCode()).isZero();
        String rationale = "B2-01 configuration refuses arming; a configuration change to the device";
        assertThat(dmct("issues", "resolve", "TI-0001", "--option", "c", "--rationale", rationale, "--by", "dcc",
                "--lab", labArg).exitCode()).isZero();

        Path out = dir.resolve("reports");
        CliFixture.Result charlie = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-CHARLIE", "--out",
                out.toString(), "--lab", labArg);
        assertThat(charlie.exitCode()).as(charlie.out() + charlie.err()).isEqualTo(ExitCodes.CRITERIA_NOT_MET);
        JsonNode j = new ObjectMapper().readTree(out.resolve("dmct-report-DMC-CHARLIE.json").toFile());
        JsonNode issue = j.at("/testingIssues/issues/0");
        assertThat(issue.get("id").asText()).isEqualTo("TI-0001");
        assertThat(issue.toString()).contains(IssuesCommandTest.FAILING_TEST, rationale,
                "(c) a change to a SMETS1 Device");
        JsonNode c = j.get("conclusion");
        assertThat(c.get("clause").asText()).isEqualTo("20.30");
        assertThat(c.get("rules").asText()).doesNotStartWith("interim");
        List<String> ids = new ArrayList<>();
        c.get("criteria").forEach(x -> ids.add(x.get("id").asText()));
        assertThat(ids).contains("all-planned-executed", "functional-pass-rate", "regression-pass-rate",
                "work-off-plans");
        String html = Files.readString(out.resolve("dmct-report-DMC-CHARLIE.html"), StandardCharsets.UTF_8);
        String pdf;
        try (PDDocument doc = Loader.loadPDF(out.resolve("dmct-report-DMC-CHARLIE.pdf").toFile())) {
            pdf = new PDFTextStripper().getText(doc);
        }
        for (String text : List.of(html, pdf)) {
            assertThat(text).contains("TI-0001", IssuesCommandTest.FAILING_TEST, "20.30");
        }

        CliFixture.Result alpha = dmct("report", "--bundle", bundle.toString(), "--dmc", "DMC-ALPHA", "--out",
                out.toString(), "--lab", labArg);
        assertThat(alpha.exitCode()).as(alpha.out() + alpha.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(out.resolve("dmct-report-DMC-ALPHA.json").toFile());
        assertThat(a.at("/conclusion/clause").asText()).isEqualTo("20.29 (f)");
        assertThat(a.at("/testingIssues/issues")).isEmpty();
        a.at("/conclusion/criteria").forEach(x -> assertThat(x.get("met").asBoolean()).as(x.toString()).isTrue());
    }
}
