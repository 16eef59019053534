package org.dmct.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dmct.core.completion.CompletionDecision;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.issues.TestingIssue;

/**
 * Builds the {@link DmctReport} of one DMC from its runs (bundles), the completion decision and its Testing Issues.
 * Several runs may hold the same planned test (a re-run after a fix): the latest run's result wins and the earlier
 * ones are listed as attempts. Inputs that do not belong together (no run of the DMC, a decision about another DMC,
 * runs from different labs) are refused with an {@link IllegalArgumentException} saying which.
 */
public final class DmctReportBuilder {
    /** Upper bounds (ms) of the response-time histogram's buckets; a last bucket holds everything slower. */
    static final List<Long> BUCKETS = List.of(10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L);

    private DmctReportBuilder() {
    }

    /**
     * One run as the report needs it: the run report, and what only the bundle's manifest and evidence hold (the
     * adapters with their versions, which DMCs were simulated, each planned test's trace).
     *
     * @param bundle where the bundle is, as the report should print it
     * @param manifest the bundle's manifest, or {@code null} when only the run report is at hand
     * @param plans each planned test's device types and trace, keyed by {@link #key(String, String, String)}
     */
    public record RunInput(String bundle, RunReport report, Manifest manifest, Map<String, PlannedTrace> plans) {
        public RunInput {
            Objects.requireNonNull(report, "report");
            plans = Map.copyOf(plans);
        }

        /** Reads a bundle: its manifest, its run report (rebuilt from the evidence) and its planned tests' traces. */
        public static RunInput read(Path bundleDir) throws IOException {
            Bundle bundle = Bundle.open(bundleDir);
            Manifest manifest = Manifest.read(bundle.manifest());
            RunReport report = ReportBuilder.build(bundle, manifest);
            Map<String, PlannedTrace> plans = new LinkedHashMap<>();
            for (EvidenceRecord r : EvidenceReader.stream(bundle.evidence())) {
                if (r.type().equals(EvidenceTypes.TEST_PLANNED) || r.type().equals(EvidenceTypes.TEST_NOT_APPLICABLE)) {
                    plans.put(key(r.text("dmc"), r.text("pack"), r.text("test")),
                            new PlannedTrace(texts(r.get("devices")), texts(r.get("sec")),
                                    texts(r.get("requirements"))));
                }
            }
            return new RunInput(bundleDir.toString(), report, manifest, plans);
        }

        private static List<String> texts(JsonNode node) {
            List<String> out = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(n -> out.add(n.asText()));
            }
            return out;
        }
    }

    /** A planned test's device types and what it traces to, as the evidence log recorded them. */
    public record PlannedTrace(List<String> deviceTypes, List<String> sec, List<String> requirements) {
        public PlannedTrace {
            deviceTypes = List.copyOf(deviceTypes);
            sec = List.copyOf(sec);
            requirements = List.copyOf(requirements);
        }
    }

    /** The key of a planned test in {@link RunInput#plans()}. */
    public static String key(String dmc, String pack, String test) {
        return dmc + "\u0000" + pack + "\u0000" + test;
    }

    private record Picked(RunInput run, RunReport.Test test, List<DmctReport.Attempt> earlier) {
    }

    /**
     * Builds the report.
     *
     * @param dmcId the DMC reported on
     * @param runs every run of the DMC to draw on, in any order (sorted by start time here)
     * @param decision the completion decision for the DMC
     * @param issues the Testing Issues of the register; those of other DMCs are ignored
     * @param generated when the report is made
     */
    public static DmctReport build(String dmcId, List<RunInput> runs, CompletionDecision decision,
                                   List<TestingIssue> issues, Instant generated) {
        Objects.requireNonNull(decision, "decision");
        if (!dmcId.equals(decision.dmcId())) {
            throw new IllegalArgumentException("the completion decision is about DMC " + decision.dmcId()
                    + ", not " + dmcId);
        }
        List<RunInput> ordered = runs.stream().filter(r -> dmcOf(r.report(), dmcId) != null)
                .sorted(Comparator.comparing((RunInput r) -> String.valueOf(r.report().started()))).toList();
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("none of the " + runs.size() + " run(s) tested DMC " + dmcId);
        }
        Set<String> labs = new TreeSet<>();
        ordered.forEach(r -> labs.add(r.report().lab() == null ? "(no lab)" : r.report().lab().id()));
        if (labs.size() > 1) {
            throw new IllegalArgumentException("the runs of DMC " + dmcId + " come from different labs " + labs
                    + ": a DMCT Report describes one lab's environment");
        }
        RunInput latest = ordered.get(ordered.size() - 1);
        RunReport.Dmc dmc = dmcOf(latest.report(), dmcId);
        List<TestingIssue> dmcIssues = issues.stream().filter(i -> dmcId.equals(i.dmcId())).toList();

        Map<String, Picked> picked = pick(ordered, dmcId);
        boolean completed = decision.completed();
        DmctReport.PlannedEntry entry = plannedEntry(dmc, completed);
        DmctReport.Versions versions = versions(ordered, dmcId);
        DmctReport.TestsRun testsRun = testsRun(ordered, picked, dmcId);
        DmctReport.Results results = results(picked, dmc, dmcIssues, dmcId);
        DmctReport.IssuesSection issueSection = new DmctReport.IssuesSection("20.29 (e)",
                "Testing Issues raised and how they were resolved",
                dmcIssues.stream().map(DmctReportBuilder::issue).toList());
        DmctReport.Conclusion conclusion = conclusion(decision, results, dmcIssues);
        List<DmctReport.RunSource> sources = ordered.stream().map(r -> new DmctReport.RunSource(r.report().runId(),
                r.bundle(), r.report().started(), r.report().finished(), r.report().harnessVersion(),
                r.report().evidence().lines(), r.report().evidence().finalHash(), r.report().evidence().chainValid()))
                .toList();
        return new DmctReport(DmctReport.FORMAT, dmcId, dmc.title(), EvidenceJson.time(generated), completed, sources,
                entry, versions, testsRun, results, issueSection, conclusion);
    }

    private static RunReport.Dmc dmcOf(RunReport report, String dmcId) {
        return report.dmcs().stream().filter(d -> dmcId.equals(d.id())).findFirst().orElse(null);
    }

    private static Map<String, Picked> pick(List<RunInput> ordered, String dmcId) {
        Map<String, Picked> picked = new LinkedHashMap<>();
        for (RunInput run : ordered) {
            for (RunReport.Test t : dmcOf(run.report(), dmcId).tests()) {
                String k = t.pack() + "\u0000" + t.id();
                Picked before = picked.get(k);
                List<DmctReport.Attempt> earlier = new ArrayList<>();
                if (before != null) {
                    earlier.addAll(before.earlier());
                    earlier.add(new DmctReport.Attempt(before.run().report().runId(), before.test().verdict(),
                            before.test().reason()));
                }
                picked.put(k, new Picked(run, t, earlier));
            }
        }
        return picked;
    }

    private static DmctReport.PlannedEntry plannedEntry(RunReport.Dmc dmc, boolean completed) {
        List<DmctReport.Device> devices = dmc.devices().stream().map(d -> new DmctReport.Device(d.id(), d.type(),
                d.manufacturer(), d.model(), d.firmware(), d.serialNumber(), d.profile(), d.declaredDefects()))
                .toList();
        return new DmctReport.PlannedEntry("20.29 (a)", "Planned entry on the list of SMETS1 Eligible Product"
                + " Combinations", dmc.id(), dmc.title(), dmc.smso(), dmc.installationType(), completed, devices);
    }

    private static DmctReport.Versions versions(List<RunInput> ordered, String dmcId) {
        RunReport latest = ordered.get(ordered.size() - 1).report();
        RunReport.Lab lab = latest.lab();
        Set<String> harness = new LinkedHashSet<>();
        Map<String, DmctReport.Adapter> adapters = new LinkedHashMap<>();
        Map<String, DmctReport.PackVersion> packs = new LinkedHashMap<>();
        Map<String, DmctReport.Simulator> simulators = new LinkedHashMap<>();
        for (RunInput run : ordered) {
            harness.add(run.report().harnessVersion());
            for (RunReport.Pack p : run.report().packs()) {
                packs.put(p.id() + "@" + p.sha256(), new DmctReport.PackVersion(p.id(), p.title(), p.version(),
                        p.release(), p.sha256(), p.file()));
            }
            RunReport.Dmc dmc = dmcOf(run.report(), dmcId);
            Manifest m = run.manifest();
            if (m == null) {
                if (dmc.adapter() != null) {
                    adapters.putIfAbsent(dmc.adapter(), new DmctReport.Adapter(dmc.adapter(),
                            "not recorded (run report without manifest)", null));
                }
                continue;
            }
            if (m.adapters() != null) {
                for (Manifest.AdapterInfo a : m.adapters()) {
                    if (a.dmcs() != null && a.dmcs().contains(dmcId)) {
                        adapters.put(a.name() + "@" + a.version(), new DmctReport.Adapter(a.name(), a.version(),
                                a.implementation()));
                    }
                }
            }
            if (m.dmcs() != null) {
                for (Manifest.DmcInfo d : m.dmcs()) {
                    if (!dmcId.equals(d.id()) || !d.simulated() || d.devices() == null) {
                        continue;
                    }
                    for (Manifest.DeviceInfo dev : d.devices()) {
                        // What a simulator serves is fixed by the device's profile, whose hash is recorded; its
                        // software is recorded only when the run started it in-process (dmct demo).
                        String software = m.lab() == null || m.lab().environment() == null ? null
                                : m.lab().environment().get(org.dmct.core.lab.Lab.SIMULATORS_ENTRY);
                        simulators.put(dev.id() + "@" + dev.profileSha256(), new DmctReport.Simulator(dev.id(),
                                dev.type(), dev.profile(), dev.profileSha256(), (software != null ? software
                                : "a simulator in another process (its software version is not recorded in the"
                                + " bundle)") + " on " + d.link() + "; behaviour from the profile, pinned by its"
                                + " SHA-256"));
                    }
                }
            }
        }
        return new DmctReport.Versions("20.29 (b)", "Versions of the systems and environments tested against",
                lab == null ? null : lab.id(), lab == null ? null : lab.title(), lab == null ? null : lab.file(),
                lab == null ? null : lab.sha256(),
                lab == null || lab.environment() == null ? Map.of() : new TreeMap<>(lab.environment()),
                List.copyOf(harness), List.copyOf(adapters.values()), List.copyOf(packs.values()),
                List.copyOf(simulators.values()));
    }

    private static DmctReport.TestsRun testsRun(List<RunInput> ordered, Map<String, Picked> picked, String dmcId) {
        Map<String, RunReport.Pack> packInfo = new LinkedHashMap<>();
        ordered.forEach(r -> r.report().packs().forEach(p -> packInfo.put(p.id(), p)));
        Map<String, List<DmctReport.TestEntry>> byPack = new LinkedHashMap<>();
        for (Picked p : picked.values()) {
            RunReport.Test t = p.test();
            PlannedTrace trace = p.run().plans().get(key(dmcId, t.pack(), t.id()));
            byPack.computeIfAbsent(t.pack(), k -> new ArrayList<>()).add(new DmctReport.TestEntry(t.pack(), t.id(),
                    t.title(), t.srv(), t.kind(), t.applicable(), trace == null ? List.of() : trace.deviceTypes(),
                    trace == null ? List.of() : trace.sec(), trace == null ? List.of() : trace.requirements()));
        }
        List<DmctReport.PackTests> packs = new ArrayList<>();
        byPack.forEach((id, tests) -> {
            RunReport.Pack info = packInfo.get(id);
            packs.add(new DmctReport.PackTests(id, info == null ? null : info.title(),
                    info == null ? null : info.version(), tests));
        });
        return new DmctReport.TestsRun("20.29 (c)", "Tests run", packs);
    }

    private static DmctReport.Results results(Map<String, Picked> picked, RunReport.Dmc dmc,
                                              List<TestingIssue> issues, String dmcId) {
        Map<String, String> typeOfDevice = new LinkedHashMap<>();
        dmc.devices().forEach(d -> typeOfDevice.put(d.id(), d.type()));
        List<DmctReport.Result> tests = new ArrayList<>();
        List<DmctReport.NotRun> notRun = new ArrayList<>();
        List<DmctReport.NotRun> notApplicable = new ArrayList<>();
        List<DmctReport.FailedTest> failed = new ArrayList<>();
        int planned = 0;
        int passed = 0;
        int failedCount = 0;
        int blocked = 0;
        Map<String, int[]> heat = new TreeMap<>();
        Map<String, List<Long>> latencies = new TreeMap<>();
        for (Picked p : picked.values()) {
            RunReport.Test t = p.test();
            tests.add(new DmctReport.Result(t.pack(), t.id(), t.title(), t.srv(), t.kind(), t.applicable(),
                    t.verdict(), t.reason(), t.durationMs(), p.run().report().runId(), t.requests().size(),
                    p.earlier()));
            if (!t.applicable()) {
                notApplicable.add(new DmctReport.NotRun(t.pack(), t.id(), "NOT_APPLICABLE", t.reason()));
                continue;
            }
            planned++;
            switch (t.verdict()) {
                case "PASS" -> passed++;
                case "FAIL" -> {
                    failedCount++;
                    List<TestingIssue> raised = issues.stream()
                            .filter(i -> t.id().equals(i.testId()) && t.pack().equals(i.packId())).toList();
                    Integer severity = raised.stream().map(TestingIssue::severity).min(Integer::compare)
                            .orElse(null);
                    failed.add(new DmctReport.FailedTest(t.pack(), t.id(), t.title(), t.srv(), t.reason(), severity,
                            raised.stream().map(i -> i.id() + " (severity " + i.severity() + ", "
                                    + i.status().name().toLowerCase(java.util.Locale.ROOT) + ")").toList()));
                }
                case "BLOCKED" -> {
                    blocked++;
                    notRun.add(new DmctReport.NotRun(t.pack(), t.id(), t.verdict(), t.reason()));
                }
                default -> notRun.add(new DmctReport.NotRun(t.pack(), t.id(), t.verdict(), t.reason()));
            }
            if (t.srv() != null) {
                PlannedTrace trace = p.run().plans().get(key(dmcId, t.pack(), t.id()));
                Set<String> types = new TreeSet<>(trace == null ? List.of() : trace.deviceTypes());
                if (types.isEmpty()) {
                    t.requests().forEach(q -> types.add(typeOfDevice.getOrDefault(q.device(), "unknown")));
                }
                if (types.isEmpty()) {
                    types.add("unknown");
                }
                for (String type : types) {
                    int[] c = heat.computeIfAbsent(t.srv() + "\u0000" + type, k -> new int[4]);
                    switch (t.verdict()) {
                        case "PASS" -> c[0]++;
                        case "FAIL" -> c[1]++;
                        case "BLOCKED" -> c[2]++;
                        default -> c[3]++;
                    }
                }
            }
            for (RunReport.Request q : t.requests()) {
                if (q.latencyMs() != null && q.srv() != null) {
                    latencies.computeIfAbsent(q.srv(), k -> new ArrayList<>()).add(q.latencyMs());
                }
            }
        }
        List<DmctReport.HeatCell> cells = new ArrayList<>();
        heat.forEach((k, c) -> {
            String[] parts = k.split("\u0000", 2);
            cells.add(new DmctReport.HeatCell(parts[0], parts[1], c[0], c[1], c[2], c[3]));
        });
        cells.sort(Comparator.comparing(DmctReport.HeatCell::srv, DmctReportBuilder::compareSrv)
                .thenComparing(DmctReport.HeatCell::deviceType));
        List<DmctReport.Latency> latency = new ArrayList<>();
        latencies.forEach((srv, values) -> latency.add(latency(srv, values)));
        latency.sort(Comparator.comparing(DmctReport.Latency::srv, DmctReportBuilder::compareSrv));
        Map<String, Integer> raised = new TreeMap<>();
        Map<String, Integer> open = new TreeMap<>();
        for (int s = 1; s <= 5; s++) {
            raised.put(String.valueOf(s), 0);
            open.put(String.valueOf(s), 0);
        }
        for (TestingIssue i : issues) {
            raised.merge(String.valueOf(i.severity()), 1, Integer::sum);
            if (i.open()) {
                open.merge(String.valueOf(i.severity()), 1, Integer::sum);
            }
        }
        DmctReport.Summary summary = new DmctReport.Summary(planned, passed + failedCount, passed, failedCount,
                notRun.size(), blocked, notApplicable.size(), notRun, notApplicable, failed, raised, open);
        return new DmctReport.Results("20.29 (d)", "Results of the tests run", summary, tests, cells, latency);
    }

    /** Orders SRV ids numerically by their dotted parts ({@code 2.10} after {@code 2.9}). */
    static int compareSrv(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c;
            try {
                c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            } catch (NumberFormatException e) {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    static DmctReport.Latency latency(String srv, List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int[] hist = new int[BUCKETS.size() + 1];
        for (long v : sorted) {
            int i = 0;
            while (i < BUCKETS.size() && v > BUCKETS.get(i)) {
                i++;
            }
            hist[i]++;
        }
        List<Integer> histogram = new ArrayList<>();
        for (int h : hist) {
            histogram.add(h);
        }
        return new DmctReport.Latency(srv, sorted.size(), sorted.get(0), rank(sorted, 50), rank(sorted, 95),
                sorted.get(sorted.size() - 1), BUCKETS, histogram);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code pct}% of the values at or below it. */
    static long rank(List<Long> sorted, int pct) {
        int n = (int) Math.ceil(pct / 100.0 * sorted.size());
        return sorted.get(Math.max(0, n - 1));
    }

    private static DmctReport.Issue issue(TestingIssue i) {
        String option = null;
        String rationale = null;
        if (i.resolution() != null) {
            option = "(" + i.resolution().option().letter() + ") " + optionText(i.resolution().option());
            rationale = i.resolution().rationale() + " (" + i.resolution().by() + ", " + i.resolution().at() + ")";
        }
        String exclusion = i.exclusion() == null ? null : "excluded from threshold counting: "
                + i.exclusion().rationale() + " (approved by " + i.exclusion().approvedBy() + ", "
                + i.exclusion().at() + ")";
        TestingIssue.WorkOffPlan w = i.workOffPlan();
        String due = w == null ? null : String.valueOf(w.dueDate());
        String plan = w == null ? null : w.workingDays() + " working days after the completion certificate of "
                + w.certificateDate() + ", owner " + w.owner();
        List<String> evidence = i.evidence().stream().map(e -> "run " + e.runId() + " bundle " + e.bundle()
                + " evidence lines " + e.lines()).toList();
        List<String> history = i.history().stream().map(h -> h.at() + " " + h.by() + ": " + h.action()
                + (h.detail() == null || h.detail().isBlank() ? "" : " " + h.detail())).toList();
        return new DmctReport.Issue(i.id(), i.packId(), i.testId(), i.title(), i.severity(),
                i.status().name().toLowerCase(java.util.Locale.ROOT), option, rationale, exclusion, due, plan,
                evidence, i.rerunIds(), history);
    }

    /** The 20.19 option in the clause's words. */
    static String optionText(TestingIssue.ResolutionOption o) {
        return switch (o) {
            case A_DCC_INTERNAL_SYSTEMS -> "a change to the DCC Internal Systems but no change to the Code";
            case B_DCC_SYSTEMS_AND_CODE -> "a change to the DCC Systems and a change to the Code";
            case C_SMETS1_DEVICE -> "a change to a SMETS1 Device";
            case D_CODE_ONLY -> "a change to the Code (but no change to the DCC Systems)";
        };
    }

    private static DmctReport.Conclusion conclusion(CompletionDecision d, DmctReport.Results results,
                                                    List<TestingIssue> issues) {
        List<DmctReport.CriterionLine> criteria = d.criteria().stream().map(c -> new DmctReport.CriterionLine(c.id(),
                c.description(), c.figure(), c.met(), c.detail())).toList();
        if (d.completed()) {
            return new DmctReport.Conclusion("20.29 (f)", "Why DMC " + d.dmcId() + " has completed testing", true,
                    d.rules(), d.statement(), criteria, List.of());
        }
        List<String> reasons = new ArrayList<>();
        for (CompletionDecision.Criterion c : d.failed()) {
            reasons.add("criterion not met: " + c.description() + ": " + c.figure()
                    + (c.detail().isEmpty() ? "" : " (" + String.join(", ", c.detail()) + ")"));
        }
        for (DmctReport.FailedTest f : results.summary().failedTests()) {
            reasons.add("test failed: " + f.test() + " (" + f.title() + "): " + f.reason()
                    + (f.issues().isEmpty() ? "" : "; Testing Issue " + String.join(", ", f.issues())));
        }
        for (DmctReport.NotRun n : results.summary().notRunTests()) {
            reasons.add("test not run (" + n.verdict() + "): " + n.test() + ": " + n.reason());
        }
        for (TestingIssue i : issues) {
            if (i.countsAgainstThresholds()) {
                reasons.add("open Testing Issue " + i.id() + " (severity " + i.severity() + "): " + i.title());
            }
        }
        return new DmctReport.Conclusion("20.30", "Reasons for the failure of DMC " + d.dmcId(), false, d.rules(),
                d.statement(), criteria, reasons);
    }
}
