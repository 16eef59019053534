package org.dmct.core.spi;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.internal.ControlInterfaceClient;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.PhysicalEvent;

/**
 * How a run causes the physical events of {@code stimulate} steps: on a simulated DMC whose lab entry names a control
 * interface, a request to it; on any other DMC, a prompt to the operator. {@link #standard} does exactly that; the
 * future never fails (a failure is an {@link Outcome} saying so).
 */
public interface Stimuli {
    CompletableFuture<Outcome> stimulate(LabDmc dmc, LabDevice device, PhysicalEvent event, String prompt);

    /**
     * A stimulus with what it carries: the digits typed of a {@code keypad-entry} (null for other events). By default
     * the digits are left to the prompt, which names them; {@link #standard} also sends them to the simulator.
     */
    default CompletableFuture<Outcome> stimulate(LabDmc dmc, LabDevice device, PhysicalEvent event, String prompt,
                                                 String digits) {
        return stimulate(dmc, device, event, prompt);
    }

    /** How the event came about, for the step's verdict and the evidence. */
    enum Result {
        /** The simulator applied it. */
        APPLIED,
        /** The operator said it is done. */
        CONFIRMED,
        /** The operator said it was not done: the step fails. */
        DECLINED,
        /** Nobody could cause it (no operator, control interface unreachable or refusing): the step is blocked. */
        UNAVAILABLE
    }

    /**
     * @param via {@code control} or {@code operator}
     * @param by the control endpoint, or the operator's name
     * @param answer the operator's answer or the control interface's reply, as given
     * @param at when it was done or answered
     * @param detail a sentence for the step's reason
     */
    record Outcome(Result result, String via, String by, String answer, Instant at, String detail) {
    }

    /** Control interface where the lab names one, the operator otherwise. */
    static Stimuli standard(OperatorPrompt operator, Clock clock) {
        // Made on first use: most runs have no stimulate step, and a JDK client starts a thread of its own.
        java.util.concurrent.atomic.AtomicReference<HttpClient> http = new java.util.concurrent.atomic.AtomicReference<>();
        return new Stimuli() {
            @Override
            public CompletableFuture<Outcome> stimulate(LabDmc dmc, LabDevice device, PhysicalEvent event,
                                                        String prompt) {
                return stimulate(dmc, device, event, prompt, null);
            }

            @Override
            public CompletableFuture<Outcome> stimulate(LabDmc dmc, LabDevice device, PhysicalEvent event,
                                                        String prompt, String digits) {
                if (dmc.simulated() && dmc.controlEndpoint().isPresent()) {
                    HttpClient client = http.updateAndGet(c -> c != null ? c
                            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
                    return ControlInterfaceClient.stimulate(client, dmc.controlEndpoint().get(), device.id(), event,
                            digits, clock);
                }
                return ask(operator, clock, dmc, device, event, prompt);
            }
        };
    }

    private static CompletableFuture<Outcome> ask(OperatorPrompt operator, Clock clock, LabDmc dmc, LabDevice device,
                                                  PhysicalEvent event, String prompt) {
        return operator.ask(new OperatorPrompt.Question(dmc.id(), device.id(), device.type().name(), event,
                    prompt)).handle((a, error) -> {
                        if (error != null) {
                            return new Outcome(Result.UNAVAILABLE, "operator", null, null, clock.instant(),
                                    "the operator prompt failed: " + error);
                        }
                        if (!a.available()) {
                            return new Outcome(Result.UNAVAILABLE, "operator", null, null, clock.instant(),
                                    a.detail());
                        }
                        return new Outcome(a.confirmed() ? Result.CONFIRMED : Result.DECLINED, "operator",
                                a.operator(), a.answer(), a.answeredAt(), "operator " + a.operator()
                                + (a.confirmed() ? " confirmed" : " declined") + " \"" + prompt + "\" with '"
                                + a.answer() + "'");
                    });
    }
}
