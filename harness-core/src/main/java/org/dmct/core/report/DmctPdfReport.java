package org.dmct.core.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmct.core.report.internal.PdfCanvas;
import org.dmct.core.report.internal.PdfCanvas.Rgb;

/**
 * The DMCT Report as PDF, drawn directly with PDFBox (text, tables, the heatmap's coloured cells and the response-time
 * bars) from the same {@link DmctReport} as the HTML, in the same order and with the same clause headings, so the
 * two say the same things.
 */
final class DmctPdfReport {
    private static final Rgb PASS = new Rgb(217, 242, 217);
    private static final Rgb FAIL = new Rgb(248, 211, 211);
    private static final Rgb BLOCKED = new Rgb(253, 230, 196);
    private static final Rgb NOT_RUN = new Rgb(232, 232, 232);
    private static final float BODY = 8.5f;
    private static final float SMALL = 7.5f;

    private DmctPdfReport() {
    }

    static byte[] render(DmctReport r) throws IOException {
        try (PdfCanvas pdf = new PdfCanvas()) {
            pdf.heading("DMCT Report: " + r.dmcId() + " - " + r.title(), 16);
            pdf.heading(r.completed() ? "COMPLETED: the DMC has completed testing"
                    : "FAILED: the DMC has failed testing; no entry is proposed", 11);
            pdf.paragraph(r.conclusion().statement(), BODY);
            pdf.paragraph("Generated " + r.generated() + " (format " + r.format() + ") from " + r.runs().size()
                    + " run bundle(s).", BODY);
            List<String[]> runs = new ArrayList<>();
            runs.add(new String[] {"Run", "Bundle", "Started", "Harness", "Evidence"});
            for (DmctReport.RunSource s : r.runs()) {
                runs.add(new String[] {s.runId(), s.bundle(), s.started(), s.harnessVersion(), s.evidenceLines()
                        + " lines, chain " + (s.chainValid() ? "verified" : "BROKEN") + ", final hash "
                        + s.evidenceFinalHash()});
            }
            pdf.table(new float[] {.2f, .25f, .15f, .1f, .3f}, runs, null, SMALL);

            plannedEntry(pdf, r.plannedEntry());
            versions(pdf, r.versions());
            testsRun(pdf, r.testsRun());
            results(pdf, r.results());
            issues(pdf, r.testingIssues());
            conclusion(pdf, r.conclusion());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            pdf.save(bytes);
            return bytes.toByteArray();
        }
    }

    private static void section(PdfCanvas pdf, String clause, String heading) throws IOException {
        pdf.heading(clause + "  " + heading, 13);
    }

    private static void plannedEntry(PdfCanvas pdf, DmctReport.PlannedEntry p) throws IOException {
        section(pdf, p.clause(), p.heading());
        pdf.paragraph(p.proposed() ? "Proposed entry." : "Planned entry, not proposed: the DMC failed testing (see"
                + " 20.30 below).", BODY);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DMC", "SMSO", "Installation type"});
        rows.add(new String[] {p.dmcId() + " - " + p.title(), p.smso(), p.installationType()});
        pdf.table(new float[] {.5f, .3f, .2f}, rows, null, BODY);
        List<String[]> devices = new ArrayList<>();
        devices.add(new String[] {"Device", "Type", "Manufacturer", "Model", "Firmware", "Serial number", "Profile",
            "Declared defects"});
        for (DmctReport.Device d : p.devices()) {
            devices.add(new String[] {d.id(), d.type(), d.manufacturer(), d.model(), d.firmware(), d.serialNumber(),
                d.profile(), d.declaredDefects().isEmpty() ? "none" : String.join("; ", d.declaredDefects())});
        }
        pdf.table(new float[] {.12f, .07f, .12f, .1f, .09f, .13f, .17f, .2f}, devices, null, SMALL);
    }

    private static void versions(PdfCanvas pdf, DmctReport.Versions v) throws IOException {
        section(pdf, v.clause(), v.heading());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Item", "Version"});
        rows.add(new String[] {"Lab", v.labId() + " - " + v.labTitle()});
        rows.add(new String[] {"Lab file", v.labFile() + " SHA-256 " + v.labSha256()});
        for (Map.Entry<String, String> e : v.environment().entrySet()) {
            rows.add(new String[] {e.getKey(), e.getValue()});
        }
        rows.add(new String[] {"Harness version", String.join(", ", v.harnessVersions())});
        for (DmctReport.Adapter a : v.adapters()) {
            rows.add(new String[] {"Adapter " + a.name(), a.version() + " (" + a.implementation() + ")"});
        }
        for (DmctReport.PackVersion p : v.packs()) {
            rows.add(new String[] {"Pack " + p.id(), p.version() + " " + p.release() + " SHA-256 " + p.sha256()});
        }
        for (DmctReport.Simulator s : v.simulators()) {
            rows.add(new String[] {"Simulator " + s.device(), s.type() + " profile " + s.profile() + " SHA-256 "
                    + s.profileSha256() + "; " + s.software()});
        }
        if (v.simulators().isEmpty()) {
            rows.add(new String[] {"Simulators", "none: the DMC's devices are real"});
        }
        pdf.table(new float[] {.25f, .75f}, rows, null, SMALL);
    }

    private static void testsRun(PdfCanvas pdf, DmctReport.TestsRun t) throws IOException {
        section(pdf, t.clause(), t.heading());
        for (DmctReport.PackTests p : t.packs()) {
            pdf.paragraph("Pack " + p.pack() + " " + (p.title() == null ? "" : p.title()) + " "
                    + (p.version() == null ? "" : p.version()), BODY);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"Test", "Title", "SRV", "Kind", "Device types", "Traceability", "Applies"});
            for (DmctReport.TestEntry x : p.tests()) {
                rows.add(new String[] {x.id(), x.title(), x.srv(), x.kind(), String.join(", ", x.deviceTypes()),
                    DmctHtmlReport.trace(x), x.applicable() ? "yes" : "no"});
            }
            pdf.table(new float[] {.16f, .26f, .07f, .1f, .1f, .24f, .07f}, rows, null, SMALL);
        }
    }

    private static void results(PdfCanvas pdf, DmctReport.Results r) throws IOException {
        section(pdf, r.clause(), r.heading());
        DmctReport.Summary s = r.summary();
        pdf.paragraph("Summary (9.4 (b)-(f))", BODY);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Planned", "Run", "Passed", "Failed", "Not run", "Blocked", "Not applicable"});
        rows.add(new String[] {"" + s.planned(), "" + s.run(), "" + s.passed(), "" + s.failed(), "" + s.notRun(),
            "" + s.blocked(), "" + s.notApplicable()});
        pdf.table(new float[] {.14f, .14f, .14f, .14f, .14f, .14f, .16f}, rows, null, BODY);
        pdf.paragraph("Testing Issues raised: " + DmctHtmlReport.severities(s.issuesBySeverity()), BODY);
        pdf.paragraph("Testing Issues open: " + DmctHtmlReport.severities(s.openIssuesBySeverity()), BODY);
        pdf.paragraph("Tests not run, with the reason (9.4 (c)):", BODY);
        notRun(pdf, s.notRunTests());
        pdf.paragraph("Failed tests (9.4 (d)):", BODY);
        if (s.failedTests().isEmpty()) {
            pdf.paragraph("None.", BODY);
        } else {
            List<String[]> failed = new ArrayList<>();
            failed.add(new String[] {"Test", "Title", "SRV", "Reason", "Severity", "Testing Issues"});
            for (DmctReport.FailedTest f : s.failedTests()) {
                failed.add(new String[] {f.test(), f.title(), f.srv(), f.reason(),
                    f.severity() == null ? "no Testing Issue raised" : String.valueOf(f.severity()),
                    String.join(", ", f.issues())});
            }
            pdf.table(new float[] {.14f, .18f, .07f, .33f, .1f, .18f}, failed, null, SMALL);
        }
        pdf.paragraph("Tests that do not apply to this DMC:", BODY);
        notRun(pdf, s.notApplicableTests());

        pdf.paragraph("Heatmap: SRV x device type (red: a failure, amber: blocked, grey: not run, green: all"
                + " passed; each cell also says its counts)", BODY);
        if (r.heatmap().isEmpty()) {
            pdf.paragraph("No SRV-traced test applied.", BODY);
        } else {
            List<String> types = r.heatmap().stream().map(DmctReport.HeatCell::deviceType).distinct().sorted()
                    .toList();
            List<String> srvs = r.heatmap().stream().map(DmctReport.HeatCell::srv).distinct().toList();
            List<String[]> heat = new ArrayList<>();
            List<Rgb[]> fills = new ArrayList<>();
            String[] header = new String[types.size() + 1];
            header[0] = "SRV";
            for (int i = 0; i < types.size(); i++) {
                header[i + 1] = types.get(i);
            }
            heat.add(header);
            fills.add(null);
            for (String srv : srvs) {
                String[] row = new String[types.size() + 1];
                Rgb[] fill = new Rgb[types.size() + 1];
                row[0] = srv;
                for (int i = 0; i < types.size(); i++) {
                    String type = types.get(i);
                    DmctReport.HeatCell c = r.heatmap().stream()
                            .filter(x -> x.srv().equals(srv) && x.deviceType().equals(type)).findFirst().orElse(null);
                    row[i + 1] = c == null ? "-" : DmctHtmlReport.heatText(c);
                    fill[i + 1] = c == null ? null : switch (DmctHtmlReport.heatClass(c)) {
                        case "FAIL" -> FAIL;
                        case "BLOCKED" -> BLOCKED;
                        case "NOT_RUN" -> NOT_RUN;
                        default -> PASS;
                    };
                }
                heat.add(row);
                fills.add(fill);
            }
            float[] widths = new float[types.size() + 1];
            widths[0] = .12f;
            for (int i = 1; i < widths.length; i++) {
                widths[i] = .88f / types.size();
            }
            pdf.table(widths, heat, fills, SMALL);
        }

        pdf.paragraph("Response times per SRV (bars from 0 ms: dark to p50, middle to p95, light to max)", BODY);
        if (r.latencies().isEmpty()) {
            pdf.paragraph("No response was recorded.", BODY);
        } else {
            long max = Math.max(1, r.latencies().stream().mapToLong(DmctReport.Latency::max).max().orElse(1));
            float barWidth = pdf.width() * 0.5f;
            for (DmctReport.Latency l : r.latencies()) {
                float scale = barWidth / max;
                pdf.bars("SRV " + l.srv(), 50, new float[] {l.max() * scale, l.p95() * scale, l.p50() * scale},
                        new Rgb[] {new Rgb(198, 212, 234), new Rgb(127, 159, 207), new Rgb(47, 85, 151)},
                        "p50 " + l.p50() + " ms, p95 " + l.p95() + " ms, max " + l.max() + " ms (n=" + l.count()
                                + ")", SMALL);
            }
            pdf.gap(10);
        }

        pdf.paragraph("Every result:", BODY);
        List<String[]> all = new ArrayList<>();
        List<Rgb[]> fills = new ArrayList<>();
        all.add(new String[] {"Test", "SRV", "Verdict", "Reason", "Duration", "Run", "Earlier attempts"});
        fills.add(null);
        for (DmctReport.Result t : r.tests()) {
            String verdict = t.applicable() ? t.verdict() : "NOT_APPLICABLE";
            StringBuilder earlier = new StringBuilder();
            t.earlierAttempts().forEach(a -> earlier.append(a.runId()).append(": ").append(a.verdict()).append(' '));
            all.add(new String[] {t.id(), t.srv(), verdict, t.reason(), t.durationMs() + " ms", t.runId(),
                earlier.toString().trim()});
            Rgb[] fill = new Rgb[7];
            fill[2] = switch (verdict) {
                case "PASS" -> PASS;
                case "FAIL" -> FAIL;
                case "BLOCKED" -> BLOCKED;
                default -> NOT_RUN;
            };
            fills.add(fill);
        }
        pdf.table(new float[] {.15f, .07f, .11f, .3f, .08f, .15f, .14f}, all, fills, SMALL);
    }

    private static void notRun(PdfCanvas pdf, List<DmctReport.NotRun> list) throws IOException {
        if (list.isEmpty()) {
            pdf.paragraph("None.", BODY);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Test", "Pack", "Verdict", "Reason"});
        for (DmctReport.NotRun n : list) {
            rows.add(new String[] {n.test(), n.pack(), n.verdict(), n.reason()});
        }
        pdf.table(new float[] {.18f, .2f, .14f, .48f}, rows, null, SMALL);
    }

    private static void issues(PdfCanvas pdf, DmctReport.IssuesSection s) throws IOException {
        section(pdf, s.clause(), s.heading());
        if (s.issues().isEmpty()) {
            pdf.paragraph("No Testing Issue was raised on this DMC.", BODY);
            return;
        }
        for (DmctReport.Issue i : s.issues()) {
            pdf.paragraph(i.id() + ": " + i.title(), 10);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"Field", "Value"});
            rows.add(new String[] {"Test", i.test() + " (" + i.pack() + ")"});
            rows.add(new String[] {"Severity", String.valueOf(i.severity())});
            rows.add(new String[] {"Status", i.status()});
            rows.add(new String[] {"Resolution option (20.19)", i.resolutionOption() == null ? "none chosen yet"
                    : i.resolutionOption()});
            rows.add(new String[] {"Rationale", i.resolutionRationale()});
            rows.add(new String[] {"Exclusion (13.20-13.21)", i.exclusion() == null ? "not excluded"
                    : i.exclusion()});
            rows.add(new String[] {"Work Off Plan due", i.workOffPlanDue() == null ? "none"
                    : i.workOffPlanDue() + " (" + i.workOffPlan() + ")"});
            rows.add(new String[] {"Evidence", String.join("\n", i.evidence())});
            rows.add(new String[] {"Re-runs", String.join(", ", i.rerunIds())});
            rows.add(new String[] {"History", String.join("\n", i.history())});
            pdf.table(new float[] {.25f, .75f}, rows, null, SMALL);
        }
    }

    private static void conclusion(PdfCanvas pdf, DmctReport.Conclusion c) throws IOException {
        section(pdf, c.clause(), c.heading());
        pdf.paragraph(c.statement(), BODY);
        pdf.paragraph("Rules: " + c.rules(), BODY);
        List<String[]> rows = new ArrayList<>();
        List<Rgb[]> fills = new ArrayList<>();
        rows.add(new String[] {"Criterion", "Rule", "Figure", "Verdict", "Detail"});
        fills.add(null);
        for (DmctReport.CriterionLine l : c.criteria()) {
            rows.add(new String[] {l.id(), l.description(), l.figure(), l.met() ? "met" : "NOT met",
                String.join(", ", l.detail())});
            fills.add(new Rgb[] {null, null, null, l.met() ? PASS : FAIL, null});
        }
        pdf.table(new float[] {.14f, .28f, .26f, .1f, .22f}, rows, fills, SMALL);
        if (!c.completed()) {
            pdf.paragraph("Reasons for the failure:", 10);
            for (String reason : c.failureReasons()) {
                pdf.paragraph("- " + reason, BODY);
            }
        }
    }
}
