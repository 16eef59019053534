package org.dmct.cli;

import java.io.PrintWriter;

/**
 * Where a command writes: results to {@code out}, problems to {@code err}. Progress goes to {@code err} only when it
 * is a terminal, so piped and CI output stays quiet and parseable.
 */
record Console(PrintWriter out, PrintWriter err, boolean interactive) {
    static Console system() {
        return new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.console() != null);
    }
}
