package org.dmct.core.lab;

import java.nio.file.Path;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigNode;

/**
 * Where a lab keeps what outlives a run (the Testing Issues register, the DMC status list): the lab file's optional
 * {@code state:} field, a directory relative to the lab file, or {@code <lab dir>/state/} when absent. Read from the
 * lab file itself so that commands that only need the state (e.g. {@code dmct issues}) do not load profiles.
 */
public final class LabStateDirectory {
    /** The directory name used when the lab file names none. */
    public static final String DEFAULT_NAME = "state";

    private LabStateDirectory() {
    }

    /**
     * The state directory of a lab file.
     *
     * @throws org.dmct.core.config.ConfigException when the file cannot be read or its {@code state:} is not a path
     */
    public static Path of(Path labFile) {
        Path file = labFile.toAbsolutePath().normalize();
        ConfigDocument doc = ConfigDocument.load(file);
        ConfigNode state = doc.root().get("state");
        String value = state.optionalText().orElse(null);
        if (value != null && value.isBlank()) {
            state.problem("must not be blank: leave it out for the default <lab dir>/state/");
        }
        doc.throwIfProblems();
        Path base = file.getParent();
        return value == null ? base.resolve(DEFAULT_NAME) : base.resolve(value).normalize();
    }

    /** The state directory of a loaded lab. */
    public static Path of(Lab lab) {
        return of(lab.source());
    }
}
