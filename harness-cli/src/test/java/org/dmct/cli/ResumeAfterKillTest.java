package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.BundleVerification;
import org.dmct.core.evidence.BundleVerifier;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct run} in a child process, killed with SIGKILL ({@link Process#destroyForcibly()}) when its evidence log
 * reaches a line count drawn from a seeded random sequence, then {@code dmct resume}d (itself killed now and then):
 * every round's bundle verifies, has exactly one verdict per planned test, records its resumptions, and gives the
 * verdicts of an uninterrupted run. Simulators run in this JVM, on ports the system chooses.
 */
class ResumeAfterKillTest {
    private static final long SEED = 0x5EED_6L;
    private static final int ROUNDS = 20;
    /** A modest subset of the reference pack, so that the loop stays around two minutes. */
    private static final Path PACK = SimulatedLabFile.RESUME_PACK;
    private static final List<String> DMCS = List.of("DMC-BRAVO", "DMC-CHARLIE");

    @TempDir
    Path dir;

    private final Map<Process, Path> logs = new HashMap<>();

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aRunKilledAtRandomPointsResumesToTheVerdictsOfAnUninterruptedRun() throws Exception {
        Lab declared = new LabLoader().load(CliFixture.ciLab());
        EventLoopGroup simulatorLoops = EventLoops.create();
        try (SimulatorHost simulators = SimulatorHost.start(declared, simulatorLoops, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            Path lab = SimulatedLabFile.write(simulators.lab(), dir.resolve("lab.yaml"));
            Path reference = dir.resolve("reference");
            CliFixture.Result uninterrupted = CliFixture.dmct(runArgs(lab, reference));
            assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isEqualTo(1);
            Map<String, Map<String, String>> expected = CliFixture.verdicts(reference);
            assertThat(expected).containsOnlyKeys(DMCS);
            assertThat(expected.get("DMC-CHARLIE")).containsEntry("SRV-7.3-ESME", "FAIL");
            long referenceLines = lines(reference.resolve("evidence.jsonl"));

            Random random = new Random(SEED);
            int killedRuns = 0;
            int killedResumes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Path bundle = dir.resolve("round-" + round);
                long target = 1 + random.nextLong(referenceLines - 1);
                Process run = dmct(runArgs(lab, bundle));
                boolean killed = killAt(run, bundle, target);
                String context = "round " + round + ", run killed at line " + target;
                if (!killed) {
                    // The run finished before the target: a complete bundle must be refused.
                    assertThat(run.exitValue()).as(context).isEqualTo(1);
                    Process refused = dmct("resume", bundle.toString());
                    assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    assertThat(refused.exitValue()).as(context).isEqualTo(2);
                    assertThat(output(refused)).contains("complete");
                    continue;
                }
                killedRuns++;
                int resumes = 0;
                while (true) {
                    Process resume = dmct("resume", bundle.toString());
                    resumes++;
                    if (resumes <= 2 && random.nextInt(3) == 0) {
                        long now = lines(bundle.resolve("evidence.jsonl"));
                        long more = 1 + random.nextLong(Math.max(1, referenceLines - now));
                        if (killAt(resume, bundle, now + more)) {
                            killedResumes++;
                            continue;
                        }
                    }
                    assertThat(resume.waitFor(120, TimeUnit.SECONDS)).as(context).isTrue();
                    String said = output(resume);
                    assertThat(resume.exitValue()).as(context + ": " + said).isEqualTo(1);
                    break;
                }
                checkResumedBundle(bundle, expected, context);
            }
            assertThat(killedRuns).as("runs killed before they finished").isGreaterThanOrEqualTo(15);
            assertThat(killedResumes).as("resumes killed").isGreaterThanOrEqualTo(1);
        } finally {
            EventLoops.shutdown(simulatorLoops);
        }
    }

    private static void checkResumedBundle(Path bundle, Map<String, Map<String, String>> expected, String context)
            throws IOException {
        BundleVerification verification = BundleVerifier.verify(bundle);
        assertThat(verification.problems()).as(context).isEmpty();
        assertThat(verification.holds(true)).as(context).isTrue();
        assertThat(CliFixture.verdicts(bundle)).as(context).isEqualTo(expected);
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> verdictRecords = new HashMap<>();
        int resumed = 0;
        int finished = 0;
        for (String line : Files.readAllLines(bundle.resolve("evidence.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode r = json.readTree(line);
            switch (r.get("type").asText()) {
                case "test-verdict" -> verdictRecords.merge(r.get("dmc").asText() + "/" + r.get("test").asText(), 1,
                        Integer::sum);
                case "run-resumed" -> resumed++;
                case "run-finished" -> finished++;
                default -> {
                }
            }
        }
        int planned = expected.values().stream().mapToInt(Map::size).sum();
        assertThat(verdictRecords).as(context + ": one verdict per test").hasSize(planned)
                .allSatisfy((test, count) -> assertThat(count).as(context + " " + test).isEqualTo(1));
        assertThat(resumed).as(context + ": run-resumed records").isGreaterThanOrEqualTo(1);
        assertThat(finished).as(context).isEqualTo(1);
    }

    /** Waits until the bundle's evidence has {@code target} lines, then kills; false if the process ended first. */
    private static boolean killAt(Process process, Path bundle, long target) throws InterruptedException {
        Path evidence = bundle.resolve("evidence.jsonl");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .until(() -> !process.isAlive() || lines(evidence) >= target);
        if (!process.isAlive()) {
            return false;
        }
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return true;
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String[] runArgs(Path lab, Path bundle) {
        List<String> args = new ArrayList<>(List.of("run", "--lab", lab.toString(), "--pack", PACK.toString(),
                "--out", bundle.toString()));
        DMCS.forEach(d -> {
            args.add("--dmc");
            args.add(d);
        });
        return args.toArray(String[]::new);
    }

    /** {@code dmct} as a child JVM on this test's class path, output to a file next to the temp bundles. */
    private Process dmct(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-Ddmct.home=" + CliFixture.REPO,
                "-cp", System.getProperty("java.class.path"), DmctCommand.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "dmct-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        logs.put(process, log);
        return process;
    }

    private String output(Process process) throws IOException {
        return Files.readString(logs.get(process));
    }

}
