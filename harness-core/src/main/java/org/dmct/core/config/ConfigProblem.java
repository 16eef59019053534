package org.dmct.core.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file (lab, device profile or pack), located precisely enough for a
 * lab engineer to fix it without guessing: the file, the 1-based line and column, and the dotted path of the
 * field, e.g. {@code dmcs[1].devices[0].profile}.
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

    /** The conventional {@code file:line:column: field: message} form used in every error the harness prints. */
    @Override
    public String toString() {
        String where = file == null ? "<unknown file>" : file.toString();
        if (line > 0) {
            where += ":" + line + (column > 0 ? ":" + column : "");
        }
        return where + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }
}
