package org.dmct.core.report;

import java.util.List;
import java.util.Map;

/**
 * The DMCT Report as one self-contained HTML page: inline CSS and inline SVG charts, no scripts, and no reference to
 * anything outside the page (no fonts, images, stylesheets or links that load), so it opens offline and leaks nothing.
 * Every section is headed with the clause it answers. Colour is never the only signal: every heatmap cell and verdict
 * also says what it is in text. All text is escaped.
 */
final class DmctHtmlReport {
    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em;color:#1d1d1f;"
                    + "line-height:1.4;max-width:75em}",
            "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #445}",
            "h3{font-size:1.05em;margin-top:1.4em}.clause{color:#445;font-weight:400;font-size:.85em}",
            "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}",
            "th,td{border:1px solid #d0d0d0;padding:.3em .6em;text-align:left;vertical-align:top}",
            "th{background:#f2f2f2}td.num{text-align:right}code,.hash{font-family:ui-monospace,Menlo,monospace;"
                    + "font-size:.85em;word-break:break-all}",
            ".PASS{background:#d9f2d9;color:#135e13;font-weight:600}",
            ".FAIL{background:#f8d3d3;color:#8a1010;font-weight:600}",
            ".BLOCKED{background:#fde6c4;color:#7a4a00;font-weight:600}",
            ".NOT_RUN,.NOT_APPLICABLE{background:#e8e8e8;color:#555;font-weight:600}",
            ".met{color:#135e13;font-weight:600}.notmet{color:#8a1010;font-weight:600}",
            ".verdict{padding:.6em;margin:1em 0;border:1px solid}",
            ".verdict.ok{background:#d9f2d9;border-color:#135e13}.verdict.bad{background:#f8d3d3;border-color:#8a1010}",
            ".heat td{text-align:center;min-width:7em}.empty{color:#999}",
            "ul.plain{margin:.2em 0;padding-left:1.2em}");

    private DmctHtmlReport() {
    }

    static String render(DmctReport r) {
        StringBuilder h = new StringBuilder(32768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>DMCT Report ").append(e(r.dmcId())).append("</title>\n<style>\n").append(CSS)
                .append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>DMCT Report: ").append(e(r.dmcId())).append(" &mdash; ").append(e(r.title())).append("</h1>\n");
        h.append("<div class=\"verdict ").append(r.completed() ? "ok" : "bad").append("\"><b>")
                .append(r.completed() ? "COMPLETED: the DMC has completed testing"
                        : "FAILED: the DMC has failed testing; no entry is proposed")
                .append("</b><br>").append(e(r.conclusion().statement())).append("</div>\n");
        h.append("<p>Generated ").append(e(r.generated())).append(" (format <code>").append(e(r.format()))
                .append("</code>) from ").append(r.runs().size()).append(" run bundle(s):</p>\n<table>\n")
                .append("<tr><th>Run</th><th>Bundle</th><th>Started</th><th>Finished</th><th>Harness</th>")
                .append("<th>Evidence</th></tr>\n");
        for (DmctReport.RunSource s : r.runs()) {
            h.append("<tr><td><code>").append(e(s.runId())).append("</code></td><td><code>").append(e(s.bundle()))
                    .append("</code></td><td>").append(e(s.started())).append("</td><td>").append(e(s.finished()))
                    .append("</td><td>").append(e(s.harnessVersion())).append("</td><td>").append(s.evidenceLines())
                    .append(" lines, chain ").append(s.chainValid() ? "verified" : "<b>BROKEN</b>")
                    .append("<br><span class=\"hash\">").append(e(s.evidenceFinalHash())).append("</span></td></tr>\n");
        }
        h.append("</table>\n");

        plannedEntry(h, r.plannedEntry());
        versions(h, r.versions());
        testsRun(h, r.testsRun());
        results(h, r.results());
        issues(h, r.testingIssues());
        conclusion(h, r.conclusion());
        h.append("<p><small>DMCT Report written by DMCT Harness from the run bundles' manifests and evidence logs,"
                + " the completion decision and the Testing Issues register.</small></p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void heading(StringBuilder h, String clause, String heading, String id) {
        h.append("<h2 id=\"").append(id).append("\"><span class=\"clause\">").append(e(clause))
                .append("</span> ").append(e(heading)).append("</h2>\n");
    }

    private static void plannedEntry(StringBuilder h, DmctReport.PlannedEntry p) {
        heading(h, "20.29 (a)", p.heading(), "planned-entry");
        h.append("<p>").append(p.proposed() ? "Proposed entry" : "Planned entry, <b>not proposed</b>: the DMC failed"
                + " testing (see 20.30 below)").append(".</p>\n<table>\n");
        row(h, "DMC", e(p.dmcId()) + " &mdash; " + e(p.title()));
        row(h, "SMSO", e(p.smso()));
        row(h, "Installation type", e(p.installationType()));
        h.append("</table>\n<table>\n<tr><th>Device</th><th>Type</th><th>Manufacturer</th><th>Model</th>")
                .append("<th>Firmware</th><th>Serial number</th><th>Profile</th><th>Declared defects</th></tr>\n");
        for (DmctReport.Device d : p.devices()) {
            h.append("<tr><td>").append(e(d.id())).append("</td><td>").append(e(d.type())).append("</td><td>")
                    .append(e(d.manufacturer())).append("</td><td>").append(e(d.model())).append("</td><td>")
                    .append(e(d.firmware())).append("</td><td>").append(e(d.serialNumber())).append("</td><td><code>")
                    .append(e(d.profile())).append("</code></td><td>")
                    .append(d.declaredDefects().isEmpty() ? "none" : e(String.join("; ", d.declaredDefects())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void versions(StringBuilder h, DmctReport.Versions v) {
        heading(h, "20.29 (b)", v.heading(), "versions");
        h.append("<h3>Systems and environments (the lab's declaration)</h3>\n<table>\n");
        row(h, "Lab", e(v.labId()) + " &mdash; " + e(v.labTitle()));
        row(h, "Lab file", "<code>" + e(v.labFile()) + "</code><br><span class=\"hash\">SHA-256 " + e(v.labSha256())
                + "</span>");
        for (Map.Entry<String, String> en : v.environment().entrySet()) {
            row(h, en.getKey(), e(en.getValue()));
        }
        row(h, "Harness version", e(String.join(", ", v.harnessVersions())));
        h.append("</table>\n<h3>Adapters</h3>\n<table>\n<tr><th>Adapter</th><th>Version</th>")
                .append("<th>Implementation</th></tr>\n");
        for (DmctReport.Adapter a : v.adapters()) {
            h.append("<tr><td>").append(e(a.name())).append("</td><td>").append(e(a.version())).append("</td><td><code>")
                    .append(e(a.implementation())).append("</code></td></tr>\n");
        }
        h.append("</table>\n<h3>Packs</h3>\n<table>\n<tr><th>Pack</th><th>Title</th><th>Version</th><th>Release</th>")
                .append("<th>SHA-256</th></tr>\n");
        for (DmctReport.PackVersion p : v.packs()) {
            h.append("<tr><td><code>").append(e(p.id())).append("</code></td><td>").append(e(p.title()))
                    .append("</td><td>").append(e(p.version())).append("</td><td>").append(e(p.release()))
                    .append("</td><td class=\"hash\">").append(e(p.sha256())).append("</td></tr>\n");
        }
        h.append("</table>\n<h3>Simulators</h3>\n");
        if (v.simulators().isEmpty()) {
            h.append("<p>None: the DMC's devices are real.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Device</th><th>Type</th><th>Profile</th><th>Profile SHA-256</th>")
                    .append("<th>Simulator</th></tr>\n");
            for (DmctReport.Simulator s : v.simulators()) {
                h.append("<tr><td>").append(e(s.device())).append("</td><td>").append(e(s.type()))
                        .append("</td><td><code>").append(e(s.profile())).append("</code></td><td class=\"hash\">")
                        .append(e(s.profileSha256())).append("</td><td>").append(e(s.software()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static void testsRun(StringBuilder h, DmctReport.TestsRun t) {
        heading(h, "20.29 (c)", t.heading(), "tests-run");
        for (DmctReport.PackTests p : t.packs()) {
            h.append("<h3>Pack <code>").append(e(p.pack())).append("</code> ").append(e(p.title())).append(" ")
                    .append(e(p.version())).append("</h3>\n<table>\n<tr><th>Test</th><th>Title</th><th>SRV</th>")
                    .append("<th>Kind</th><th>Device types</th><th>Traceability</th><th>Applies</th></tr>\n");
            for (DmctReport.TestEntry x : p.tests()) {
                h.append("<tr><td><code>").append(e(x.id())).append("</code></td><td>").append(e(x.title()))
                        .append("</td><td>").append(e(x.srv())).append("</td><td>").append(e(x.kind()))
                        .append("</td><td>").append(e(String.join(", ", x.deviceTypes()))).append("</td><td>")
                        .append(e(trace(x))).append("</td><td>").append(x.applicable() ? "yes" : "no")
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    static String trace(DmctReport.TestEntry x) {
        String sec = x.sec().isEmpty() ? "" : "SEC " + String.join(", ", x.sec());
        String req = x.requirements().isEmpty() ? "" : "requirements " + String.join(", ", x.requirements());
        String both = sec.isEmpty() ? req : req.isEmpty() ? sec : sec + "; " + req;
        return both.isEmpty() ? "none recorded" : both;
    }

    private static void results(StringBuilder h, DmctReport.Results r) {
        heading(h, "20.29 (d)", r.heading(), "results");
        DmctReport.Summary s = r.summary();
        h.append("<h3>Summary (9.4 (b)-(f))</h3>\n<table>\n");
        row(h, "Planned", String.valueOf(s.planned()));
        row(h, "Run", String.valueOf(s.run()));
        row(h, "Passed", String.valueOf(s.passed()));
        row(h, "Failed", String.valueOf(s.failed()));
        row(h, "Not run", s.notRun() + " (of which blocked: " + s.blocked() + ")");
        row(h, "Not applicable", String.valueOf(s.notApplicable()));
        row(h, "Testing Issues raised by severity", e(severities(s.issuesBySeverity())));
        row(h, "Testing Issues open by severity", e(severities(s.openIssuesBySeverity())));
        h.append("</table>\n");
        h.append("<h3>Tests not run, with the reason (9.4 (c))</h3>\n");
        notRunList(h, s.notRunTests());
        h.append("<h3>Failed tests (9.4 (d))</h3>\n");
        if (s.failedTests().isEmpty()) {
            h.append("<p>None.</p>\n");
        } else {
            h.append("<table>\n<tr><th>Test</th><th>Title</th><th>SRV</th><th>Reason</th><th>Severity</th>")
                    .append("<th>Testing Issues</th></tr>\n");
            for (DmctReport.FailedTest f : s.failedTests()) {
                h.append("<tr><td><code>").append(e(f.test())).append("</code></td><td>").append(e(f.title()))
                        .append("</td><td>").append(e(f.srv())).append("</td><td>").append(e(f.reason()))
                        .append("</td><td>").append(f.severity() == null ? "no Testing Issue raised" : f.severity())
                        .append("</td><td>").append(e(String.join(", ", f.issues()))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<h3>Tests that do not apply to this DMC</h3>\n");
        notRunList(h, s.notApplicableTests());

        h.append("<h3>Heatmap: SRV &times; device type</h3>\n");
        heatmap(h, r.heatmap());
        h.append("<h3>Response times per SRV</h3>\n");
        latencyChart(h, r.latencies());

        h.append("<h3>Every result</h3>\n<table>\n<tr><th>Test</th><th>Title</th><th>SRV</th><th>Verdict</th>")
                .append("<th>Reason</th><th>Duration</th><th>Run</th><th>Earlier attempts</th></tr>\n");
        for (DmctReport.Result t : r.tests()) {
            String verdict = t.applicable() ? t.verdict() : "NOT_APPLICABLE";
            h.append("<tr><td><code>").append(e(t.id())).append("</code><br><small>").append(e(t.pack()))
                    .append("</small></td><td>").append(e(t.title())).append("</td><td>").append(e(t.srv()))
                    .append("</td><td class=\"").append(e(verdict)).append("\">").append(e(verdict))
                    .append("</td><td>").append(e(t.reason())).append("</td><td class=\"num\">").append(t.durationMs())
                    .append(" ms</td><td><code>").append(e(t.runId())).append("</code></td><td>");
            for (DmctReport.Attempt a : t.earlierAttempts()) {
                h.append(e(a.runId())).append(": ").append(e(a.verdict())).append("<br>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void notRunList(StringBuilder h, List<DmctReport.NotRun> list) {
        if (list.isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>Test</th><th>Pack</th><th>Verdict</th><th>Reason</th></tr>\n");
        for (DmctReport.NotRun n : list) {
            h.append("<tr><td><code>").append(e(n.test())).append("</code></td><td>").append(e(n.pack()))
                    .append("</td><td class=\"").append(e(n.verdict())).append("\">").append(e(n.verdict()))
                    .append("</td><td>").append(e(n.reason())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String severities(Map<String, Integer> bySeverity) {
        StringBuilder b = new StringBuilder();
        bySeverity.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append("severity ").append(k).append(": ")
                .append(v));
        return b.toString();
    }

    /** A cell's colour class: any failure is red, else any blocked amber, else any not run grey, else green. */
    static String heatClass(DmctReport.HeatCell c) {
        return c.failed() > 0 ? "FAIL" : c.blocked() > 0 ? "BLOCKED" : c.notRun() > 0 ? "NOT_RUN" : "PASS";
    }

    static String heatText(DmctReport.HeatCell c) {
        return c.passed() + " pass / " + c.failed() + " fail / " + c.blocked() + " blocked"
                + (c.notRun() > 0 ? " / " + c.notRun() + " not run" : "");
    }

    private static void heatmap(StringBuilder h, List<DmctReport.HeatCell> cells) {
        if (cells.isEmpty()) {
            h.append("<p>No SRV-traced test applied.</p>\n");
            return;
        }
        List<String> types = cells.stream().map(DmctReport.HeatCell::deviceType).distinct().sorted().toList();
        List<String> srvs = cells.stream().map(DmctReport.HeatCell::srv).distinct().toList();
        h.append("<p>Each cell counts the verdicts of the tests of that SRV addressed to that device type. Colour: red"
                + " if any failed, amber if any was blocked, grey if any was not run, green if all passed.</p>\n");
        h.append("<table class=\"heat\">\n<tr><th>SRV</th>");
        types.forEach(t -> h.append("<th>").append(e(t)).append("</th>"));
        h.append("</tr>\n");
        for (String srv : srvs) {
            h.append("<tr><th>").append(e(srv)).append("</th>");
            for (String type : types) {
                DmctReport.HeatCell c = cells.stream().filter(x -> x.srv().equals(srv) && x.deviceType().equals(type))
                        .findFirst().orElse(null);
                if (c == null) {
                    h.append("<td class=\"empty\">&ndash;</td>");
                } else {
                    h.append("<td class=\"").append(heatClass(c)).append("\">").append(e(heatText(c))).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void latencyChart(StringBuilder h, List<DmctReport.Latency> latencies) {
        if (latencies.isEmpty()) {
            h.append("<p>No response was recorded.</p>\n");
            return;
        }
        long max = Math.max(1, latencies.stream().mapToLong(DmctReport.Latency::max).max().orElse(1));
        int labelW = 70;
        int barW = 420;
        int textW = 300;
        int rowH = 22;
        int height = 30 + rowH * latencies.size();
        int width = labelW + barW + textW;
        h.append("<p>Bars from 0 ms: dark to the median (p50), middle to p95, light to the slowest (max);"
                + " the figures are written beside each bar. Scale 0 to ").append(max).append(" ms.</p>\n");
        h.append("<svg role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n<title>Response times per SRV</title>\n");
        int y = 20;
        for (DmctReport.Latency l : latencies) {
            double scale = (double) barW / max;
            h.append("<text x=\"0\" y=\"").append(y + 14).append("\">SRV ").append(e(l.srv())).append("</text>\n");
            bar(h, labelW, y, (int) Math.max(1, Math.round(l.max() * scale)), "#c6d4ea");
            bar(h, labelW, y, (int) Math.max(1, Math.round(l.p95() * scale)), "#7f9fcf");
            bar(h, labelW, y, (int) Math.max(1, Math.round(l.p50() * scale)), "#2f5597");
            h.append("<text x=\"").append(labelW + barW + 8).append("\" y=\"").append(y + 14).append("\">p50 ")
                    .append(l.p50()).append(" ms, p95 ").append(l.p95()).append(" ms, max ").append(l.max())
                    .append(" ms (n=").append(l.count()).append(")</text>\n");
            y += rowH;
        }
        h.append("</svg>\n");
        h.append("<table>\n<tr><th>SRV</th><th>n</th><th>min</th><th>p50</th><th>p95</th><th>max</th>");
        List<Long> bounds = latencies.get(0).bucketBounds();
        for (Long b : bounds) {
            h.append("<th>&le;").append(b).append(" ms</th>");
        }
        h.append("<th>&gt;").append(bounds.get(bounds.size() - 1)).append(" ms</th></tr>\n");
        for (DmctReport.Latency l : latencies) {
            h.append("<tr><td>").append(e(l.srv())).append("</td><td class=\"num\">").append(l.count())
                    .append("</td><td class=\"num\">").append(l.min()).append("</td><td class=\"num\">").append(l.p50())
                    .append("</td><td class=\"num\">").append(l.p95()).append("</td><td class=\"num\">").append(l.max())
                    .append("</td>");
            l.histogram().forEach(n -> h.append("<td class=\"num\">").append(n).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void bar(StringBuilder h, int x, int y, int w, String colour) {
        h.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"18\" fill=\"").append(colour).append("\"/>\n");
    }

    private static void issues(StringBuilder h, DmctReport.IssuesSection s) {
        heading(h, "20.29 (e)", s.heading(), "testing-issues");
        if (s.issues().isEmpty()) {
            h.append("<p>No Testing Issue was raised on this DMC.</p>\n");
            return;
        }
        for (DmctReport.Issue i : s.issues()) {
            h.append("<h3>").append(e(i.id())).append(": ").append(e(i.title())).append("</h3>\n<table>\n");
            row(h, "Test", "<code>" + e(i.test()) + "</code> (" + e(i.pack()) + ")");
            row(h, "Severity", String.valueOf(i.severity()));
            row(h, "Status", e(i.status()));
            row(h, "Resolution option (20.19)", i.resolutionOption() == null ? "none chosen yet"
                    : e(i.resolutionOption()));
            row(h, "Rationale", e(i.resolutionRationale()));
            row(h, "Exclusion (13.20-13.21)", i.exclusion() == null ? "not excluded" : e(i.exclusion()));
            row(h, "Work Off Plan due", i.workOffPlanDue() == null ? "none" : e(i.workOffPlanDue()) + " ("
                    + e(i.workOffPlan()) + ")");
            row(h, "Evidence", list(i.evidence()));
            row(h, "Re-runs", e(String.join(", ", i.rerunIds())));
            row(h, "History", list(i.history()));
            h.append("</table>\n");
        }
    }

    private static void conclusion(StringBuilder h, DmctReport.Conclusion c) {
        heading(h, c.clause(), c.heading(), "conclusion");
        h.append("<p>").append(e(c.statement())).append("</p>\n<p>Rules: ").append(e(c.rules())).append("</p>\n");
        h.append("<table>\n<tr><th>Criterion</th><th>Rule</th><th>Figure</th><th>Verdict</th><th>Detail</th></tr>\n");
        for (DmctReport.CriterionLine l : c.criteria()) {
            h.append("<tr><td><code>").append(e(l.id())).append("</code></td><td>").append(e(l.description()))
                    .append("</td><td>").append(e(l.figure())).append("</td><td class=\"").append(l.met() ? "PASS" : "FAIL")
                    .append("\">").append(l.met() ? "met" : "NOT met").append("</td><td>")
                    .append(e(String.join(", ", l.detail()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!c.completed()) {
            h.append("<h3>Reasons for the failure</h3>\n").append(list(c.failureReasons()));
        }
    }

    private static String list(List<String> items) {
        if (items.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder("<ul class=\"plain\">");
        items.forEach(i -> b.append("<li>").append(e(i)).append("</li>"));
        return b.append("</ul>\n").toString();
    }

    private static void row(StringBuilder h, String name, String html) {
        h.append("<tr><th>").append(e(name)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private static String e(String s) {
        return Text.escape(s == null ? "" : s);
    }
}
