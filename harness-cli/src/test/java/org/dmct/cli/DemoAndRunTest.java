package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dmct.cli.CliFixture.dmct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a user gets verdicts for the CI lab: {@code dmct demo}, and {@code dmct simulate} in one process with
 * {@code dmct run} in another. Both give the same verdicts, and the defective DMC fails exactly the test its declared
 * defect explains.
 */
class DemoAndRunTest {
    @TempDir
    Path dir;

    @Test
    void demoReportsEveryDmcAndOnlyTheDeclaredDefectFails() throws IOException {
        Path bundle = dir.resolve("demo");
        CliFixture.Result r = dmct("demo", "--out", bundle.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("Report: " + bundle.resolve("report/report.html"));
        assertThat(bundle.resolve("report/report.html")).isRegularFile();
        assertThat(bundle.resolve("report/junit.xml")).isRegularFile();
        assertThat(bundle.resolve("manifest.json")).isRegularFile();
        assertThat(bundle.resolve("evidence.jsonl")).isRegularFile();

        Map<String, Map<String, String>> verdicts = CliFixture.verdicts(bundle);
        assertThat(verdicts).containsOnlyKeys("DMC-ALPHA", "DMC-BRAVO", "DMC-CHARLIE");
        assertThat(verdicts.get("DMC-ALPHA").values()).containsOnly("PASS");
        assertThat(verdicts.get("DMC-BRAVO").values()).containsOnly("PASS");
        // DMC-CHARLIE has no gas meter: its GSME tests do not apply. Of the rest, only arming fails.
        Map<String, String> charlie = verdicts.get("DMC-CHARLIE");
        assertThat(charlie).containsEntry("SRV-7.3-ESME", "FAIL");
        charlie.forEach((test, verdict) -> {
            if (!test.equals("SRV-7.3-ESME")) {
                assertThat(verdict).as(test).isIn("PASS", "NOT_RUN");
            }
        });
        assertThat(charlie).containsEntry("SRV-4.1.1-GSME", "NOT_RUN");
        assertThat(r.out()).contains("DMC-CHARLIE").contains("criteria NOT met").contains("read-write-denied");
    }

    @Test
    void runAgainstSeparatelyStartedSimulatorsGivesTheSameVerdictsAsTheDemo() throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(dmct("demo", "--out", demo.toString()).exitCode()).isEqualTo(0);

        AtomicReference<CliFixture.Result> simulate = new AtomicReference<>();
        StringBuilderWriter simOut = new StringBuilderWriter();
        Thread simulator = new Thread(() -> simulate.set(runSimulate(simOut)), "dmct-simulate");
        simulator.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> simOut.toString().contains("Ready."));
            assertThat(simOut.toString()).contains("DMC-ALPHA").contains("ALPHA-ESME")
                    .contains("tcp-wrapper://127.0.0.1:14061 logical device 2")
                    .contains("tcp-wrapper://127.0.0.1:14063");
            Path run = dir.resolve("run");
            CliFixture.Result r = dmct("run", "--lab", CliFixture.ciLab().toString(), "--pack", "dmct-srv-reference",
                    "--out", run.toString(), "--state", dir.resolve("state").toString());
            // DMC-CHARLIE does not meet its criteria: exit code 1.
            assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(1);
            assertThat(CliFixture.verdicts(run)).isEqualTo(CliFixture.verdicts(demo));
        } finally {
            simulator.interrupt();
            simulator.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(simulator.isAlive()).isFalse();
        assertThat(simulate.get().exitCode()).isEqualTo(0);
        assertThat(simOut.toString()).contains("Simulators stopped.");
    }

    @Test
    void runOverSerialLinesToSimulatorsOnPtyPairsGivesTheSameVerdictsAsTheDemo() throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(dmct("demo", "--out", demo.toString()).exitCode()).isEqualTo(0);
        Path serialLab = CliFixture.REPO.resolve("lab-config/labs/ci-serial.yaml");

        AtomicReference<CliFixture.Result> simulate = new AtomicReference<>();
        StringBuilderWriter simOut = new StringBuilderWriter();
        Thread simulator = new Thread(() -> simulate.set(runSimulate(simOut, serialLab)), "dmct-simulate-serial");
        simulator.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> simOut.toString().contains("Ready.")
                    || simulate.get() != null);
            assertThat(simOut.toString()).contains("Ready.")
                    .contains("hdlc-serial:///tmp/dmct-ci-serial/alpha@115200,8N1 logical device 2");
            Path run = dir.resolve("run");
            CliFixture.Result r = dmct("run", "--lab", serialLab.toString(), "--pack", "dmct-srv-reference",
                    "--out", run.toString(), "--state", dir.resolve("state").toString());
            assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(1);
            assertThat(CliFixture.verdicts(run)).isEqualTo(CliFixture.verdicts(demo));
        } finally {
            simulator.interrupt();
            simulator.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(simulator.isAlive()).isFalse();
        assertThat(simulate.get().exitCode()).as(simulate.get().err()).isEqualTo(0);
    }

    private static CliFixture.Result runSimulate(StringBuilderWriter out) {
        return runSimulate(out, CliFixture.ciLab());
    }

    private static CliFixture.Result runSimulate(StringBuilderWriter out, Path lab) {
        java.io.StringWriter err = new java.io.StringWriter();
        Console console = new Console(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), false);
        int code = DmctCommand.execute(console, "simulate", "--lab", lab.toString());
        return new CliFixture.Result(code, out.toString(), err.toString());
    }

    @Test
    void aRunNeverOverwritesABundle() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(existing.resolve("evidence.jsonl"), "{}\n");
        CliFixture.Result r = dmct("run", "--lab", CliFixture.ciLab().toString(), "--pack", "dmct-srv-reference",
                "--out", existing.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(existing.toString());
        assertThat(Files.readString(existing.resolve("evidence.jsonl"))).isEqualTo("{}\n");
    }

    @Test
    void aPortInUseIsAnInfrastructureFailureNamingTheDmcAndPort() throws IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket()) {
            busy.bind(new java.net.InetSocketAddress("127.0.0.1", 14062));
            CliFixture.Result r = dmct("simulate", "--lab", CliFixture.ciLab().toString());
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err()).contains("DMC-BRAVO").contains("14062");
        }
    }

    /** A writer whose content can be read while another thread writes to it. */
    static final class StringBuilderWriter extends java.io.Writer {
        private final StringBuffer buffer = new StringBuffer();

        @Override
        public void write(char[] c, int off, int len) {
            buffer.append(c, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return buffer.toString();
        }
    }

}
