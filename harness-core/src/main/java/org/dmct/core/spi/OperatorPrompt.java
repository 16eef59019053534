package org.dmct.core.spi;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.model.PhysicalEvent;

/**
 * A person at the bench who can do what a {@code stimulate} step asks of a real device ("remove the terminal cover
 * now") and say so. The CLI asks on the terminal, or reads the answers of an unattended run from a file
 * ({@link ScriptedOperator}); {@link #NONE} is nobody, so such steps block. Implementations must not block the
 * caller: the runner calls from an event loop.
 */
public interface OperatorPrompt {
    /** No operator: every question is answered "unavailable". */
    OperatorPrompt NONE = question -> CompletableFuture.completedFuture(Answer.unavailable(
            "no operator is available to " + lowerFirst(question.prompt())
                    + " (run interactively, or give answers with --operator-answers FILE)"));

    CompletableFuture<Answer> ask(Question question);

    /** What the operator is asked to do, to which device of which DMC. */
    record Question(String dmcId, String deviceId, String deviceType, PhysicalEvent event, String prompt) {
    }

    /**
     * The operator's answer.
     *
     * @param available false when nobody could be asked ({@code detail} says why)
     * @param confirmed true when the operator did it
     * @param operator who answered
     * @param answer what they answered, as given
     * @param answeredAt when
     * @param detail why nobody answered, or null
     */
    record Answer(boolean available, boolean confirmed, String operator, String answer, Instant answeredAt,
                  String detail) {
        public static Answer unavailable(String why) {
            return new Answer(false, false, null, null, null, why);
        }
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
