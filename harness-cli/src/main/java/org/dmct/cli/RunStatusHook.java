package org.dmct.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.status.DmcStatus;
import org.dmct.core.status.StatusException;
import org.dmct.core.status.StatusList;
import org.dmct.core.status.StatusUpdate;

/**
 * What a run does to the lab's DMC Status List, when the lab keeps one ({@code status.json} in its state directory):
 * its DMCs become in-test when it starts, and passed or failed (by their exit criteria) when it ends. A DMC not on the
 * list, or in a status a run cannot move it from, is left as it is with a warning: the list records the DMCT Process,
 * and a run outside it (a rehearsal, a debugging run) must not fail because of it. A run that ended with an
 * infrastructure failure leaves its DMCs in test.
 */
final class RunStatusHook {
    private static final String BY = "dmct run";
    private final Console console;
    private final Path file;

    private RunStatusHook(Console console, Path file) {
        this.console = console;
        this.file = file;
    }

    /** The hook for a run, or none when the lab keeps no status list there. */
    static RunStatusHook forRun(Console console, Path stateDir, Path labFile) {
        Path dir = StatusCommand.stateDir(stateDir, labFile);
        Path file = dir == null ? null : dir.resolve(StatusList.FILE_NAME);
        return file != null && Files.isRegularFile(file) ? new RunStatusHook(console, file) : null;
    }

    /** Whether a run could write its bundle to {@code out} (absent, or an empty directory). */
    static boolean usable(Path out) {
        if (!Files.exists(out)) {
            return true;
        }
        try (var entries = Files.list(out)) {
            return Files.isDirectory(out) && entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    void started(List<String> dmcs, String note) {
        update(dmcs.stream().map(d -> new Move(d, DmcStatus.IN_TEST)).toList(), note, null);
    }

    void finished(RunOutcome outcome) {
        if (outcome.errorMessage().isPresent()) {
            console.err().println("dmct: status list " + file + ": the run failed (infrastructure), its DMCs stay "
                    + DmcStatus.IN_TEST.label());
            return;
        }
        update(outcome.dmcs().stream().map(r -> new Move(r.dmcId(), verdict(r))).toList(),
                "run " + outcome.runId() + " finished", outcome.runId());
    }

    private static DmcStatus verdict(DmcResult r) {
        return r.criteriaMet() ? DmcStatus.PASSED : DmcStatus.FAILED;
    }

    private record Move(String dmc, DmcStatus to) {
    }

    private void update(List<Move> moves, String note, String runId) {
        try {
            StatusList list = StatusList.load(file);
            boolean changed = false;
            for (Move m : moves) {
                try {
                    list.apply(m.dmc(), StatusUpdate.to(m.to(), note, runId), Clock.systemUTC().instant(), BY);
                    changed = true;
                } catch (StatusException e) {
                    console.err().println("dmct: status list " + file + " not updated for " + m.dmc() + ": "
                            + e.getMessage());
                }
            }
            if (changed) {
                list.save(file);
            }
        } catch (StatusException | IOException e) {
            console.err().println("dmct: status list " + file + " could not be updated: " + e.getMessage());
        }
    }
}
