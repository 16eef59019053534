package org.dmct.core.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.model.PhysicalEvent;

/**
 * The operator of an unattended run: answers written beforehand ({@code --operator-answers FILE}), each used once, in
 * order, by the first prompt that matches its event (and device, when given). {@code done}, {@code yes}, {@code ok}
 * or {@code confirmed} confirms; any other answer declines. A prompt no answer matches finds nobody there.
 *
 * <pre>
 * operator: J. Smith
 * answers:
 *   - {device: ALPHA-ESME, event: cover-removed, answer: done}
 *   - {event: power-cut, answer: "declined: no access to the cut-out"}
 * </pre>
 */
public final class ScriptedOperator implements OperatorPrompt {
    private static final Set<String> CONFIRMATIONS = Set.of("done", "yes", "ok", "confirmed");

    private record Scripted(String device, PhysicalEvent event, String answer) {
    }

    private final String operator;
    private final List<Scripted> answers;
    private final Clock clock;

    private ScriptedOperator(String operator, List<Scripted> answers, Clock clock) {
        this.operator = operator;
        this.answers = new ArrayList<>(answers);
        this.clock = clock;
    }

    /** Reads an answers file; mistakes raise a ConfigException naming file, line and field. */
    public static ScriptedOperator load(Path file, Clock clock) {
        ConfigDocument doc = ConfigDocument.load(file);
        ConfigNode root = doc.root();
        String operator = "?";
        List<Scripted> answers = new ArrayList<>();
        if (root.expectMapping("operator", "answers")) {
            operator = root.get("operator").requiredText().orElse("?");
            for (ConfigNode a : root.get("answers").requiredItems()) {
                if (!a.expectMapping("device", "event", "answer")) {
                    continue;
                }
                String device = a.get("device").optionalText().orElse(null);
                ConfigNode eventNode = a.get("event");
                PhysicalEvent event = eventNode.requiredText().flatMap(l -> {
                    var parsed = PhysicalEvent.parse(l);
                    if (parsed.isEmpty()) {
                        eventNode.problem("unknown event '" + l + "'; expected one of " + PhysicalEvent.labels());
                    }
                    return parsed;
                }).orElse(null);
                String answer = a.get("answer").requiredText().orElse(null);
                if (event != null && answer != null) {
                    answers.add(new Scripted(device, event, answer));
                }
            }
        }
        doc.throwIfProblems();
        return new ScriptedOperator(operator, answers, clock);
    }

    @Override
    public synchronized CompletableFuture<Answer> ask(Question q) {
        for (int i = 0; i < answers.size(); i++) {
            Scripted s = answers.get(i);
            if (s.event() == q.event() && (s.device() == null || s.device().equals(q.deviceId()))) {
                answers.remove(i);
                boolean confirmed = CONFIRMATIONS.contains(s.answer().trim().toLowerCase(Locale.ROOT));
                return CompletableFuture.completedFuture(new Answer(true, confirmed, operator, s.answer(),
                        clock.instant(), null));
            }
        }
        return CompletableFuture.completedFuture(Answer.unavailable("the operator answers hold no answer left for "
                + q.event().label() + " on " + q.deviceId() + " (\"" + q.prompt() + "\")"));
    }
}
