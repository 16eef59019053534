package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmct.core.evidence.BundleVerifier;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct resume} on bundles left as a kill leaves them: a byte prefix of a complete run's evidence log (cut in
 * the middle of a line), no manifest, no reports. The torn line is cut and recorded, the interrupted test runs again,
 * and the bundle matches an uninterrupted run; a complete bundle, a changed pack or lab, or an altered log is refused.
 */
class ResumeCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static EventLoopGroup loops;
    private static SimulatorHost simulators;
    private static Path lab;

    @BeforeAll
    static void startSimulators() throws IOException {
        loops = EventLoops.create();
        simulators = SimulatorHost.start(new LabLoader().load(CliFixture.ciLab()), loops, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true);
        lab = SimulatedLabFile.write(simulators.lab(), shared.resolve("lab.yaml"));
    }

    @AfterAll
    static void stopSimulators() {
        simulators.close();
        EventLoops.shutdown(loops);
    }

    private static CliFixture.Result run(Path labFile, Path pack, Path out) {
        return CliFixture.dmct("run", "--lab", labFile.toString(), "--pack", pack.toString(), "--out", out.toString(),
                "--dmc", "DMC-BRAVO", "--dmc", "DMC-CHARLIE");
    }

    /** What {@link #killedCopy} left. */
    private record Cut(long keptLines, int tornBytes, JsonNode interruptedRequest, byte[] keptPrefix) {
    }

    /**
     * Copies a complete bundle as a kill in the middle of a test would have left it: the run plan, and the evidence up
     * to (and including) the first request record past the middle of the log plus half of the next line.
     */
    private static Cut killedCopy(Path complete, Path target) throws IOException {
        Files.createDirectories(target.resolve("report"));
        Files.copy(complete.resolve("run-plan.json"), target.resolve("run-plan.json"));
        byte[] log = Files.readAllBytes(complete.resolve("evidence.jsonl"));
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < log.length; i++) {
            if (log[i] == '\n') {
                ends.add(i);
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (int line = ends.size() / 2; line < ends.size() - 1; line++) {
            int start = line == 0 ? 0 : ends.get(line - 1) + 1;
            JsonNode record = json.readTree(new String(log, start, ends.get(line) - start, StandardCharsets.UTF_8));
            if (record.get("type").asText().equals("request")) {
                int kept = ends.get(line) + 1;
                int torn = (ends.get(line + 1) - kept) / 2;
                Files.write(target.resolve("evidence.jsonl"), Arrays.copyOf(log, kept + torn));
                return new Cut(line + 1, torn, record, Arrays.copyOf(log, kept));
            }
        }
        throw new AssertionError("no request record in the second half of " + complete);
    }

    @Test
    void aTornLastLineIsCutAndRecordedTheInterruptedTestRunsAgainAndTheResultsMatch() throws IOException {
        Path complete = dir.resolve("complete");
        assertThat(run(lab, SimulatedLabFile.RESUME_PACK, complete).exitCode()).isEqualTo(1);
        Path killed = dir.resolve("killed");
        Cut cut = killedCopy(complete, killed);

        CliFixture.Result r = CliFixture.dmct("resume", killed.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(1);
        assertThat(r.out()).contains("Resumed run").contains("DMC-CHARLIE");
        assertThat(BundleVerifier.verify(killed).problems()).isEmpty();
        assertThat(CliFixture.verdicts(killed)).isEqualTo(CliFixture.verdicts(complete));

        byte[] resumedLog = Files.readAllBytes(killed.resolve("evidence.jsonl"));
        assertThat(Arrays.copyOf(resumedLog, cut.keptPrefix().length)).as("the kept lines are untouched")
                .isEqualTo(cut.keptPrefix());
        List<JsonNode> records = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(killed.resolve("evidence.jsonl"))) {
            records.add(json.readTree(line));
        }
        JsonNode resumed = records.get((int) cut.keptLines());
        assertThat(resumed.get("type").asText()).isEqualTo("run-resumed");
        assertThat(resumed.get("resumption").asInt()).isEqualTo(1);
        assertThat(resumed.get("intactLines").asLong()).isEqualTo(cut.keptLines());
        assertThat(resumed.get("truncatedBytes").asInt()).isEqualTo(cut.tornBytes()).isPositive();
        assertThat(resumed.get("truncatedReason").asText()).contains("incomplete");
        String dmc = cut.interruptedRequest().get("dmc").asText();
        String test = cut.interruptedRequest().get("test").asText();
        assertThat(resumed.get("rerun").toString()).contains(dmc).contains(test);
        // The interrupted test has one verdict, after the resumption, and its re-run requests have ids of their own.
        List<JsonNode> verdicts = records.stream().filter(x -> x.get("type").asText().equals("test-verdict")
                && x.get("dmc").asText().equals(dmc) && x.get("test").asText().equals(test)).toList();
        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).get("seq").asLong()).isGreaterThan(cut.keptLines() + 1);
        assertThat(records.stream().filter(x -> x.get("type").asText().equals("request")
                && x.get("requestId").asText().equals(cut.interruptedRequest().get("requestId").asText())))
                .hasSize(1);
        assertThat(records.stream().filter(x -> x.get("type").asText().equals("dmc-resumed"))).isNotEmpty();
        assertThat(records.stream().filter(x -> x.get("type").asText().equals("dmc-started"))).hasSize(2);
        assertThat(records.get(records.size() - 1).get("type").asText()).isEqualTo("run-finished");
    }

    @Test
    void aCompleteBundleIsRefused() throws IOException {
        Path complete = dir.resolve("complete");
        assertThat(run(lab, SimulatedLabFile.RESUME_PACK, complete).exitCode()).isEqualTo(1);
        byte[] before = Files.readAllBytes(complete.resolve("evidence.jsonl"));
        CliFixture.Result r = CliFixture.dmct("resume", complete.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("complete").contains(complete.toString());
        assertThat(Files.readAllBytes(complete.resolve("evidence.jsonl"))).isEqualTo(before);
    }

    @Test
    void aChangedPackOrLabIsRefusedAndTheBundleLeftAsItWas() throws IOException {
        Path pack = Files.copy(SimulatedLabFile.RESUME_PACK, dir.resolve("pack.yaml"));
        Path labCopy = Files.copy(lab, dir.resolve("lab.yaml"));
        Path complete = dir.resolve("complete");
        assertThat(run(labCopy, pack, complete).exitCode()).isEqualTo(1);
        Path killed = dir.resolve("killed");
        killedCopy(complete, killed);
        byte[] before = Files.readAllBytes(killed.resolve("evidence.jsonl"));

        Files.writeString(pack, Files.readString(pack) + "# edited after the run started\n");
        CliFixture.Result r = CliFixture.dmct("resume", killed.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("pack dmct-resume-loop").contains("the pack file changed");
        assertThat(Files.readAllBytes(killed.resolve("evidence.jsonl"))).isEqualTo(before);

        Files.copy(SimulatedLabFile.RESUME_PACK, pack, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(labCopy, Files.readString(labCopy) + "# edited after the run started\n");
        r = CliFixture.dmct("resume", killed.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the lab changed");
        assertThat(Files.readAllBytes(killed.resolve("evidence.jsonl"))).isEqualTo(before);
    }

    @Test
    void anAlteredLogOrAMissingPlanIsRefused() throws IOException {
        Path complete = dir.resolve("complete");
        assertThat(run(lab, SimulatedLabFile.RESUME_PACK, complete).exitCode()).isEqualTo(1);
        Path killed = dir.resolve("killed");
        killedCopy(complete, killed);
        byte[] log = Files.readAllBytes(killed.resolve("evidence.jsonl"));
        String text = new String(log, StandardCharsets.UTF_8);
        int at = text.indexOf("\"DMC-CHARLIE\"") + 2;
        log[at] = 'X';
        Files.write(killed.resolve("evidence.jsonl"), log);
        CliFixture.Result r = CliFixture.dmct("resume", killed.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("altered").contains("evidence.jsonl line");
        assertThat(Files.readAllBytes(killed.resolve("evidence.jsonl"))).isEqualTo(log);

        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = CliFixture.dmct("resume", empty.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("run-plan.json");
    }
}
