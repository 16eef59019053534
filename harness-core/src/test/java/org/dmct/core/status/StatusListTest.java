package org.dmct.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusListTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static StatusUpdate schedule(String start, String end, String... packs) {
        return new StatusUpdate(DmcStatus.SCHEDULED, null, null, LocalDate.parse(start), LocalDate.parse(end),
                List.of(packs), null, null);
    }

    private static StatusUpdate exclude(ExclusionReason reason, String rationale) {
        return new StatusUpdate(DmcStatus.EXCLUDED, reason, rationale, null, null, List.of(), null, null);
    }

    private static StatusList throughTheProcess() {
        StatusList list = new StatusList();
        list.apply("DMC-1", StatusUpdate.to(DmcStatus.SUBMITTED, "from Supplier A", null), T, "alice");
        list.apply("DMC-1", StatusUpdate.to(DmcStatus.DATA_COMPLETE, null, null), T.plusSeconds(60), "alice");
        list.apply("DMC-1", schedule("2027-01-04", "2027-01-29", "dmct-srv-reference", "migration"),
                T.plusSeconds(120), "bob");
        list.apply("DMC-1", StatusUpdate.to(DmcStatus.IN_TEST, null, "run-1"), T.plusSeconds(180), "dmct run");
        list.apply("DMC-1", StatusUpdate.to(DmcStatus.PASSED, null, "run-1"), T.plusSeconds(240), "dmct run");
        list.apply("DMC-2", StatusUpdate.to(DmcStatus.SUBMITTED, null, null), T, "alice");
        list.apply("DMC-2", exclude(ExclusionReason.E, "no GSME of model \"G4\", <sourcing> 2027"), T.plusSeconds(60),
                "carol");
        return list;
    }

    @Test
    void aDmcGoesThroughTheProcessAndEveryChangeIsKeptWithTimeAndWho() {
        StatusList list = throughTheProcess();
        StatusList.Entry e = list.entry("DMC-1").orElseThrow();
        assertThat(e.history()).extracting(StatusChange::status).containsExactly(DmcStatus.SUBMITTED,
                DmcStatus.DATA_COMPLETE, DmcStatus.SCHEDULED, DmcStatus.IN_TEST, DmcStatus.PASSED);
        assertThat(e.history().get(2).by()).isEqualTo("bob");
        assertThat(e.history().get(2).at()).isEqualTo("2026-11-23T10:02:00.000Z");
        assertThat(e.current().runId()).isEqualTo("run-1");
        assertThat(list.schedule()).extracting(StatusList.Entry::dmc).containsExactly("DMC-1");
        list.apply("DMC-1", StatusUpdate.to(DmcStatus.REPORT_PUBLISHED, null, null), T.plusSeconds(300), "bob");
        assertThatThrownBy(() -> list.apply("DMC-1", StatusUpdate.to(DmcStatus.IN_TEST, null, null), T, "x"))
                .isInstanceOf(StatusException.class).hasMessageContaining("report-published is final");
    }

    @Test
    void invalidTransitionsAndMissingFieldsAreRefusedAndChangeNothing() {
        StatusList list = throughTheProcess();
        assertThatThrownBy(() -> list.apply("DMC-9", StatusUpdate.to(DmcStatus.IN_TEST, null, null), T, "x"))
                .hasMessageContaining("DMC-9 is not on the status list").hasMessageContaining("submitted");
        list.apply("DMC-3", StatusUpdate.to(DmcStatus.SUBMITTED, null, null), T, "x");
        assertThatThrownBy(() -> list.apply("DMC-3", StatusUpdate.to(DmcStatus.PASSED, null, null), T, "x"))
                .hasMessage("DMC DMC-3 is submitted; it cannot become passed (from submitted it can become:"
                        + " data-complete, excluded)");
        assertThatThrownBy(() -> list.apply("DMC-3", exclude(null, null), T, "x"))
                .hasMessageContaining("needs its reason from SEC AK 20.6 (a)-(f)");
        assertThatThrownBy(() -> list.apply("DMC-3", exclude(ExclusionReason.C, " "), T, "x"))
                .hasMessageContaining("20.6 (c) needs its rationale");
        list.apply("DMC-3", StatusUpdate.to(DmcStatus.DATA_COMPLETE, null, null), T, "x");
        assertThatThrownBy(() -> list.apply("DMC-3", schedule("2027-02-01", "2027-01-01", "p"), T, "x"))
                .hasMessageContaining("before the planned start");
        assertThatThrownBy(() -> list.apply("DMC-3", new StatusUpdate(DmcStatus.SCHEDULED, null, null,
                LocalDate.parse("2027-01-01"), null, List.of("p"), null, null), T, "x"))
                .hasMessageContaining("planned start and completion dates and the packs");
        assertThatThrownBy(() -> list.apply("DMC-3", new StatusUpdate(DmcStatus.SCHEDULED, ExclusionReason.A, null,
                LocalDate.parse("2027-01-01"), LocalDate.parse("2027-01-02"), List.of("p"), null, null), T, "x"))
                .hasMessageContaining("belong to an exclusion");
        assertThat(list.entry("DMC-3").orElseThrow().current().status()).isEqualTo(DmcStatus.DATA_COMPLETE);
        // (a) and (b) need no rationale.
        list.apply("DMC-3", exclude(ExclusionReason.A, null), T, "x");
        assertThat(list.notice("DMC-3")).contains("Reason (20.11 (a)): 20.6 (a): the DMC is already on the list")
                .contains("none given");
    }

    @Test
    void theExclusionNoticeNamesTheReasonAndRationale() {
        StatusList list = throughTheProcess();
        assertThat(list.notice("DMC-2")).contains("DMC: DMC-2").contains("by carol")
                .contains("20.6 (e): the DCC has been unable to source suitable devices")
                .contains("Rationale (20.11 (b)): no GSME of model \"G4\", <sourcing> 2027");
        assertThatThrownBy(() -> list.notice("DMC-1")).hasMessageContaining("passed, not excluded");
    }

    @Test
    void csvAndHtmlHoldTheListTheScheduleAndTheNotices() {
        StatusList list = throughTheProcess();
        String csv = StatusExport.csv(list);
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).isEqualTo(String.join(",", StatusExport.CSV_COLUMNS));
        assertThat(rows.get(1)).isEqualTo("DMC-1,passed,2026-11-23T10:04:00.000Z,dmct run,,,,2027-01-04,2027-01-29,"
                + "dmct-srv-reference;migration,,run-1");
        assertThat(rows.get(2)).startsWith("DMC-2,excluded,2026-11-23T10:01:00.000Z,carol,20.6 (e),\"the DCC has"
                + " been unable to source suitable devices for testing, or does not yet know whether it can source"
                + " them\",\"no GSME of model \"\"G4\"\", <sourcing> 2027\",,,,,");
        assertThat(csv).contains("\r\n");

        String html = StatusExport.html(list, "Lab <A>");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Lab &lt;A&gt;: DMC Status List")
                .doesNotContain("<script").doesNotContain("http")
                .contains("<tr><td>DMC-1</td><td>2027-01-04</td><td>2027-01-29</td><td>dmct-srv-reference,"
                        + " migration</td><td>passed</td></tr>")
                .contains("<td>20.6 (e): the DCC has been unable")
                .contains("no GSME of model &quot;G4&quot;, &lt;sourcing&gt; 2027");
        assertThat(html.substring(html.indexOf("id=\"schedule\""), html.indexOf("id=\"exclusions\"")))
                .doesNotContain("DMC-2");
    }

    @Test
    void theListSurvivesSaveAndLoad() throws IOException {
        StatusList list = throughTheProcess();
        Path file = dir.resolve("state/status.json");
        list.save(file);
        StatusList again = StatusList.load(file);
        assertThat(again.entries()).isEqualTo(list.entries());
        assertThat(StatusList.load(dir.resolve("none.json")).entries()).isEmpty();
    }

    @Test
    void aCorruptFileIsRefusedNamingTheFileAndField() throws IOException {
        Path file = dir.resolve("status.json");
        throughTheProcess().save(file);
        String good = Files.readString(file);

        Files.writeString(file, good.replaceFirst("\"status\" : \"data-complete\"", "\"status\" : \"complete-ish\""));
        assertThatThrownBy(() -> StatusList.load(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("field dmcs[0].history[1].status").hasMessageContaining("complete-ish");

        Files.writeString(file, good.replaceFirst("\"plannedStart\" : \"2027-01-04\"", "\"plannedStart\" : \"4/1/27\""));
        assertThatThrownBy(() -> StatusList.load(file)).hasMessageContaining("field dmcs[0].history[2].plannedStart")
                .hasMessageContaining("not a date");

        Files.writeString(file, good.replaceFirst("\"reason\" : \"e\"", "\"reason\" : \"g\""));
        assertThatThrownBy(() -> StatusList.load(file)).hasMessageContaining("field dmcs[1].history[1].reason");

        Files.writeString(file, good.replace("dmct-status/1", "dmct-status/9"));
        assertThatThrownBy(() -> StatusList.load(file)).hasMessageContaining("field format");

        Files.writeString(file, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> StatusList.load(file)).hasMessageContaining(file + ": not valid JSON");
    }
}
