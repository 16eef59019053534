package org.dmct.core.run;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.evidence.BundleSeal;
import org.dmct.core.evidence.ManifestSigner;
import org.dmct.core.evidence.ChainState;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.evidence.EvidenceRecovery;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.evidence.EvidenceWriter;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.internal.Fields;
import org.dmct.core.internal.Versions;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.pack.Pack;
import org.dmct.core.report.ReportWriter;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of one run: the evidence log, the DMC executions, abort and failure, and the end of the run. */
final class RunExecution {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** With a limit on active DMCs, how many start first, and how many more each finished DMC lets in. */
    private static final int SLOW_START_DMCS = 8;

    final RunConfig config;
    final RunPlan plan;
    final Bundle bundle;
    final EvidenceWriter evidence;
    final String runId;
    final String harnessVersion;
    private final Instant started;
    private final List<DmcExecution> dmcs = new ArrayList<>();
    private final AtomicReference<String> abortReason = new AtomicReference<>();
    private final AtomicReference<String> error = new AtomicReference<>();
    private final Map<String, AdapterUse> adapters = new LinkedHashMap<>();
    private final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();

    private record AdapterUse(String name, String version, String implementation, List<String> dmcs) {
    }

    /** What the log already held when this run is a resumption, {@code null} for a new run. */
    private final RunHistory history;
    /** The DCC's checks on every request before it reaches an adapter, with this run's Supplier keys. */
    final org.dmct.core.dcc.DccRequestChecks dcc;

    private RunExecution(RunConfig config, RunPlan plan, Bundle bundle, EvidenceWriter evidence, RunPlanFile resumed,
                         RunHistory history) {
        this.config = config;
        this.plan = plan;
        this.bundle = bundle;
        this.evidence = evidence;
        this.history = history;
        this.dcc = new org.dmct.core.dcc.DccRequestChecks(org.dmct.core.srv.SrvCatalogue.builtIn(),
                config.supplierKeys());
        this.started = resumed != null ? Instant.parse(resumed.started()) : config.clock().instant();
        this.runId = resumed != null ? resumed.runId() : config.runId() != null ? config.runId()
                : "run-" + RUN_ID_TIME.format(started) + "-" + HexFormat.of().formatHex(randomBytes());
        this.harnessVersion = config.harnessVersion() != null ? config.harnessVersion()
                : Versions.implementationVersion(Runner.class);
    }

    /**
     * Suffix of request ids so that a resumed run's requests never share an id with the interrupted attempt's ("" for
     * a new run, "/r1" after the first resumption).
     */
    String requestIdSuffix() {
        return history == null ? "" : "/r" + (history.resumptions + 1);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static RunExecution start(RunConfig config) {
        RunPlan plan = RunPlan.of(config.lab(), config.packs(), config.dmcIds());
        Bundle bundle = Bundle.create(config.bundleDir());
        EvidenceWriter writer;
        RunExecution run;
        try {
            writer = EvidenceWriter.create(bundle.evidence(), config.clock());
            run = new RunExecution(config, plan, bundle, writer, null, null);
            RunPlanFile.of(config, run.runId, EvidenceJson.time(run.started), run.harnessVersion).write(bundle);
        } catch (IOException e) {
            throw new BundleException("cannot create the run plan and evidence log in " + bundle.dir() + ": " + e, e);
        }
        try {
            run.begin();
        } catch (RuntimeException e) {
            writer.finish();
            throw e;
        }
        return run;
    }

    /**
     * Continues an interrupted run in its bundle: checks the bundle is unfinished and its plan matches {@code config},
     * cuts a torn last line off the evidence log, records the resumption, and runs what was not finished.
     *
     * @throws BundleException when the bundle cannot be resumed (finished, no plan, lab or packs changed, evidence
     *                         altered), saying why
     */
    static RunExecution resume(RunConfig config) {
        Bundle bundle = new Bundle(config.bundleDir());
        if (!java.nio.file.Files.isDirectory(bundle.dir())) {
            throw new BundleException("cannot resume " + bundle.dir() + ": it is not a directory");
        }
        if (java.nio.file.Files.exists(bundle.manifest())) {
            throw new BundleException("cannot resume " + bundle.dir() + ": the run is complete (it has its "
                    + Bundle.MANIFEST + "); check it with dmct verify");
        }
        RunPlanFile recorded = RunPlanFile.read(bundle.dir());
        recorded.check(config);
        RunPlan plan = RunPlan.of(config.lab(), config.packs(), config.dmcIds());
        EvidenceWriter writer;
        RunHistory history;
        EvidenceRecovery recovery;
        try {
            removeUnsealedLeftovers(bundle);
            if (!java.nio.file.Files.exists(bundle.evidence())) {
                // The log is created before the plan is written, so a plan without a log means the log was removed.
                throw new BundleException("cannot resume " + bundle.dir() + ": it has " + RunPlanFile.NAME + " but no "
                        + Bundle.EVIDENCE + " (the evidence log was removed)");
            }
            recovery = EvidenceRecovery.inspect(bundle.evidence());
            if (!recovery.continuable()) {
                throw new BundleException("cannot resume " + bundle.dir() + ": the evidence log was altered, not cut"
                        + " short by a kill (" + recovery.tampered() + "); dmct verify says more");
            }
            recovery.cutTornTail(bundle.evidence());
            history = RunHistory.read(bundle.evidence());
            writer = EvidenceWriter.continueChain(bundle.evidence(), config.clock(), recovery.state());
        } catch (IOException e) {
            throw new BundleException("cannot resume " + bundle.dir() + ": " + e, e);
        }
        RunExecution run = new RunExecution(config, plan, bundle, writer, recorded, history);
        try {
            run.beginResumed(recovery);
        } catch (RuntimeException e) {
            writer.finish();
            throw e;
        }
        return run;
    }

    /**
     * Files an interrupted run may have left half-made, which the manifest would otherwise seal: temporary report
     * and manifest files. The reports themselves are rewritten at the end.
     */
    private static void removeUnsealedLeftovers(Bundle bundle) throws IOException {
        java.nio.file.Files.createDirectories(bundle.reportDir());
        try (var files = java.nio.file.Files.list(bundle.reportDir())) {
            for (java.nio.file.Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(".tmp")) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        java.nio.file.Files.deleteIfExists(bundle.dir().resolve(Bundle.MANIFEST + ".tmp"));
    }

    Clock clock() {
        return config.clock();
    }

    String abortReason() {
        return abortReason.get();
    }

    CompletableFuture<RunOutcome> outcome() {
        return outcome;
    }

    void record(String type, Map<String, ?> fields) {
        evidence.append(type, fields);
    }

    /** A frame record: the same line as {@link #record} would write, encoded without a JSON tree (B3, issue 7). */
    void recordFrame(String requestId, String dmc, String device, String direction, byte[] bytes, String note) {
        evidence.appendFrame(requestId, dmc, device, direction, bytes, note);
    }

    void notify(Consumer<ProgressListener> call) {
        try {
            call.accept(config.listener());
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed: {}", e.toString());
        }
    }

    synchronized void adapterUsed(DeviceAdapterProvider provider, String version, String dmcId) {
        adapters.computeIfAbsent(provider.name() + "\u0000" + provider.getClass().getName(),
                k -> new AdapterUse(provider.name(), version, provider.getClass().getName(), new ArrayList<>()))
                .dmcs().add(dmcId);
    }

    /** Aborts the run: the test in progress on each DMC ends NOT_RUN, and so does every test not yet run. */
    void abort(String reason) {
        String r = reason == null || reason.isBlank() ? "aborted" : reason;
        if (abortReason.compareAndSet(null, r)) {
            record(EvidenceTypes.RUN_ABORTED, Fields.of("runId", runId, "reason", r));
            for (DmcExecution d : dmcs) {
                d.abort(r);
            }
        }
    }

    /** The harness cannot do its work (the evidence log cannot be written): stop, and report exit status 3. */
    void infrastructureFailure(String message) {
        if (error.compareAndSet(null, message)) {
            LOG.error("run {}: {}", runId, message);
            abort("infrastructure failure: " + message);
        }
    }

    private void begin() {
        recordHeader(java.util.Set.of(), false);
        startDmcs();
    }

    /** The resumed run's start: the header records the log lacks, the resumption record, then the DMCs. */
    private void beginResumed(EvidenceRecovery recovery) {
        List<String> headerWritten = recordHeader(history.packsRecorded, history.runStarted);
        List<Map<String, Object>> rerun = new ArrayList<>();
        List<String> finishedDmcs = new ArrayList<>();
        history.dmcs.forEach((id, d) -> {
            if (d.finished) {
                finishedDmcs.add(id);
            }
            d.interrupted.forEach((test, seq) -> rerun.add(Fields.of("dmc", id, "test", test,
                    "abandonedStartSeq", seq)));
        });
        record(EvidenceTypes.RUN_RESUMED, Fields.of("runId", runId, "resumption", history.resumptions + 1,
                "harnessVersion", harnessVersion, "labSha256", config.lab().sha256(),
                "intactLines", recovery.lines(), "intactHash", recovery.lastHash(),
                "truncatedBytes", recovery.tornBytes(),
                "truncatedReason", recovery.tornBytes() == 0 ? null : "the last line was incomplete (no newline):"
                        + " the run was killed while writing it; cut back to the last complete, chain-valid line",
                "truncatedStart", recovery.tornPreview(),
                "headerRecordsWritten", headerWritten, "keptVerdicts", history.keptVerdicts(),
                "finishedDmcs", finishedDmcs, "rerun", rerun, "dcc", dcc.registeredKeyEvidence()));
        startDmcs();
    }

    /** Records run-started and the pack records not yet in the log; returns what it recorded. */
    private List<String> recordHeader(java.util.Set<String> packsRecorded, boolean runStartedRecorded) {
        List<String> written = new ArrayList<>();
        Lab lab = config.lab();
        if (!runStartedRecorded) {
            written.add(EvidenceTypes.RUN_STARTED);
            recordRunStarted(lab);
        }
        for (Pack p : config.packs()) {
            if (packsRecorded.contains(p.id())) {
                continue;
            }
            written.add(EvidenceTypes.PACK + " " + p.id());
            record(EvidenceTypes.PACK, Fields.of("id", p.id(), "title", p.title(), "version", p.version(),
                    "release", p.release().name(), "standard", p.standard(), "rationale", p.rationale(),
                    "sha256", p.sha256(), "path", String.valueOf(p.source()), "tests", p.tests().size(),
                    "derivation", derivationFields(p)));
        }
        return written;
    }

    private void recordRunStarted(Lab lab) {
        record(EvidenceTypes.RUN_STARTED, Fields.of("runId", runId,
                "lab", Fields.of("id", lab.id(), "title", lab.title(), "file", String.valueOf(lab.source()),
                        "sha256", lab.sha256()),
                "harnessVersion", harnessVersion,
                "dmcs", plan.dmcs().stream().map(LabDmc::id).toList(),
                "packs", config.packs().stream().map(Pack::id).toList(),
                "options", Fields.of("requestTimeoutMs", config.requestTimeout().toMillis(),
                        "adapterGraceMs", config.adapterGrace().toMillis(),
                        "communicationCutoff", config.communicationCutoff(),
                        "criteria", config.criteria().statement(), "maxActiveDmcs", config.maxActiveDmcs(),
                        "recordFrames", config.recordFrames()),
                "dcc", dcc.registeredKeyEvidence()));
    }

    /**
     * Forces the header (and a resumption record) to disk, then starts every DMC: the DMCs' first records never reach
     * the disk before the records that say what the run is.
     */
    private void startDmcs() {
        notify(l -> l.runStarted(runId, plan.dmcs().size(), plan.plannedCount()));
        List<CompletableFuture<DmcResult>> futures = new ArrayList<>();
        for (LabDmc dmc : plan.dmcs()) {
            EventLoop loop = preferredLoop(dmc).orElseGet(() -> config.eventLoops().next());
            dmcs.add(new DmcExecution(this, dmc, loop, plan.tests(dmc.id()),
                    history == null ? null : history.dmcOrEmpty(dmc.id())));
        }
        evidence.checkpoint().whenComplete((v, e) -> {
            if (e != null) {
                infrastructureFailure(String.valueOf(TestExecution.unwrap(e).getMessage()));
            }
            admitDmcs(futures);
        });
    }

    /**
     * The loop the first provider that supports the DMC would rather run it on (its in-process simulator's), if that
     * loop is one of the run's; a provider that fails to answer is only logged, as selection does.
     */
    private java.util.Optional<EventLoop> preferredLoop(LabDmc dmc) {
        for (org.dmct.core.spi.DeviceAdapterProvider p : config.providers()) {
            try {
                if (!p.supports(dmc)) {
                    continue;
                }
                java.util.Optional<EventLoop> loop = p.preferredLoop(dmc, config.eventLoops());
                for (io.netty.util.concurrent.EventExecutor member : config.eventLoops()) {
                    if (loop.isPresent() && member == loop.get()) {
                        return loop;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("adapter provider {} failed to name a loop for DMC {}: {}", p.name(), dmc.id(), e.toString());
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    /**
     * Starts the DMCs, at most {@code maxActiveDmcs} at once when the config sets a limit. With a limit, the window
     * opens gradually (slow start): a cold JVM loading classes for a hundred DMCs at once answers none of them within
     * the request timeout, and the harness would blame the devices for it.
     */
    private void admitDmcs(List<CompletableFuture<DmcResult>> futures) {
        java.util.Queue<Runnable> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int limit = config.maxActiveDmcs() == 0 ? dmcs.size() : config.maxActiveDmcs();
        java.util.concurrent.atomic.AtomicInteger window = new java.util.concurrent.atomic.AtomicInteger(
                config.maxActiveDmcs() == 0 ? limit : Math.min(limit, SLOW_START_DMCS));
        java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
        Runnable admit = () -> {
            while (true) {
                int now = active.get();
                if (now >= window.get() || waiting.isEmpty() || !active.compareAndSet(now, now + 1)) {
                    if (now >= window.get() || waiting.isEmpty()) {
                        return;
                    }
                    continue;
                }
                Runnable next = waiting.poll();
                if (next == null) {
                    active.decrementAndGet();
                    return;
                }
                next.run();
            }
        };
        for (DmcExecution d : dmcs) {
            CompletableFuture<DmcResult> done = new CompletableFuture<>();
            futures.add(done);
            waiting.add(() -> d.start().whenComplete((r, e) -> {
                active.decrementAndGet();
                window.updateAndGet(w -> Math.min(limit, w + SLOW_START_DMCS));
                admit.run();
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(r);
                }
            }));
        }
        admit.run();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> end(futures));
    }

    private void end(List<CompletableFuture<DmcResult>> futures) {
        List<DmcResult> results = new ArrayList<>();
        for (CompletableFuture<DmcResult> f : futures) {
            try {
                results.add(f.join());
            } catch (RuntimeException e) {
                infrastructureFailure("a DMC ended with an internal error: " + TestExecution.unwrap(e));
            }
        }
        Instant finished = config.clock().instant();
        Counts total = results.stream().map(DmcResult::counts).reduce(Counts.ZERO, Counts::plus);
        boolean allMet = error.get() == null && !results.isEmpty()
                && results.stream().allMatch(DmcResult::criteriaMet);
        List<Map<String, Object>> perDmc = new ArrayList<>();
        for (DmcResult r : results) {
            perDmc.add(Fields.of("dmc", r.dmcId(), "criteriaMet", r.criteriaMet()));
        }
        if (history != null && history.runFinished) {
            // The interrupted run had finished its evidence and was killed while writing reports or the manifest.
            finishEvidence(results, finished);
            return;
        }
        record(EvidenceTypes.RUN_FINISHED, Fields.of("runId", runId, "allMet", allMet,
                "aborted", abortReason.get(), "error", error.get(), "planned", total.planned(),
                "passed", total.passed(), "failed", total.failed(), "blocked", total.blocked(),
                "notRun", total.notRun(), "notApplicable", total.notApplicable(), "dmcs", perDmc));
        finishEvidence(results, finished);
    }

    private void finishEvidence(List<DmcResult> results, Instant finished) {
        evidence.finish().handle((state, e) -> {
            if (e != null) {
                error.compareAndSet(null, "the evidence log could not be written: "
                        + TestExecution.unwrap(e).getMessage());
            }
            return state;
        }).thenApplyAsync(state -> close(results, finished, state)).whenComplete((o, e) -> {
            if (e != null) {
                outcome.completeExceptionally(e);
            } else {
                notify(l -> l.runFinished(o));
                outcome.complete(o);
            }
        });
    }

    /**
     * Ends the bundle: the reports are rendered from the manifest in memory first, so that the manifest, written once,
     * can record their hashes; then the manifest is signed when the lab names a signing key.
     */
    private RunOutcome close(List<DmcResult> results, Instant finished, ChainState state) {
        Manifest manifest = manifest(results, finished, state);
        if (config.writeReports() && state != null) {
            try {
                ReportWriter.writeAll(bundle, manifest);
            } catch (IOException | RuntimeException e) {
                LOG.error("run {}: reports could not be written", runId, e);
                error.compareAndSet(null, "the reports could not be written: " + e);
                manifest = manifest(results, finished, state);
            }
        }
        boolean written = false;
        try {
            BundleSeal.write(bundle, manifest);
            written = true;
        } catch (IOException | RuntimeException e) {
            error.compareAndSet(null, "the manifest could not be written: " + e);
        }
        if (written && config.lab().signingKey() != null) {
            try {
                ManifestSigner.fromKeystore(config.secrets(), config.lab().signingKey()).sign(bundle);
            } catch (IOException | RuntimeException e) {
                LOG.error("run {}: the manifest could not be signed: {}", runId, e.getMessage());
                error.compareAndSet(null, "the manifest could not be signed: " + e.getMessage());
            }
        }
        return new RunOutcome(runId, bundle, started, finished, results, state == null ? null : state.lastLineHash(),
                state == null ? -1 : state.lines(), abortReason.get(), error.get());
    }

    private Manifest manifest(List<DmcResult> results, Instant finished, ChainState state) {
        Lab lab = config.lab();
        List<Manifest.DmcInfo> dmcInfos = new ArrayList<>();
        Map<String, String> adapterByDmc = new LinkedHashMap<>();
        results.forEach(r -> adapterByDmc.put(r.dmcId(), r.adapter()));
        for (LabDmc d : plan.dmcs()) {
            List<Manifest.DeviceInfo> devices = new ArrayList<>();
            for (LabDevice dev : d.devices()) {
                devices.add(new Manifest.DeviceInfo(dev.id(), dev.type().name(), dev.profile().id(),
                        dev.profile().sha256(), dev.profile().manufacturer(), dev.profile().model(), dev.firmware(),
                        dev.serialNumber(), dev.logicalDevice(), dev.profile().simulation().defects().stream()
                                .map(x -> x.id() + ": " + x.description()).toList(),
                        dev.faults().stream().map(Manifest.FaultInfo::of).toList()));
            }
            dmcInfos.add(new Manifest.DmcInfo(d.id(), d.title(), d.smso(),
                    d.installationType().name().toLowerCase(Locale.ROOT), d.simulated(), d.link().toString(),
                    adapterByDmc.get(d.id()), devices));
        }
        List<Manifest.PackInfo> packs = config.packs().stream().map(p -> new Manifest.PackInfo(p.id(), p.title(),
                p.version(), p.release().name(), p.standard(), p.rationale(), p.sha256(), String.valueOf(p.source()),
                p.derivation()))
                .toList();
        List<Manifest.AdapterInfo> adapterInfos;
        synchronized (this) {
            adapterInfos = adapters.values().stream().map(a -> new Manifest.AdapterInfo(a.name(), a.version(),
                    a.implementation(), List.copyOf(a.dmcs()))).toList();
        }
        List<Manifest.DmcOutcome> outcomes = results.stream().map(r -> {
            Counts c = r.counts();
            return new Manifest.DmcOutcome(r.dmcId(), r.criteriaMet(), c.planned(), c.passed(), c.failed(),
                    c.blocked(), c.notRun(), c.notApplicable());
        }).toList();
        boolean allMet = error.get() == null && !results.isEmpty() && results.stream().allMatch(DmcResult::criteriaMet);
        return new Manifest(Manifest.FORMAT, runId, EvidenceJson.time(started), EvidenceJson.time(finished),
                harnessVersion,
                new Manifest.LabInfo(lab.id(), lab.title(), String.valueOf(lab.source()), lab.sha256(),
                        new java.util.TreeMap<>(lab.environment())),
                dmcInfos, packs, adapterInfos,
                new Manifest.EvidenceInfo(Bundle.EVIDENCE, state == null ? -1 : state.lines(),
                        state == null ? null : state.lastLineHash()),
                new Manifest.OutcomeInfo(allMet, error.get(), outcomes), List.of());
    }

    /** A derived pack's base and changes as an evidence field (evidence JSON takes maps, lists and scalars). */
    private static Map<String, Object> derivationFields(Pack p) {
        org.dmct.core.pack.Derivation d = p.derivation();
        if (d == null) {
            return null;
        }
        List<Map<String, Object>> removed = d.removed().stream()
                .map(r -> Fields.of("test", r.test(), "rationale", r.rationale())).toList();
        return Fields.of("basedOn", d.basedOn(), "baseId", d.baseId(), "baseVersion", d.baseVersion(),
                "baseSha256", d.baseSha256(), "baseFile", d.baseFile(), "removed", removed, "added", d.added());
    }
}
