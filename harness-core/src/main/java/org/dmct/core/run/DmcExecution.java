package org.dmct.core.run;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.internal.Durations;
import org.dmct.core.internal.Fields;
import org.dmct.core.internal.Versions;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.DeviceAdapter;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.SecretResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DMC's part of a run, confined to one event loop of the run's group: selects and opens the adapter, runs the
 * applicable tests one after the other in plan order, applies the communication cutoff, closes the adapter and judges
 * the criteria. No state here is touched from another thread except through {@link EventLoop#execute}.
 */
final class DmcExecution {
    private static final Logger LOG = LoggerFactory.getLogger(DmcExecution.class);

    final RunExecution run;
    final LabDmc dmc;
    final EventLoop loop;
    private final List<PlannedTest> planned;
    private final TestResult[] results;
    private final CompletableFuture<DmcResult> finished = new CompletableFuture<>();
    private DeviceAdapterProvider provider;
    private DeviceAdapter adapter;
    private int next;
    private int consecutiveCommunicationBlocked;
    private String lastCommunicationBlocked;
    private boolean cutoff;
    private boolean finishing;
    private TestExecution current;
    private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
    /** Every alert the DMC's devices raised during the run, in arrival order (on the loop only). */
    private final List<AlertEvent> alerts = new ArrayList<>();

    /** What an interrupted run recorded of this DMC ({@code null} in a new run). */
    private final RunHistory.Dmc prior;

    /** @param prior what an interrupted run recorded of the DMC when this run resumes it, else {@code null} */
    DmcExecution(RunExecution run, LabDmc dmc, EventLoop loop, List<PlannedTest> planned, RunHistory.Dmc prior) {
        this.prior = prior;
        this.run = run;
        this.dmc = dmc;
        this.loop = loop;
        this.planned = planned;
        this.results = new TestResult[planned.size()];
    }

    String id() {
        return dmc.id();
    }

    String adapterName() {
        return provider != null ? provider.name() : prior != null ? prior.adapter : null;
    }

    /** Whether the interrupted run this one resumes had already finished the DMC (nothing is run or recorded). */
    private boolean finishedBefore() {
        return prior != null && prior.finished;
    }

    CompletableFuture<DmcResult> start() {
        loop.execute(this::begin);
        return finished;
    }

    /** Called on any thread; the abort itself happens on the loop. */
    void abort(String reason) {
        loop.execute(() -> {
            if (current != null) {
                current.abort(reason);
            }
        });
    }

    private void begin() {
        try {
            provider = select();
            String version = provider == null ? null : Versions.implementationVersion(provider.getClass());
            if (provider != null) {
                run.adapterUsed(provider, version, dmc.id());
            }
            if (prior != null) {
                for (int i = 0; i < planned.size(); i++) {
                    results[i] = prior.verdicts.get(planned.get(i).test().id());
                }
                replayCutoff();
            }
            if (finishedBefore()) {
                next = planned.size();
                finish();
                return;
            }
            if (prior != null && prior.started) {
                recordResumed(version);
            } else {
                recordStarted(version);
            }
            int applicable = 0;
            for (int i = 0; i < planned.size(); i++) {
                PlannedTest p = planned.get(i);
                if (p.applicable()) {
                    applicable++;
                }
                if (prior != null && prior.planningRecorded.contains(p.test().id())) {
                    continue;
                }
                Map<String, Object> fields = Fields.of("dmc", dmc.id(), "pack", p.pack().id(), "test", p.test().id(),
                        "title", p.test().title(), "srv", p.test().srv().orElse(null),
                        "kind", kind(p), "devices", p.test().devices());
                // The trace goes into the log so the DMCT Report can list it (20.29 (c)) from the bundle alone.
                fields.put("sec", p.test().trace().sec());
                fields.put("requirements", p.test().trace().requirements());
                if (p.applicable()) {
                    fields.put("timeoutMs", p.test().timeout().toMillis());
                    run.record(EvidenceTypes.TEST_PLANNED, fields);
                } else {
                    fields.put("reason", p.notApplicableReason());
                    run.record(EvidenceTypes.TEST_NOT_APPLICABLE, fields);
                }
            }
            final int plannedCount = applicable;
            run.notify(l -> l.dmcStarted(dmc.id(), adapterName(), plannedCount));
            for (int i = 0; i < planned.size(); i++) {
                if (!planned.get(i).applicable() && results[i] == null) {
                    conclude(i, Verdict.NOT_RUN, planned.get(i).notApplicableReason(), 0, false);
                }
            }
            openAdapterAndRun();
        } catch (RuntimeException e) {
            LOG.error("DMC {}: internal error while starting", dmc.id(), e);
            run.infrastructureFailure("internal error while starting DMC " + dmc.id() + ": " + e);
            next = planned.size();
            fillUnfinished("not run: internal error while starting DMC " + dmc.id() + ": " + e);
            finish();
        }
    }

    private void recordStarted(String version) {
        List<Map<String, Object>> devices = new ArrayList<>();
        for (LabDevice d : dmc.devices()) {
            devices.add(Fields.of("id", d.id(), "type", d.type().name(), "profile", d.profile().id(),
                    "firmware", d.firmware(), "serialNumber", d.serialNumber(),
                    "faults", d.faults().stream().map(f -> Fields.of("kind", f.kind().label(),
                            "parameters", f.sortedParameters(), "seed", f.seed())).toList()));
        }
        run.record(EvidenceTypes.DMC_STARTED, Fields.of("dmc", dmc.id(), "title", dmc.title(),
                "smso", dmc.smso(), "installationType", dmc.installationType().name().toLowerCase(Locale.ROOT),
                "simulated", dmc.simulated(), "link", dmc.link().toString(),
                "adapter", provider == null ? null : provider.name(), "adapterVersion", version,
                "adapterImplementation", provider == null ? null : provider.getClass().getName(),
                "devices", devices));
    }

    /** In place of a second dmc-started: what the resumed run keeps of the DMC and what it runs again. */
    private void recordResumed(String version) {
        List<String> kept = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            (results[i] != null ? kept : remaining).add(planned.get(i).test().id());
        }
        run.record(EvidenceTypes.DMC_RESUMED, Fields.of("dmc", dmc.id(),
                "adapter", provider == null ? null : provider.name(), "adapterVersion", version,
                "adapterImplementation", provider == null ? null : provider.getClass().getName(),
                "kept", kept, "rerun", List.copyOf(prior.interrupted.keySet()), "remaining", remaining));
    }

    /**
     * Restores the communication cutoff's count from the kept verdicts (a prefix of the DMC's tests, in run order), so
     * that the resumed DMC cuts off exactly where an uninterrupted run would have.
     */
    private void replayCutoff() {
        for (int i = 0; i < planned.size(); i++) {
            TestResult r = results[i];
            if (r == null || !planned.get(i).applicable()) {
                continue;
            }
            if (r.verdict() == Verdict.BLOCKED && r.communicationFailure()) {
                consecutiveCommunicationBlocked++;
                lastCommunicationBlocked = r.testId();
                int limit = run.config.communicationCutoff();
                if (limit > 0 && consecutiveCommunicationBlocked >= limit) {
                    cutoff = true;
                }
            } else {
                consecutiveCommunicationBlocked = 0;
            }
        }
    }

    private void openAdapterAndRun() {
        String blocked = null;
        if (provider == null) {
            blocked = "no device adapter can serve DMC " + dmc.id() + " (" + wanted() + ")";
        } else {
            try {
                FrameRecorder frames = run.config.recordFrames() ? this::frame : FrameRecorder.DISCARD;
                adapter = provider.open(AdapterContext.of(dmc, loop, frames, run.clock(),
                        run.config.requestTimeout(), run.config.secrets(), this::alert));
                if (adapter == null) {
                    blocked = "adapter '" + provider.name() + "' gave no adapter for DMC " + dmc.id();
                }
            } catch (RuntimeException e) {
                blocked = "adapter '" + provider.name() + "' could not be opened for DMC " + dmc.id() + " on "
                        + dmc.link() + ": " + e;
            }
        }
        if (blocked != null) {
            for (int i = 0; i < planned.size(); i++) {
                if (planned.get(i).applicable() && results[i] == null) {
                    conclude(i, run.abortReason() != null ? Verdict.NOT_RUN : Verdict.BLOCKED,
                            run.abortReason() != null ? "not run: the run was aborted (" + run.abortReason() + ")"
                                    : blocked, 0, false);
                }
            }
            next = planned.size();
            finish();
            return;
        }
        nextTest();
    }

    private String wanted() {
        List<String> adapters = dmc.devices().stream().map(d -> d.profile().protocol().adapter()).distinct().toList();
        String transport = dmc.link().transport().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return (adapters.size() == 1 ? "adapter '" + adapters.get(0) + "'" : "adapters " + adapters) + " over "
                + transport;
    }

    private DeviceAdapterProvider select() {
        for (DeviceAdapterProvider p : run.config.providers()) {
            try {
                if (p.supports(dmc)) {
                    return p;
                }
            } catch (RuntimeException e) {
                LOG.warn("adapter provider {} failed to say whether it supports DMC {}: {}", p.name(), dmc.id(),
                        e.toString());
            }
        }
        return null;
    }

    private static String kind(PlannedTest p) {
        return p.test().kind().name().toLowerCase(Locale.ROOT);
    }

    private void nextTest() {
        current = null;
        while (next < planned.size()) {
            int i = next++;
            PlannedTest p = planned.get(i);
            if (!p.applicable() || results[i] != null) {
                continue;
            }
            if (run.abortReason() != null) {
                conclude(i, Verdict.NOT_RUN, "not run: the run was aborted (" + run.abortReason() + ")", 0, false);
                continue;
            }
            if (cutoff) {
                conclude(i, Verdict.BLOCKED, "not sent: the DMC stopped communicating after test "
                        + lastCommunicationBlocked, 0, true);
                continue;
            }
            // One request at a time per DMC: a request left over from a timed-out test settles first (bounded).
            inFlight.handle((v, e) -> null).thenRunAsync(() -> runTest(i, p), loop);
            return;
        }
        finish();
    }

    private void runTest(int i, PlannedTest p) {
        runTest(i, p, 1, 0);
    }

    /**
     * Runs one attempt of a test. A test that declares {@code retries: N} runs again after an attempt that did not pass,
     * up to N more times; each attempt is its own test-started .. test-retry (or test-verdict) stretch of evidence.
     */
    private void runTest(int i, PlannedTest p, int attempt, long earlierMs) {
        if (run.abortReason() != null) {
            conclude(i, Verdict.NOT_RUN, "not run: the run was aborted (" + run.abortReason() + ")", earlierMs, false);
            nextTest();
            return;
        }
        current = new TestExecution(this, p, attempt);
        current.start().whenCompleteAsync((outcome, error) -> {
            TestExecution.Outcome o = outcome;
            if (error != null) {
                LOG.error("DMC {} test {}: internal error", dmc.id(), p.test().id(), error);
                o = new TestExecution.Outcome(Verdict.BLOCKED, "internal error: " + TestExecution.unwrap(error),
                        false, 0);
            }
            current = null;
            int allowed = 1 + p.test().retries();
            boolean retry = (o.verdict() == Verdict.FAIL || o.verdict() == Verdict.BLOCKED) && attempt < allowed
                    && run.abortReason() == null;
            if (retry) {
                run.record(EvidenceTypes.TEST_RETRY, Fields.of("dmc", dmc.id(), "pack", p.pack().id(),
                        "test", p.test().id(), "attempt", attempt, "of", allowed, "verdict", o.verdict().name(),
                        "reason", o.reason(), "durationMs", o.durationMs()));
                long soFar = earlierMs + o.durationMs();
                inFlight.handle((v, e) -> null).thenRunAsync(() -> runTest(i, p, attempt + 1, soFar), loop);
                return;
            }
            String reason = allowed > 1 && attempt > 1 ? o.reason() + " (test attempt " + attempt + " of " + allowed
                    + ")" : o.reason();
            conclude(i, o.verdict(), reason, earlierMs + o.durationMs(), o.communicationFailure());
            if (o.verdict() == Verdict.BLOCKED && o.communicationFailure()) {
                consecutiveCommunicationBlocked++;
                lastCommunicationBlocked = p.test().id();
                int limit = run.config.communicationCutoff();
                if (limit > 0 && consecutiveCommunicationBlocked >= limit) {
                    cutoff = true;
                }
            } else {
                consecutiveCommunicationBlocked = 0;
            }
            run.evidence.checkpoint().whenCompleteAsync((v, e) -> {
                if (e != null) {
                    run.infrastructureFailure(String.valueOf(TestExecution.unwrap(e).getMessage()));
                }
                nextTest();
            }, loop);
        }, loop);
    }

    private void conclude(int i, Verdict verdict, String reason, long durationMs, boolean communication) {
        PlannedTest p = planned.get(i);
        reason = withInjectedFaults(verdict, reason);
        TestResult r = new TestResult(dmc.id(), p.pack().id(), p.test().id(), p.test().title(),
                p.test().srv().orElse(null), p.test().kind(), p.applicable(), verdict, reason, durationMs,
                communication);
        results[i] = r;
        run.record(EvidenceTypes.TEST_VERDICT, Fields.of("dmc", dmc.id(), "pack", p.pack().id(),
                "test", p.test().id(), "title", p.test().title(), "srv", p.test().srv().orElse(null),
                "kind", kind(p), "applicable", p.applicable(), "verdict", verdict.name(), "reason", reason,
                "durationMs", durationMs, "communicationFailure", communication));
        run.notify(l -> l.testFinished(r));
    }

    /**
     * A failed or blocked test on a DMC whose simulators inject faults says so in its reason, whatever step noticed
     * (the adapter names the fault of a device that did not answer; a value check that a slow clock broke does not know
     * of it), so nobody takes an injected failure for a device defect.
     */
    private String withInjectedFaults(Verdict verdict, String reason) {
        if ((verdict != Verdict.FAIL && verdict != Verdict.BLOCKED) || reason == null
                || reason.contains("fault injected")) {
            return reason;
        }
        List<String> injected = new ArrayList<>();
        for (LabDevice d : dmc.devices()) {
            d.faultSummary().ifPresent(f -> injected.add(d.id() + ": " + f));
        }
        return injected.isEmpty() ? reason : reason + " (fault injected on this DMC: " + String.join("; ", injected)
                + ")";
    }

    private void fillUnfinished(String reason) {
        for (int i = 0; i < planned.size(); i++) {
            if (results[i] == null) {
                conclude(i, Verdict.NOT_RUN, reason, 0, false);
            }
        }
    }

    private void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        // A request still in flight settles first (bounded by the guard), unless the run is being aborted.
        CompletableFuture<?> settle = run.abortReason() != null ? CompletableFuture.completedFuture(null) : inFlight;
        settle.handle((v, e) -> null).thenCompose(x -> closeAdapter()).thenRunAsync(() -> {
            try {
                fillUnfinished("not run: the run ended before this test");
                List<TestResult> all = Arrays.asList(results);
                List<TestResult> applicable = all.stream().filter(TestResult::applicable).toList();
                boolean met = run.config.criteria().met(applicable);
                DmcResult result = new DmcResult(dmc.id(), dmc.title(), adapterName(), met,
                        run.config.criteria().statement(), all);
                Counts c = result.counts();
                if (finishedBefore()) {
                    finished.complete(result);
                    return;
                }
                run.record(EvidenceTypes.DMC_FINISHED, Fields.of("dmc", dmc.id(), "adapter", adapterName(),
                        "criteriaMet", met, "criteria", run.config.criteria().statement(), "planned", c.planned(),
                        "passed", c.passed(), "failed", c.failed(), "blocked", c.blocked(), "notRun", c.notRun(),
                        "notApplicable", c.notApplicable()));
                run.notify(l -> l.dmcFinished(result));
                finished.complete(result);
            } catch (RuntimeException e) {
                finished.completeExceptionally(e);
            }
        }, loop);
    }

    /** Closes the adapter and waits, at most a request timeout, for its links to be released. */
    private CompletableFuture<Void> closeAdapter() {
        if (adapter == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> closed;
        try {
            closed = adapter.closeAsync();
        } catch (RuntimeException e) {
            LOG.warn("DMC {}: adapter close failed: {}", dmc.id(), e.toString());
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        var timer = loop.schedule(() -> {
            if (bounded.complete(null)) {
                LOG.warn("DMC {}: the adapter did not finish closing within {}", dmc.id(), run.config.requestTimeout());
            }
        }, run.config.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        closed.whenComplete((v, e) -> {
            timer.cancel(false);
            bounded.complete(null);
        });
        return bounded;
    }

    /**
     * Sends one request through the adapter, bounded: if the adapter has not answered within the request timeout plus
     * the grace, the runner answers E21 itself; an answer after that is still written to evidence, marked late.
     */
    CompletableFuture<ServiceResponse> call(ServiceRequest request, Instant sentAt) {
        CompletableFuture<ServiceResponse> result = new CompletableFuture<>();
        CompletableFuture<ServiceResponse> raw;
        try {
            raw = adapter.execute(request);
            if (raw == null) {
                raw = CompletableFuture.failedFuture(new IllegalStateException("the adapter returned no future"));
            }
        } catch (RuntimeException e) {
            raw = CompletableFuture.failedFuture(e);
        }
        Duration timeout = run.config.requestTimeout();
        Duration limit = timeout.plus(run.config.adapterGrace());
        ScheduledFuture<?> guard = loop.schedule(() -> {
            result.complete(ServiceResponse.failure(request, ResponseCode.E21, "the adapter gave no answer within "
                    + Durations.human(limit) + " (request timeout " + Durations.human(timeout) + " plus "
                    + Durations.human(run.config.adapterGrace()) + " grace) for " + request.deviceId() + " on "
                    + dmc.link(), sentAt, run.clock().instant()));
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        raw.whenComplete((response, error) -> {
            guard.cancel(false);
            boolean won = error == null ? result.complete(response) : result.completeExceptionally(error);
            if (!won && response != null) {
                recordResponse(response, sentAt, run.clock().instant(), true,
                        "arrived after the runner stopped waiting for it");
            }
        });
        inFlight = result;
        return result;
    }

    void recordResponse(ServiceResponse r, Instant sentAt, Instant at, boolean late, String note) {
        Map<String, Object> fields = Fields.of("requestId", r.requestId(), "dmc", dmc.id(), "device", r.deviceId(),
                "srv", r.srv(), "code", r.code().name(), "deviceResult", r.deviceResult(), "values", r.values(),
                "detail", r.detail(), "sentAt", r.sentAt(), "answeredAt", r.answeredAt(),
                "latencyMs", Math.max(0, at.toEpochMilli() - sentAt.toEpochMilli()));
        if (late) {
            fields.put("late", true);
            fields.put("note", note);
        }
        run.record(EvidenceTypes.RESPONSE, fields);
    }

    /** The alert sink adapters get: any thread; recorded and offered to the running test on the loop. */
    private void alert(AlertEvent event) {
        if (event == null) {
            return;
        }
        loop.execute(() -> {
            alerts.add(event);
            TestExecution test = current;
            run.record(EvidenceTypes.ALERT, Fields.of("dmc", dmc.id(), "device", event.deviceId(),
                    "code", event.codeHex(), "receivedAt", event.receivedAt(), "source", event.source(),
                    "details", event.details(), "test", test == null ? null : test.testId()));
            if (test != null) {
                test.alertArrived(event);
            }
        });
    }

    /** The alerts received at or after {@code since}, oldest first (on the loop). */
    List<AlertEvent> alertsSince(Instant since) {
        return alerts.stream().filter(a -> !a.receivedAt().isBefore(since)).toList();
    }

    /** The evidence hook adapters get: every frame becomes a record of the run's log. */
    private void frame(String deviceId, String requestId, FrameDirection direction, byte[] bytes, String note) {
        String dir = direction == null ? null : switch (direction) {
            case SENT -> "sent";
            case RECEIVED -> "received";
            case MALFORMED_RECEIVED -> "malformed";
        };
        run.recordFrame(requestId, dmc.id(), deviceId, dir, bytes, note);
    }
}
