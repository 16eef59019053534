package org.dmct.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dmct.core.spi.OperatorPrompt;

/**
 * The operator at the terminal of an attended run: each prompt of a {@code stimulate} step is printed and the answer
 * read from the terminal, on a thread of its own so that the event loops never wait for a person. {@code y},
 * {@code yes}, {@code done} or {@code ok} confirms; anything else declines; end of input finds nobody there.
 */
final class TerminalOperator implements OperatorPrompt, AutoCloseable {
    private static final Set<String> CONFIRMATIONS = Set.of("y", "yes", "done", "ok");
    private final Console console;
    private final BufferedReader in;
    private final String operator;
    private final Clock clock;
    private final ExecutorService asker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dmct-operator-prompt");
        t.setDaemon(true);
        return t;
    });

    TerminalOperator(Console console, InputStream input, String operator, Clock clock) {
        this.console = console;
        this.in = new BufferedReader(new InputStreamReader(input, Charset.defaultCharset()));
        this.operator = operator;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Answer> ask(Question q) {
        return CompletableFuture.supplyAsync(() -> {
            console.err().printf("%n[%s] %s: %s%n    Type 'done' when it is done, anything else if it cannot be: ",
                    q.dmcId(), q.deviceId(), q.prompt());
            console.err().flush();
            try {
                String line = in.readLine();
                if (line == null) {
                    return Answer.unavailable("nobody answered the prompt \"" + q.prompt() + "\" (end of input)");
                }
                String answer = line.trim();
                return new Answer(true, CONFIRMATIONS.contains(answer.toLowerCase(Locale.ROOT)), operator, answer,
                        clock.instant(), null);
            } catch (IOException e) {
                return Answer.unavailable("the terminal could not be read: " + e.getMessage());
            }
        }, asker);
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
