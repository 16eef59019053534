package org.dmct.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.ChainVerification;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.Manifest;

/**
 * Builds the {@link RunReport} of a bundle from its manifest and evidence log alone. Verdicts, reasons, durations and
 * criteria come from the log's {@code test-verdict} and {@code dmc-finished} records, requests from its {@code request}
 * and {@code response} records. A planned test without a verdict (the run was killed) is reported NOT_RUN; a DMC
 * without {@code dmc-finished} is judged by the interim rule. The hash chain is verified against the manifest; a
 * broken chain is reported and makes the run's {@code allMet} false.
 */
public final class ReportBuilder {
    /** The criteria rule used when the log does not say. */
    static final String INTERIM_RULE = org.dmct.core.run.ExitCriteria.ALL_APPLICABLE_PASS.statement();

    private ReportBuilder() {
    }

    private static final class DmcAcc {
        String id;
        String title;
        String smso;
        String installationType;
        String link;
        String adapter;
        final List<RunReport.Device> devices = new java.util.ArrayList<>();
        Boolean criteriaMet;
        String rule;
        final Map<String, TestAcc> tests = new LinkedHashMap<>();
    }

    private static final class TestAcc {
        String pack;
        String id;
        String title;
        String srv;
        String kind;
        boolean applicable = true;
        String verdict;
        String reason;
        long durationMs;
        final List<ReqAcc> requests = new ArrayList<>();
    }

    private static final class ReqAcc {
        String requestId;
        String step;
        int attempt;
        String srv;
        String device;
        String code;
        String deviceResult;
        Long latencyMs;
        boolean late;
    }

    public static RunReport build(Bundle bundle) throws IOException {
        return build(bundle, Manifest.read(bundle.manifest()));
    }

    /** Builds the report from a manifest given in memory and the bundle's evidence log. */
    public static RunReport build(Bundle bundle, Manifest m) throws IOException {
        Manifest.EvidenceInfo ev = m.evidence();
        ChainVerification chain = ev == null || ev.finalHash() == null ? EvidenceReader.verify(bundle.evidence())
                : EvidenceReader.verify(bundle.evidence(), ev.finalHash(), ev.lines());
        // Streamed: a large run's log (a thousand installations: 100+ MB) is never held in memory whole.
        Iterable<EvidenceRecord> records = EvidenceReader.stream(bundle.evidence());

        Map<String, DmcAcc> dmcs = new LinkedHashMap<>();
        if (m.dmcs() != null) {
            for (Manifest.DmcInfo d : m.dmcs()) {
                DmcAcc a = dmc(dmcs, d.id());
                a.title = d.title();
                a.smso = d.smso();
                a.installationType = d.installationType();
                a.link = d.link();
                a.adapter = d.adapter();
                for (Manifest.DeviceInfo dev : d.devices() == null ? List.<Manifest.DeviceInfo>of() : d.devices()) {
                    a.devices.add(new RunReport.Device(dev.id(), dev.type(), dev.profile(), dev.manufacturer(),
                            dev.model(), dev.firmware(), dev.serialNumber(),
                            dev.declaredDefects() == null ? List.of() : dev.declaredDefects(),
                            dev.faults().stream().map(x -> x.kind() + " " + x.parameters().entrySet().stream()
                                    .map(p -> p.getKey() + "=" + p.getValue())
                                    .collect(java.util.stream.Collectors.joining(" ")) + " seed=" + x.seed())
                                    .toList()));
                }
            }
        }
        Map<String, ReqAcc> requests = new LinkedHashMap<>();
        String aborted = null;
        for (EvidenceRecord r : records) {
            switch (r.type()) {
                case EvidenceTypes.RUN_ABORTED: {
                    aborted = aborted != null ? aborted : r.text("reason");
                    break;
                }
                case EvidenceTypes.DMC_STARTED: {
                    DmcAcc a = dmc(dmcs, r.text("dmc"));
                    a.title = orElse(a.title, r.text("title"));
                    a.link = orElse(a.link, r.text("link"));
                    a.adapter = orElse(a.adapter, r.text("adapter"));
                    a.smso = orElse(a.smso, r.text("smso"));
                    break;
                }
                case EvidenceTypes.TEST_PLANNED:
                case EvidenceTypes.TEST_NOT_APPLICABLE: {
                    TestAcc t = test(dmcs, r);
                    t.title = r.text("title");
                    t.srv = r.text("srv");
                    t.kind = r.text("kind");
                    t.applicable = r.type().equals(EvidenceTypes.TEST_PLANNED);
                    if (!t.applicable) {
                        t.reason = r.text("reason");
                    }
                    break;
                }
                case EvidenceTypes.REQUEST: {
                    TestAcc t = test(dmcs, r);
                    ReqAcc q = new ReqAcc();
                    q.requestId = r.text("requestId");
                    q.step = r.text("step");
                    q.attempt = (int) r.number("attempt");
                    q.srv = r.text("srv");
                    q.device = r.text("device");
                    t.requests.add(q);
                    if (q.requestId != null) {
                        requests.putIfAbsent(q.requestId, q);
                    }
                    break;
                }
                case EvidenceTypes.RESPONSE: {
                    ReqAcc q = requests.get(r.text("requestId"));
                    if (q != null && q.code == null) {
                        q.code = r.text("code");
                        q.deviceResult = r.text("deviceResult");
                        JsonNode latency = r.get("latencyMs");
                        q.latencyMs = latency == null || latency.isNull() ? null : latency.asLong();
                        q.late = r.flag("late");
                    }
                    break;
                }
                case EvidenceTypes.ADAPTER_ERROR: {
                    ReqAcc q = requests.get(r.text("requestId"));
                    if (q != null && q.code == null) {
                        q.code = "adapter-error";
                        q.late = r.flag("late");
                    }
                    break;
                }
                case EvidenceTypes.TEST_VERDICT: {
                    TestAcc t = test(dmcs, r);
                    t.title = orElse(t.title, r.text("title"));
                    t.srv = orElse(t.srv, r.text("srv"));
                    t.kind = orElse(t.kind, r.text("kind"));
                    t.applicable = r.get("applicable") == null || r.flag("applicable");
                    t.verdict = r.text("verdict");
                    t.reason = r.text("reason");
                    t.durationMs = r.number("durationMs");
                    break;
                }
                case EvidenceTypes.DMC_FINISHED: {
                    DmcAcc a = dmc(dmcs, r.text("dmc"));
                    a.criteriaMet = r.flag("criteriaMet");
                    a.rule = r.text("criteria");
                    break;
                }
                default:
                    break;
            }
        }

        List<RunReport.Dmc> dmcReports = new ArrayList<>();
        int[] total = new int[6];
        for (DmcAcc a : dmcs.values()) {
            List<RunReport.Test> tests = new ArrayList<>();
            int[] c = new int[6];
            for (TestAcc t : a.tests.values()) {
                if (t.verdict == null) {
                    t.verdict = "NOT_RUN";
                    if (t.applicable) {
                        t.reason = "no verdict recorded: the run ended before this test finished";
                    }
                }
                count(c, t.applicable, t.verdict);
                List<RunReport.Request> reqs = t.requests.stream().map(q -> new RunReport.Request(q.requestId, q.step,
                        q.attempt, q.srv, q.device, q.code, q.deviceResult, q.latencyMs, q.late)).toList();
                tests.add(new RunReport.Test(t.pack, t.id, t.title, t.srv, t.kind, t.applicable, t.verdict, t.reason,
                        t.durationMs, reqs));
            }
            boolean met;
            String rule;
            if (a.criteriaMet != null) {
                met = a.criteriaMet;
                rule = a.rule;
            } else {
                met = c[0] > 0 && c[1] == c[0];
                rule = INTERIM_RULE + " (judged by the report: the evidence log has no dmc-finished record for"
                        + " this DMC)";
            }
            for (int i = 0; i < 6; i++) {
                total[i] += c[i];
            }
            dmcReports.add(new RunReport.Dmc(a.id, a.title, a.smso, a.installationType, a.link, a.adapter, a.devices, met, rule,
                    counts(c), tests));
        }
        RunReport.Evidence evidence = new RunReport.Evidence(ev == null ? Bundle.EVIDENCE : ev.file(), chain.lines(),
                chain.finalHash(), chain.valid(), chain.firstBadLine(), chain.problem());
        Manifest.OutcomeInfo outcome = m.outcome();
        String error = outcome == null ? null : outcome.error();
        boolean allMet = chain.valid() && error == null && !dmcReports.isEmpty()
                && dmcReports.stream().allMatch(RunReport.Dmc::criteriaMet);
        Manifest.LabInfo lab = m.lab();
        List<RunReport.Pack> packs = m.packs() == null ? List.of() : m.packs().stream().map(p -> new RunReport.Pack(
                p.id(), p.title(), p.version(), p.release(), p.standard(), p.rationale(), p.sha256(), p.file()))
                .toList();
        return new RunReport(RunReport.FORMAT, m.runId(), m.started(), m.finished(), m.harnessVersion(),
                lab == null ? null : new RunReport.Lab(lab.id(), lab.title(), lab.file(), lab.sha256(),
                        lab.environment()),
                packs, evidence, allMet, aborted, error, counts(total), dmcReports);
    }

    private static void count(int[] c, boolean applicable, String verdict) {
        if (!applicable) {
            c[5]++;
            return;
        }
        c[0]++;
        switch (verdict) {
            case "PASS": c[1]++; break;
            case "FAIL": c[2]++; break;
            case "BLOCKED": c[3]++; break;
            default: c[4]++; break;
        }
    }

    private static RunReport.Counts counts(int[] c) {
        return new RunReport.Counts(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    private static String orElse(String a, String b) {
        return a != null ? a : b;
    }

    private static DmcAcc dmc(Map<String, DmcAcc> dmcs, String id) {
        String key = id == null ? "?" : id;
        return dmcs.computeIfAbsent(key, k -> {
            DmcAcc a = new DmcAcc();
            a.id = k;
            return a;
        });
    }

    private static TestAcc test(Map<String, DmcAcc> dmcs, EvidenceRecord r) {
        DmcAcc a = dmc(dmcs, r.text("dmc"));
        String pack = r.text("pack");
        String id = r.text("test");
        return a.tests.computeIfAbsent(pack + "\u0000" + id, k -> {
            TestAcc t = new TestAcc();
            t.pack = pack;
            t.id = id;
            return t;
        });
    }
}
