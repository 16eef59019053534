package org.dmct.core.run;

import io.netty.util.concurrent.ScheduledFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.dmct.core.dcc.DccRequestChecks;
import org.dmct.core.dcc.SignedPreCommand;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.internal.Durations;
import org.dmct.core.internal.Fields;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.pack.AlertStep;
import org.dmct.core.pack.CheckStep;
import org.dmct.core.pack.CompareCheck;
import org.dmct.core.pack.PackTest;
import org.dmct.core.pack.SendStep;
import org.dmct.core.pack.Step;
import org.dmct.core.pack.StimulateStep;
import org.dmct.core.pack.ValuePath;
import org.dmct.core.pack.WaitStep;
import org.dmct.core.spi.Stimuli;

/**
 * One test on one DMC. Everything here runs on the DMC's event loop: steps chain futures, waits and the test timeout
 * are scheduled on the loop, and the first of "all steps done", "a step failed", "timeout" and "abort" decides the
 * outcome; whatever arrives later (a late response) is still written to evidence but changes nothing.
 */
final class TestExecution {
    /** The test's result before it becomes a {@link TestResult}. */
    record Outcome(Verdict verdict, String reason, boolean communicationFailure, long durationMs) {
    }

    private final DmcExecution dmc;
    private final PlannedTest planned;
    private final PackTest test;
    private final int testAttempt;
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Map<String, Object> captures = new HashMap<>();
    private String where;
    private ScheduledFuture<?> timeoutTask;
    private ScheduledFuture<?> waitTask;
    private long startedMillis;
    /** Where the alert window of the next alert step opens: the latest send step's first request, or the start. */
    private Instant alertWindowOpens;
    private AlertWait alertWait;

    /** An alert step waiting for its alert (or for its window to close without one). */
    private record AlertWait(AlertStep step, Instant opens, CompletableFuture<StepOutcome> result) {
    }

    TestExecution(DmcExecution dmc, PlannedTest planned) {
        this(dmc, planned, 1);
    }

    /** @param testAttempt 1 for the first run of the test, 2.. for the retries it declares */
    TestExecution(DmcExecution dmc, PlannedTest planned, int testAttempt) {
        this.testAttempt = testAttempt;
        this.dmc = dmc;
        this.planned = planned;
        this.test = planned.test();
        this.where = test.preconditions().isEmpty() ? "step 1" : "precondition 1";
    }

    CompletableFuture<Outcome> start() {
        startedMillis = dmc.run.clock().millis();
        alertWindowOpens = dmc.run.clock().instant();
        dmc.run.record(EvidenceTypes.TEST_STARTED, Fields.of("dmc", dmc.id(), "pack", planned.pack().id(),
                "test", test.id(), "title", test.title(), "srv", test.srv().orElse(null),
                "timeoutMs", test.timeout().toMillis(), "attempt", testAttempt, "attempts", 1 + test.retries()));
        dmc.run.notify(l -> l.testStarted(dmc.id(), planned.pack().id(), test.id()));
        timeoutTask = dmc.loop.schedule(this::onTimeout, test.timeout().toMillis(), TimeUnit.MILLISECONDS);
        runPhase(true, 0);
        return done;
    }

    boolean isDone() {
        return done.isDone();
    }

    String testId() {
        return test.id();
    }

    /** Called on the loop for every alert of the DMC while this test runs. */
    void alertArrived(AlertEvent event) {
        AlertWait w = alertWait;
        if (w == null || done.isDone() || !matches(w.step(), event)) {
            return;
        }
        alertWait = null;
        if (waitTask != null) {
            waitTask.cancel(false);
        }
        w.result().complete(alertOutcome(w.step(), w.opens(), event));
    }

    /** Ends the test now as NOT_RUN because the run is being aborted. */
    void abort(String reason) {
        decide(Verdict.NOT_RUN, "not run to the end: the run was aborted during " + where + " (" + reason + ")",
                false);
    }

    private void onTimeout() {
        decide(Verdict.FAIL, "timed out after " + Durations.human(test.timeout()) + " in " + where, false);
    }

    private void decide(Verdict verdict, String reason, boolean communication) {
        if (done.isDone()) {
            return;
        }
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
        if (waitTask != null) {
            waitTask.cancel(false);
        }
        long duration = Math.max(0, dmc.run.clock().millis() - startedMillis);
        done.complete(new Outcome(verdict, reason, communication, duration));
    }

    private void runPhase(boolean preconditions, int index) {
        if (done.isDone()) {
            return;
        }
        List<Step> steps = preconditions ? test.preconditions() : test.steps();
        if (index >= steps.size()) {
            if (preconditions) {
                runPhase(false, 0);
            } else {
                decide(Verdict.PASS, passReason(), false);
            }
            return;
        }
        Step step = steps.get(index);
        String label = (preconditions ? "precondition " : "step ") + (index + 1);
        String key = (preconditions ? "p" : "s") + (index + 1);
        where = label;
        Map<String, Object> started = Fields.of("dmc", dmc.id(), "test", test.id(), "step", label,
                "action", action(step), "line", step.line());
        if (step instanceof SendStep s) {
            started.put("srv", s.srv());
            started.put("to", s.to().name());
        }
        if (step instanceof StimulateStep s) {
            started.put("event", s.event().label());
            started.put("to", s.to().name());
        }
        dmc.run.record(EvidenceTypes.STEP_STARTED, started);
        CompletableFuture<StepOutcome> result;
        try {
            result = execute(step, key);
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR,
                    "internal error: " + e));
        }
        result.whenCompleteAsync((outcome, error) -> {
            if (done.isDone()) {
                return;
            }
            StepOutcome o = error == null ? outcome : StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR,
                    "internal error: " + unwrap(error));
            dmc.run.record(EvidenceTypes.STEP_RESULT, Fields.of("dmc", dmc.id(), "test", test.id(), "step", label,
                    "result", o.passed() ? "pass" : "fail",
                    "cause", o.passed() ? null : o.cause().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    "reason", o.reason(), "attempts", o.attempts(), "earlierAttempts", o.earlierAttempts()));
            if (o.passed()) {
                runPhase(preconditions, index + 1);
                return;
            }
            boolean communication = o.cause() == StepOutcome.Cause.COMMUNICATION;
            Verdict verdict = preconditions || o.cause() != StepOutcome.Cause.EXPECTATION ? Verdict.BLOCKED
                    : Verdict.FAIL;
            decide(verdict, label + ": " + o.reason(), communication);
        }, dmc.loop);
    }

    private String passReason() {
        int p = test.preconditions().size();
        int s = test.steps().size();
        String steps = s + (s == 1 ? " step" : " steps");
        if (p == 0) {
            return s == 1 ? "the step passed" : "all " + steps + " passed";
        }
        return p + (p == 1 ? " precondition and " : " preconditions and ") + steps + " passed";
    }

    private static String action(Step step) {
        if (step instanceof SendStep) {
            return "send";
        }
        if (step instanceof AlertStep a) {
            return a.expected() ? "expect-alert" : "expect-no-alert";
        }
        if (step instanceof StimulateStep) {
            return "stimulate";
        }
        return step instanceof WaitStep ? "wait" : "check";
    }

    private CompletableFuture<StepOutcome> execute(Step step, String key) {
        if (step instanceof SendStep s) {
            LabDevice device = dmc.dmc.deviceOfType(s.to()).orElse(null);
            if (device == null) {
                return CompletableFuture.completedFuture(StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR,
                        "DMC " + dmc.id() + " has no " + s.to()));
            }
            alertWindowOpens = dmc.run.clock().instant();
            return attempt(s, device, key, 1, new ArrayList<>());
        }
        if (step instanceof WaitStep w) {
            CompletableFuture<StepOutcome> f = new CompletableFuture<>();
            waitTask = dmc.loop.schedule(() -> {
                f.complete(StepOutcome.pass("waited " + Durations.human(w.duration())));
            }, w.duration().toMillis(), TimeUnit.MILLISECONDS);
            return f;
        }
        if (step instanceof AlertStep a) {
            return expectAlert(a);
        }
        if (step instanceof StimulateStep s) {
            return stimulate(s);
        }
        return CompletableFuture.completedFuture(check((CheckStep) step));
    }

    /**
     * Causes the step's physical event (control interface or operator), records how it came about, and opens the
     * window of a following alert step at that moment: the alert is the device's answer to the event.
     */
    private CompletableFuture<StepOutcome> stimulate(StimulateStep s) {
        LabDevice device = dmc.dmc.deviceOfType(s.to()).orElse(null);
        if (device == null) {
            return CompletableFuture.completedFuture(StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR,
                    "DMC " + dmc.id() + " has no " + s.to()));
        }
        alertWindowOpens = dmc.run.clock().instant();
        String label = where;
        CompletableFuture<Stimuli.Outcome> caused;
        try {
            caused = dmc.run.config.stimuli().stimulate(dmc.dmc, device, s.event(), s.prompt(), s.digits());
        } catch (RuntimeException e) {
            caused = CompletableFuture.failedFuture(e);
        }
        return caused.handleAsync((o, error) -> {
            Stimuli.Outcome outcome = error != null ? new Stimuli.Outcome(Stimuli.Result.UNAVAILABLE, null, null, null,
                    dmc.run.clock().instant(), "causing " + s.event().label() + " failed: " + unwrap(error)) : o;
            dmc.run.record(EvidenceTypes.STIMULUS, Fields.of("dmc", dmc.id(), "test", test.id(), "step", label,
                    "device", device.id(), "event", s.event().label(), "prompt", s.prompt(), "via", outcome.via(),
                    "by", outcome.by(), "answer", outcome.answer(),
                    "at", outcome.at() == null ? null : outcome.at().toString(),
                    "result", outcome.result().name().toLowerCase(java.util.Locale.ROOT), "detail", outcome.detail()));
            return switch (outcome.result()) {
                case APPLIED, CONFIRMED -> StepOutcome.pass(outcome.detail());
                case DECLINED -> StepOutcome.fail(StepOutcome.Cause.EXPECTATION, outcome.detail());
                case UNAVAILABLE -> StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR, outcome.detail());
            };
        }, dmc.loop);
    }

    private CompletableFuture<StepOutcome> expectAlert(AlertStep a) {
        Instant opens = alertWindowOpens;
        Instant closes = opens.plus(a.within());
        for (AlertEvent e : dmc.alertsSince(opens)) {
            if (!e.receivedAt().isAfter(closes) && matches(a, e)) {
                return CompletableFuture.completedFuture(alertOutcome(a, opens, e));
            }
        }
        Instant now = dmc.run.clock().instant();
        if (!now.isBefore(closes)) {
            return CompletableFuture.completedFuture(windowClosed(a, opens));
        }
        CompletableFuture<StepOutcome> f = new CompletableFuture<>();
        AlertWait w = new AlertWait(a, opens, f);
        alertWait = w;
        long remaining = Math.max(1, closes.toEpochMilli() - now.toEpochMilli());
        waitTask = dmc.loop.schedule(() -> {
            if (alertWait == w) {
                alertWait = null;
                f.complete(windowClosed(a, opens));
            }
        }, remaining, TimeUnit.MILLISECONDS);
        return f;
    }

    private boolean matches(AlertStep a, AlertEvent e) {
        if (e.code() != a.code()) {
            return false;
        }
        return a.from() == null || dmc.dmc.device(e.deviceId()).map(d -> d.type() == a.from()).orElse(false);
    }

    private String describeAlertStep(AlertStep a) {
        return "alert " + a.codeHex() + (a.from() == null ? "" : " from the " + a.from()) + " within "
                + Durations.human(a.within());
    }

    /** The outcome when a matching alert arrived in the window. */
    private StepOutcome alertOutcome(AlertStep a, Instant opens, AlertEvent e) {
        String when = Durations.human(java.time.Duration.ofMillis(
                Math.max(0, e.receivedAt().toEpochMilli() - opens.toEpochMilli())));
        String what = "alert " + e.codeHex() + " from " + e.deviceId() + " (" + e.source() + ") " + when
                + " after the window opened";
        return a.expected() ? StepOutcome.pass("expected " + describeAlertStep(a) + ": received " + what)
                : StepOutcome.fail(StepOutcome.Cause.EXPECTATION, "expected no " + describeAlertStep(a)
                        + ", but received " + what);
    }

    /** The outcome when the window closed without a matching alert. */
    private StepOutcome windowClosed(AlertStep a, Instant opens) {
        List<String> others = dmc.alertsSince(opens).stream().map(e -> e.codeHex() + " from " + e.deviceId())
                .toList();
        String meanwhile = others.isEmpty() ? "no alerts at all" : "only " + String.join(", ", others);
        return a.expected() ? StepOutcome.fail(StepOutcome.Cause.EXPECTATION, "expected " + describeAlertStep(a)
                + " but the window closed with " + meanwhile)
                : StepOutcome.pass("no " + describeAlertStep(a) + " (" + meanwhile + ")");
    }

    private StepOutcome check(CheckStep c) {
        Object a = captures.get(c.that());
        Object b = captures.get(c.than());
        String relation = c.that() + " " + c.op().symbol() + " " + c.than();
        String values = c.that() + " = " + Values.describe(a) + ", " + c.than() + " = " + Values.describe(b);
        try {
            int cmp = Values.compare(a, b, c.op());
            if (c.op().holds(cmp)) {
                return StepOutcome.pass("check " + relation + " held: " + values);
            }
            return StepOutcome.fail(StepOutcome.Cause.EXPECTATION, "check " + relation + " failed: " + values);
        } catch (Values.IncomparableException e) {
            return StepOutcome.fail(StepOutcome.Cause.EXPECTATION, "check " + relation + ": " + e.getMessage());
        }
    }

    /** Judges a send step's {@code compare:} entries; null when all hold, else the failed outcome naming each. */
    private StepOutcome compare(SendStep s, Map<String, Object> values) {
        List<String> failures = new ArrayList<>();
        for (CompareCheck c : s.compare()) {
            Optional<Object> found = ValuePath.parse(c.value()).flatMap(p -> p.find(values));
            String relation = c.value() + " " + c.op().symbol() + " " + c.with();
            if (found.isEmpty()) {
                failures.add("compare " + relation + ": " + Values.missing(c.value(), values));
                continue;
            }
            Object a = found.get() == ValuePath.NULL ? null : found.get();
            Object b = captures.get(c.with());
            String shown = c.value() + " = " + Values.describe(a) + ", " + c.with() + " = " + Values.describe(b);
            try {
                if (!c.op().holds(Values.compare(a, b, c.op()))) {
                    failures.add("compare " + relation + " failed: " + shown);
                }
            } catch (Values.IncomparableException e) {
                failures.add("compare " + relation + ": " + e.getMessage());
            }
        }
        return failures.isEmpty() ? null : StepOutcome.fail(StepOutcome.Cause.EXPECTATION,
                String.join("; ", failures));
    }

    private CompletableFuture<StepOutcome> attempt(SendStep s, LabDevice device, String key, int n,
                                                   List<String> earlier) {
        if (done.isDone()) {
            return CompletableFuture.completedFuture(StepOutcome.abandonedStep());
        }
        String requestId = dmc.id() + "/" + test.id() + (testAttempt > 1 ? "/t" + testAttempt : "") + "/" + key
                + "/a" + n + dmc.run.requestIdSuffix();
        ServiceRequest request = new ServiceRequest(requestId, s.srv(), device.id(), device.type(), s.params(),
                s.commandVariant());
        Optional<SignedPreCommand> signed = dmc.run.dcc.sign(request, s.signature());
        Map<String, Object> requestFields = Fields.of("requestId", requestId, "dmc", dmc.id(),
                "pack", planned.pack().id(), "test", test.id(), "step", where, "attempt", n, "device", device.id(),
                "deviceType", device.type().name(), "srv", s.srv(), "commandVariant", s.commandVariant(),
                "params", s.params());
        signed.ifPresent(p -> requestFields.put("signature", p.evidence()));
        dmc.run.record(EvidenceTypes.REQUEST, requestFields);
        Instant sentAt = dmc.run.clock().instant();
        // The DCC's own checks come first: a refused request never reaches the adapter, as none reaches a device.
        Optional<DccRequestChecks.Refusal> refusal = dmc.run.dcc.check(request, signed.orElse(null));
        CompletableFuture<ServiceResponse> answered = refusal.isPresent()
                ? CompletableFuture.completedFuture(ServiceResponse.failure(request, refusal.get().code(),
                        "refused by the DCC before reaching the device: " + refusal.get().reason(), sentAt, sentAt))
                : dmc.call(request, sentAt);
        return answered.handleAsync((response, error) -> {
            Instant at = dmc.run.clock().instant();
            boolean late = done.isDone();
            if (error != null) {
                Throwable cause = unwrap(error);
                dmc.run.record(EvidenceTypes.ADAPTER_ERROR, Fields.of("requestId", requestId, "dmc", dmc.id(),
                        "device", device.id(), "error", String.valueOf(cause), "late", late));
                return late ? StepOutcome.abandonedStep() : StepOutcome.fail(StepOutcome.Cause.ADAPTER_ERROR,
                        "adapter '" + dmc.adapterName() + "' failed on request " + requestId + ": " + cause);
            }
            dmc.recordResponse(response, sentAt, at, late, late ? "arrived after the test's verdict" : null);
            if (late) {
                return StepOutcome.abandonedStep();
            }
            StepOutcome o = Expectations.evaluate(s.expect(), response, dmc.dmc, device,
                    org.dmct.core.spi.RequestTimeClock.harnessNow(dmc.run.clock(), at));
            if (o.passed()) {
                StepOutcome compared = compare(s, response.values());
                if (compared != null) {
                    return compared;
                }
                for (Map.Entry<String, String> c : s.capture().entrySet()) {
                    Optional<Object> v = ValuePath.parse(c.getValue()).flatMap(p -> p.find(response.values()));
                    if (v.isEmpty()) {
                        return StepOutcome.fail(StepOutcome.Cause.EXPECTATION, Values.missing(c.getValue(),
                                response.values()) + ", so it cannot be captured as '" + c.getKey() + "'");
                    }
                    captures.put(c.getKey(), v.get() == ValuePath.NULL ? null : v.get());
                }
            }
            return o;
        }, dmc.loop).thenCompose(o -> {
            if (o.passed() || o.abandoned() || n >= s.attempts() || done.isDone()) {
                String reason = !o.passed() && n > 1 ? o.reason() + " (attempt " + n + " of " + s.attempts() + ")"
                        : o.reason();
                return CompletableFuture.completedFuture(new StepOutcome(o.passed(), o.cause(), reason, n, earlier,
                        o.abandoned()));
            }
            List<String> more = new ArrayList<>(earlier);
            more.add("attempt " + n + ": " + o.reason());
            return attempt(s, device, key, n + 1, more);
        });
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
