package org.dmct.core.report;

import java.util.Locale;

/**
 * {@code report/junit.xml} for CI: one {@code <testsuite>} per DMC (name = DMC id), one {@code <testcase>} per test
 * (classname = DMC id + "." + pack id, name = test id + ": " + title). FAIL is a {@code <failure>}, BLOCKED an
 * {@code <error>}, NOT_RUN (not applicable or never run) {@code <skipped>}; each with the verdict's reason as message.
 */
final class JUnitReport {
    private JUnitReport() {
    }

    static String render(RunReport r) {
        StringBuilder x = new StringBuilder(8192);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        RunReport.Counts t = r.counts();
        int tests = t.planned() + t.notApplicable();
        x.append("<testsuites name=\"").append(Text.attribute("dmct " + r.runId())).append("\" tests=\"")
                .append(tests).append("\" failures=\"").append(t.failed()).append("\" errors=\"").append(t.blocked())
                .append("\" skipped=\"").append(t.notRun() + t.notApplicable()).append("\" time=\"")
                .append(seconds(r.dmcs().stream().flatMap(d -> d.tests().stream()).mapToLong(RunReport.Test::durationMs)
                        .sum())).append("\">\n");
        for (RunReport.Dmc d : r.dmcs()) {
            RunReport.Counts c = d.counts();
            long time = d.tests().stream().mapToLong(RunReport.Test::durationMs).sum();
            x.append("  <testsuite name=\"").append(Text.attribute(d.id())).append("\" tests=\"")
                    .append(c.planned() + c.notApplicable()).append("\" failures=\"").append(c.failed())
                    .append("\" errors=\"").append(c.blocked()).append("\" skipped=\"")
                    .append(c.notRun() + c.notApplicable()).append("\" time=\"").append(seconds(time));
            if (r.started() != null) {
                x.append("\" timestamp=\"").append(Text.attribute(r.started()));
            }
            x.append("\">\n");
            x.append("    <properties>\n");
            property(x, "title", d.title());
            property(x, "adapter", d.adapter());
            property(x, "link", d.link());
            property(x, "criteriaMet", Boolean.toString(d.criteriaMet()));
            property(x, "criteriaRule", d.criteriaRule());
            property(x, "runId", r.runId());
            x.append("    </properties>\n");
            for (RunReport.Test test : d.tests()) {
                x.append("    <testcase classname=\"").append(Text.attribute(d.id() + "." + test.pack()))
                        .append("\" name=\"").append(Text.attribute(test.id() + ": " + test.title()))
                        .append("\" time=\"").append(seconds(test.durationMs())).append("\"");
                String reason = test.reason() == null ? "" : test.reason();
                switch (test.verdict()) {
                    case "PASS":
                        x.append("/>\n");
                        break;
                    case "FAIL":
                        x.append(">\n      <failure message=\"").append(Text.attribute(reason))
                                .append("\" type=\"FAIL\">").append(Text.escape(reason))
                                .append("</failure>\n    </testcase>\n");
                        break;
                    case "BLOCKED":
                        x.append(">\n      <error message=\"").append(Text.attribute(reason))
                                .append("\" type=\"BLOCKED\">").append(Text.escape(reason))
                                .append("</error>\n    </testcase>\n");
                        break;
                    default:
                        x.append(">\n      <skipped message=\"").append(Text.attribute(reason))
                                .append("\"/>\n    </testcase>\n");
                        break;
                }
            }
            x.append("  </testsuite>\n");
        }
        x.append("</testsuites>\n");
        return x.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        if (value != null) {
            x.append("      <property name=\"").append(name).append("\" value=\"").append(Text.attribute(value))
                    .append("\"/>\n");
        }
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
