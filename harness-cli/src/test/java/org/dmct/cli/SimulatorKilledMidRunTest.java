package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.pack.PackRepository;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.ProgressListener;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunHandle;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated installation that dies in the middle of a run: that DMC's remaining tests fail or block with a reason
 * that says what happened, the other DMCs finish normally, and the run ends without hanging.
 */
class SimulatorKilledMidRunTest {
    @TempDir
    Path dir;

    @Test
    void killedInstallationBlocksItsRemainingTestsAndTheOthersFinish() throws Exception {
        Lab declared = new LabLoader().load(CliFixture.ciLab());
        List<Pack> packs = List.of(PackRepository.forLab(declared, List.of(), new PackLoader()).resolve("dmct-srv-reference"));
        // The installations run on loops of their own, as they would in their own process, so the progress callback
        // (on a runner loop) can wait for the power cut to take effect.
        EventLoopGroup group = EventLoops.create();
        EventLoopGroup simulatorLoops = EventLoops.create();
        try (SimulatorHost simulators = SimulatorHost.start(declared, simulatorLoops, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            AtomicInteger bravoFinished = new AtomicInteger();
            ProgressListener killer = new ProgressListener() {
                @Override
                public void testFinished(TestResult result) {
                    if (result.dmcId().equals("DMC-BRAVO") && bravoFinished.incrementAndGet() == 3) {
                        // Power cut after BRAVO's third test, before its fourth starts.
                        simulators.simulator("DMC-BRAVO").orElseThrow().kill();
                    }
                }
            };
            RunConfig config = RunConfig.builder(simulators.lab(), packs, group, dir.resolve("bundle"))
                    .providers(DeviceAdapterProvider.installed()).listener(killer).build();
            RunHandle handle = Runner.start(config);
            RunOutcome outcome = handle.outcome().get(120, TimeUnit.SECONDS);

            DmcResult bravo = outcome.dmcs().stream().filter(d -> d.dmcId().equals("DMC-BRAVO")).findFirst().orElseThrow();
            assertThat(bravo.criteriaMet()).isFalse();
            List<TestResult> applicable = bravo.tests().stream().filter(TestResult::applicable).toList();
            assertThat(applicable.subList(0, 3)).allMatch(t -> t.verdict() == Verdict.PASS);
            List<TestResult> after = applicable.subList(3, applicable.size());
            assertThat(after).isNotEmpty().allSatisfy(t -> {
                assertThat(t.verdict()).isIn(Verdict.FAIL, Verdict.BLOCKED);
                assertThat(t.reason()).containsAnyOf("BRAVO", "stopped communicating", "E20", "cannot connect");
            });
            assertThat(after.get(0).reason()).contains("BRAVO");

            DmcResult alpha = outcome.dmcs().stream().filter(d -> d.dmcId().equals("DMC-ALPHA")).findFirst().orElseThrow();
            assertThat(alpha.criteriaMet()).isTrue();
            assertThat(alpha.counts().passed()).isEqualTo(alpha.counts().planned());
            DmcResult charlie = outcome.dmcs().stream().filter(d -> d.dmcId().equals("DMC-CHARLIE")).findFirst().orElseThrow();
            assertThat(charlie.counts().failed()).isEqualTo(1);
            assertThat(charlie.counts().passed()).isEqualTo(charlie.counts().planned() - 1);
            assertThat(outcome.bundle().reportJson()).isRegularFile();
        } finally {
            EventLoops.shutdown(group);
            EventLoops.shutdown(simulatorLoops);
        }
    }
}
