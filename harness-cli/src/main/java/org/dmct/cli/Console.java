package org.dmct.cli;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Where a command writes: results to {@code out}, problems to {@code err}. Progress goes to {@code err} only when it
 * is a terminal, so piped and CI output stays quiet and parseable. {@code environment} is where {@code {env: NAME}}
 * secrets (a lab keystore's password, LLS passwords) are looked up: the process environment, or a map in tests.
 */
record Console(PrintWriter out, PrintWriter err, boolean interactive, Function<String, String> environment) {
    Console(PrintWriter out, PrintWriter err, boolean interactive) {
        this(out, err, interactive, System::getenv);
    }

    static Console system() {
        return new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.console() != null);
    }
}
