package org.dmct.core.report;

import java.util.Map;

/**
 * {@code report/report.html}: one self-contained page (inline CSS, no scripts, no external resources): the run header
 * (lab, environment, packs with their hashes, times, harness version, evidence chain), a summary table of the DMCs,
 * and per DMC its criteria and the table of tests with verdict colours, reasons and requests. All text is escaped.
 */
final class HtmlReport {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em;color:#1d1d1f;"
                    + "line-height:1.4}",
            "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}",
            "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}",
            "th,td{border:1px solid #d0d0d0;padding:.3em .6em;text-align:left;vertical-align:top}",
            "th{background:#f2f2f2}td.num{text-align:right}code,.hash{font-family:ui-monospace,Menlo,monospace;"
                    + "font-size:.85em;word-break:break-all}",
            ".PASS{background:#d9f2d9;color:#135e13;font-weight:600}",
            ".FAIL{background:#f8d3d3;color:#8a1010;font-weight:600}",
            ".BLOCKED{background:#fde6c4;color:#7a4a00;font-weight:600}",
            ".NOT_RUN{background:#e8e8e8;color:#555;font-weight:600}",
            ".met{color:#135e13;font-weight:600}.notmet{color:#8a1010;font-weight:600}",
            ".warn{background:#f8d3d3;border:1px solid #8a1010;padding:.6em;margin:1em 0}",
            ".na td{color:#777}.reqs{margin:0;padding-left:1.1em;font-size:.85em}");

    private HtmlReport() {
    }

    static String render(RunReport r) {
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>DMCT run report ").append(e(r.runId())).append("</title>\n<style>\n").append(CSS)
                .append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>DMCT run report</h1>\n");
        h.append("<p>Run <code>").append(e(r.runId())).append("</code>: ")
                .append(r.allMet() ? "<span class=\"met\">every DMC met its criteria</span>"
                        : "<span class=\"notmet\">not every DMC met its criteria</span>").append("</p>\n");
        if (!r.evidence().chainValid()) {
            h.append("<div class=\"warn\">The evidence log does not verify: line ").append(r.evidence().firstBadLine())
                    .append(": ").append(e(r.evidence().problem())).append("</div>\n");
        }
        if (r.error() != null) {
            h.append("<div class=\"warn\">The run could not complete its work: ").append(e(r.error()))
                    .append("</div>\n");
        }
        if (r.aborted() != null) {
            h.append("<div class=\"warn\">The run was aborted: ").append(e(r.aborted())).append("</div>\n");
        }
        h.append("<table>\n");
        if (r.lab() != null) {
            row(h, "Lab", e(r.lab().id()) + " &mdash; " + e(r.lab().title()));
            row(h, "Lab file", "<code>" + e(r.lab().file()) + "</code><br><span class=\"hash\">sha256 "
                    + e(r.lab().sha256()) + "</span>");
            if (r.lab().environment() != null && !r.lab().environment().isEmpty()) {
                StringBuilder env = new StringBuilder();
                for (Map.Entry<String, String> en : r.lab().environment().entrySet()) {
                    env.append(e(en.getKey())).append(": ").append(e(en.getValue())).append("<br>");
                }
                row(h, "Systems and environments", env.toString());
            }
        }
        row(h, "Started", e(r.started()));
        row(h, "Finished", e(r.finished()));
        row(h, "Harness version", e(r.harnessVersion()));
        row(h, "Evidence", "<code>" + e(r.evidence().file()) + "</code>, " + r.evidence().lines()
                + " lines, chain " + (r.evidence().chainValid() ? "verified" : "<b>BROKEN</b>")
                + "<br><span class=\"hash\">final hash " + e(r.evidence().finalHash()) + "</span>");
        h.append("</table>\n");

        h.append("<h2>Packs</h2>\n<table>\n<tr><th>Pack</th><th>Title</th><th>Version</th><th>Release</th>")
                .append("<th>Standard</th><th>SHA-256</th></tr>\n");
        for (RunReport.Pack p : r.packs()) {
            h.append("<tr><td><code>").append(e(p.id())).append("</code></td><td>").append(e(p.title()))
                    .append("</td><td>").append(e(p.version())).append("</td><td>").append(e(p.release()))
                    .append("</td><td>").append(p.standard() ? "standard" : "non-standard: " + e(p.rationale()))
                    .append("</td><td class=\"hash\">").append(e(p.sha256())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>DMCs</h2>\n<table>\n<tr><th>DMC</th><th>Title</th><th>Adapter</th><th>Criteria</th>")
                .append("<th>Planned</th><th>Passed</th><th>Failed</th><th>Blocked</th><th>Not run</th>")
                .append("<th>Not applicable</th></tr>\n");
        for (RunReport.Dmc d : r.dmcs()) {
            RunReport.Counts c = d.counts();
            h.append("<tr><td><a href=\"#dmc-").append(e(anchor(d.id()))).append("\">").append(e(d.id()))
                    .append("</a></td><td>").append(e(d.title())).append("</td><td>")
                    .append(d.adapter() == null ? "none" : e(d.adapter())).append("</td><td>")
                    .append(d.criteriaMet() ? "<span class=\"met\">met</span>" : "<span class=\"notmet\">not met</span>")
                    .append("</td>");
            for (int n : new int[] {c.planned(), c.passed(), c.failed(), c.blocked(), c.notRun(), c.notApplicable()}) {
                h.append("<td class=\"num\">").append(n).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");

        for (RunReport.Dmc d : r.dmcs()) {
            h.append("<h2 id=\"dmc-").append(e(anchor(d.id()))).append("\">").append(e(d.id())).append(" &mdash; ")
                    .append(e(d.title())).append("</h2>\n");
            h.append("<p>SMSO: ").append(e(d.smso())).append("; installation type: ").append(e(d.installationType()))
                    .append("; link: <code>").append(e(d.link())).append("</code>; adapter: ")
                    .append(d.adapter() == null ? "none" : e(d.adapter())).append("</p>\n");
            if (!d.devices().isEmpty()) {
                h.append("<table>\n<tr><th>Device</th><th>Type</th><th>Manufacturer</th><th>Model</th>")
                        .append("<th>Firmware</th><th>Serial number</th><th>Profile</th><th>Declared defects</th></tr>\n");
                for (RunReport.Device v : d.devices()) {
                    h.append("<tr><td>").append(e(v.id())).append("</td><td>").append(e(v.type())).append("</td><td>")
                            .append(e(v.manufacturer())).append("</td><td>").append(e(v.model())).append("</td><td>")
                            .append(e(v.firmware())).append("</td><td>").append(e(v.serialNumber()))
                            .append("</td><td><code>").append(e(v.profile())).append("</code></td><td>")
                            .append(e(String.join("; ", v.declaredDefects())))
                            .append(v.injectedFaults().isEmpty() ? "" : "<br>Injected faults: "
                                    + e(String.join("; ", v.injectedFaults())))
                            .append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
            h.append("<p>Criteria: ").append(d.criteriaMet() ? "<span class=\"met\">met</span>"
                    : "<span class=\"notmet\">not met</span>").append(" (").append(e(d.criteriaRule()))
                    .append(")</p>\n");
            h.append("<table>\n<tr><th>#</th><th>Test</th><th>Title</th><th>SRV</th><th>Kind</th><th>Verdict</th>")
                    .append("<th>Reason</th><th>Duration</th><th>Requests</th></tr>\n");
            int i = 0;
            for (RunReport.Test t : d.tests()) {
                i++;
                h.append(t.applicable() ? "<tr>" : "<tr class=\"na\">").append("<td class=\"num\">").append(i)
                        .append("</td><td><code>").append(e(t.id())).append("</code><br><small>").append(e(t.pack()))
                        .append("</small></td><td>").append(e(t.title())).append("</td><td>")
                        .append(t.srv() == null ? "" : e(t.srv())).append("</td><td>").append(e(t.kind()))
                        .append("</td><td class=\"").append(e(t.verdict())).append("\">").append(e(t.verdict()))
                        .append("</td><td>").append(e(t.reason())).append("</td><td class=\"num\">")
                        .append(t.durationMs()).append(" ms</td><td>");
                if (!t.requests().isEmpty()) {
                    h.append("<ul class=\"reqs\">");
                    for (RunReport.Request q : t.requests()) {
                        h.append("<li>").append(e(q.srv())).append(" &rarr; ").append(e(q.device())).append(": ")
                                .append(q.code() == null ? "no response" : e(q.code()))
                                .append(q.deviceResult() != null && !"success".equals(q.deviceResult())
                                        ? " (" + e(q.deviceResult()) + ")" : "")
                                .append(q.latencyMs() == null ? "" : ", " + q.latencyMs() + " ms")
                                .append(q.late() ? ", late" : "").append("</li>");
                    }
                    h.append("</ul>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p><small>Written from the run bundle's manifest and evidence log by DMCT Harness ")
                .append(e(r.harnessVersion())).append(".</small></p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, String html) {
        h.append("<tr><th>").append(e(name)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static String e(String s) {
        return Text.escape(s == null ? "" : s);
    }

    private static String anchor(String id) {
        return id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
