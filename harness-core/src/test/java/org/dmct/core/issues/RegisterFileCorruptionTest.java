package org.dmct.core.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.pack.TestKind;
import org.dmct.core.run.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged register is refused with the file and the field named, never half-loaded; writes leave no temporary
 * file behind.
 */
class RegisterFileCorruptionTest {
    @TempDir
    Path dir;

    /** A register with one issue that went through every step, as the register writes it. */
    String goodRegister() throws Exception {
        Path state = dir.resolve("good");
        Path b1 = EvidenceBundles.write(dir.resolve("b1"), "run-1", Instant.parse("2026-11-23T10:00:00Z"),
                List.of(EvidenceBundles.result("D1", "F1", TestKind.FUNCTIONAL, Verdict.FAIL)));
        TestingIssueRegister reg = TestingIssueRegister.open(state);
        reg.raiseFrom(b1, SeverityRules.defaults(), "t");
        reg.chooseResolution("TI-0001", TestingIssue.ResolutionOption.B_DCC_SYSTEMS_AND_CODE, "why", "t");
        reg.exclude("TI-0001", "reason", "TAG", "t");
        reg.planWorkOff(java.time.LocalDate.parse("2026-11-23"),
                WorkingDayCalendar.load(WorkingDayCalendarTest.SHIPPED), null, "ops", "t");
        assertThat(state.resolve("testing-issues.json.tmp")).doesNotExist();
        return Files.readString(state.resolve(TestingIssueRegister.FILE_NAME));
    }

    @Test
    void aWrittenRegisterReadsBackEqual() throws Exception {
        goodRegister();
        TestingIssueRegister a = TestingIssueRegister.open(dir.resolve("good"));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(a.file(), copy.resolve(TestingIssueRegister.FILE_NAME));
        assertThat(TestingIssueRegister.open(copy).all()).isEqualTo(a.all());
        assertThat(a.get("TI-0001").resolution().option())
                .isEqualTo(TestingIssue.ResolutionOption.B_DCC_SYSTEMS_AND_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "severity out of range     | \"severity\" : 3,            | \"severity\" : 9,            | issues[0].severity: 9 is out of range 1..5",
        "severity not a number     | \"severity\" : 3,            | \"severity\" : \"high\",     | issues[0].severity: expected a whole number",
        "unknown status            | \"status\" : \"RESOLUTION_CHOSEN\" | \"status\" : \"DONE\"  | issues[0].status: 'DONE' is not one of",
        "bad resolution option     | \"option\" : \"b\"           | \"option\" : \"e\"           | issues[0].resolution.option: 'e' is not a, b, c or d",
        "missing dmc               | \"dmc\" : \"D1\",            | \"dmcX\" : \"D1\",           | issues[0].dmc: missing required field",
        "bad instant               | \"at\" : \"2026               | \"at\" : \"yesterday\", \"x\" : \"2026 | issues[0].resolution.at: 'yesterday' is not an ISO-8601 instant",
        "bad due date              | \"dueDate\" : \"2026-12-21\" | \"dueDate\" : \"2026-13-40\" | issues[0].workOffPlan.dueDate: '2026-13-40' is not a date",
        "line number zero          | \"lines\" : [ 2, 3 ]         | \"lines\" : [ 0, 3 ]         | issues[0].evidence[0].lines[0]: expected a line number",
        "wrong format              | dmct-testing-issues/1        | dmct-testing-issues/9        | format: expected 'dmct-testing-issues/1'",
        "issues not a list         | \"issues\" : [               | \"issues\" : \"none\", \"old\" : [ | issues: expected a list",
        "reruns hold a number      | \"reruns\" : [ ]             | \"reruns\" : [ 7 ]           | issues[0].reruns[0]: expected a run id",
        "nextId negative           | \"nextId\" : 2,              | \"nextId\" : -2,             | nextId: -2 is out of range",
        "runs entry without bundle | \"bundle\" : \"/             | \"bundleX\" : \"/            | runs[0].bundle: missing required field",
    })
    void everyDamagedFieldIsNamed(String what, String from, String to, String expected) throws Exception {
        String good = goodRegister();
        assertThat(good).as("fixture holds %s", from).contains(from);
        Path state = Files.createDirectories(dir.resolve("bad"));
        Path file = state.resolve(TestingIssueRegister.FILE_NAME);
        Files.writeString(file, good.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        assertThatThrownBy(() -> TestingIssueRegister.open(state)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(expected);
    }

    @Test
    void truncatedOrDuplicatedContentIsRefused() throws Exception {
        String good = goodRegister();
        Path state = Files.createDirectories(dir.resolve("cut"));
        Path file = state.resolve(TestingIssueRegister.FILE_NAME);
        Files.writeString(file, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> TestingIssueRegister.open(state)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> TestingIssueRegister.open(state)).hasMessageContaining("expected a JSON object");
        int start = good.indexOf("\"issues\" : [") + "\"issues\" : [".length();
        int end = good.lastIndexOf(']');
        String issue = good.substring(start, end).trim();
        Files.writeString(file, good.substring(0, start) + issue + ", " + issue + good.substring(end));
        assertThatThrownBy(() -> TestingIssueRegister.open(state)).hasMessageContaining("issues[1].id")
                .hasMessageContaining("'TI-0001' is used twice");
    }
}
