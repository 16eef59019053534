package org.dmct.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dmct.core.completion.CompletionDecision;
import org.dmct.core.completion.DmcAssessmentSource;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.report.DmctReport;
import org.dmct.core.report.DmctReportBuilder;
import org.dmct.core.report.DmctReportWriter;
import org.dmct.core.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dmct report --bundle B [--bundle B2 ...] --dmc ID --out DIR [--format html,json,pdf]}: writes the DMCT
 * Report of one DMC (SEC Appendix AK 20.29, or 20.30 for a failed DMC) from its run bundles, with the completion
 * decision and Testing Issues from the lab's register and exit-criteria rules when {@code --lab} or {@code --state}
 * names its state directory (else the interim per-run verdict, labelled as such; see {@link AssessmentSources}). Exit 0
 * when the DMC completed testing, 1 when it failed (the report is written either way), 2 for a usage error (no such
 * bundle, the DMC is in none of them).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the DMCT Report of a DMC (SEC Appendix AK 20.29 (a)-(f), or 20.30 for a failed DMC) "
                + "from its run bundles: HTML (self-contained), JSON and PDF. When several bundles hold the same "
                + "test, the latest run's result counts and the earlier ones are listed. Exit 0 when the DMC "
                + "completed testing, 1 when it failed (the report is written either way), 2 on a usage error. With --lab "
                + "or --state, the decision and Testing Issues come from the lab's register and rules (SVTAD "
                + "defaults); without, from each run's own verdict, labelled as interim.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "BUNDLE",
            description = "a run bundle directory holding the DMC (repeat for re-runs)")
    List<Path> bundles;

    @Option(names = "--dmc", required = true, paramLabel = "ID", description = "the DMC to report on")
    String dmc;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the report")
    Path out;

    @Option(names = "--format", paramLabel = "LIST", defaultValue = "html,json,pdf",
            description = "comma-separated formats: html, json, pdf (default: all three)")
    String format;

    @CommandLine.Mixin
    StateOptions state;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter pw = spec.commandLine().getOut();
        Set<DmctReportWriter.Format> formats;
        try {
            formats = DmctReportWriter.Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<DmctReportBuilder.RunInput> runs = new ArrayList<>();
        for (Path b : bundles) {
            runs.add(DmctReportBuilder.RunInput.read(b));
        }
        List<RunReport> reports = runs.stream().map(DmctReportBuilder.RunInput::report)
                .filter(r -> r.dmcs().stream().anyMatch(d -> dmc.equals(d.id())))
                .sorted(java.util.Comparator.comparing((RunReport r) -> String.valueOf(r.started()))).toList();
        if (reports.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DMC " + dmc + " is in none of the "
                    + bundles.size() + " bundle(s) " + bundles);
        }
        Path stateDir = state.lab != null || state.state != null ? state.stateDir(spec.commandLine()) : null;
        DmcAssessmentSource source = AssessmentSources.forRuns(stateDir,
                stateDir == null ? null : state.rules(stateDir), bundles);
        CompletionDecision decision = source.decide(dmc, reports);
        List<TestingIssue> issues = source.issues(dmc);
        DmctReport report;
        try {
            report = DmctReportBuilder.build(dmc, runs, decision, issues, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (Path p : DmctReportWriter.write(report, out, formats)) {
            pw.println("DMCT Report: " + p);
        }
        pw.printf("DMC %s %s (%s)%n", dmc, report.completed() ? "COMPLETED testing" : "FAILED testing",
                decision.rules());
        return report.completed() ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
    }
}
