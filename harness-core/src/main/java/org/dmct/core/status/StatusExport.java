package org.dmct.core.status;

import java.util.List;

/**
 * The DMC Status List and the DMCT Schedule for publication (SEC AK 20.8-20.11): as CSV (one row per DMC, its current
 * status with the schedule and exclusion columns; RFC 4180 quoting) and as one self-contained HTML page (inline style,
 * no script, nothing fetched) with the list, the schedule and the exclusion notices.
 */
public final class StatusExport {
    /** The CSV header. */
    public static final List<String> CSV_COLUMNS = List.of("dmc", "status", "since", "by", "exclusion_reason",
            "exclusion_reason_text", "rationale", "planned_start", "planned_completion", "packs", "note", "run_id");

    private StatusExport() {
    }

    public static String csv(StatusList list) {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (StatusList.Entry e : list.entries()) {
            StatusChange c = e.current();
            StatusChange s = c.status() == DmcStatus.EXCLUDED ? null : e.latestSchedule().orElse(null);
            List<String> row = List.of(e.dmc(), c.status().label(), c.at(), c.by(),
                    c.reason() == null ? "" : c.reason().clause(), c.reason() == null ? "" : c.reason().text(),
                    orEmpty(c.rationale()), s == null ? "" : String.valueOf(s.plannedStart()),
                    s == null ? "" : String.valueOf(s.plannedCompletion()), s == null ? "" : String.join(";", s.packs()),
                    orEmpty(c.note()), orEmpty(c.runId()));
            b.append(String.join(",", row.stream().map(StatusExport::csvField).toList())).append("\r\n");
        }
        return b.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** The page; {@code title} names the lab or programme. */
    public static String html(StatusList list, String title) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(": DMC Status List and DMCT Schedule</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}")
                .append("th,td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#eee}.excluded{color:#777}</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n");
        b.append("<h2 id=\"status-list\">DMC Status List (SEC AK 20.8)</h2>\n<table><thead><tr><th>DMC</th>"
                + "<th>Status</th><th>Since</th><th>By</th><th>Note</th></tr></thead><tbody>\n");
        for (StatusList.Entry e : list.entries()) {
            StatusChange c = e.current();
            b.append("<tr").append(c.status() == DmcStatus.EXCLUDED ? " class=\"excluded\"" : "").append("><td>")
                    .append(esc(e.dmc())).append("</td><td>").append(esc(c.status().label())).append("</td><td>")
                    .append(esc(c.at())).append("</td><td>").append(esc(c.by())).append("</td><td>")
                    .append(esc(c.note())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        b.append("<h2 id=\"schedule\">DMCT Schedule (SEC AK 20.9)</h2>\n<table><thead><tr><th>DMC</th>"
                + "<th>Planned start</th><th>Planned completion</th><th>Test packs</th><th>Status</th></tr></thead>"
                + "<tbody>\n");
        for (StatusList.Entry e : list.schedule()) {
            StatusChange s = e.latestSchedule().orElseThrow();
            b.append("<tr><td>").append(esc(e.dmc())).append("</td><td>").append(s.plannedStart())
                    .append("</td><td>").append(s.plannedCompletion()).append("</td><td>")
                    .append(esc(String.join(", ", s.packs()))).append("</td><td>")
                    .append(esc(e.current().status().label())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
        b.append("<h2 id=\"exclusions\">Exclusion notices (SEC AK 20.11)</h2>\n<table><thead><tr><th>DMC</th>"
                + "<th>Excluded</th><th>Reason (20.11 (a))</th><th>Rationale (20.11 (b))</th></tr></thead><tbody>\n");
        for (StatusList.Entry e : list.entries()) {
            StatusChange c = e.current();
            if (c.status() != DmcStatus.EXCLUDED) {
                continue;
            }
            b.append("<tr><td>").append(esc(e.dmc())).append("</td><td>").append(esc(c.at())).append(" by ")
                    .append(esc(c.by())).append("</td><td>").append(esc(c.reason().clause())).append(": ")
                    .append(esc(c.reason().text())).append("</td><td>")
                    .append(esc(c.rationale() == null ? "none given (not required)" : c.rationale()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n</body></html>\n");
        return b.toString();
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
