package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dmct.core.evidence.ExchangeStatistics;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LabWriter;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.LabReplicas;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SRV reference pack on 200 simulated installations in one run, as {@code dmct simulate --count 200 --write-lab}
 * then {@code dmct run} do it: the CI lab's three DMCs replicated with derived ids, served on 200 ports by one
 * simulator host on two event-loop threads, the lab file written and read back, one run over all of them. Every copy
 * ends with the verdicts its template has on its own: the copies of DMC-ALPHA and DMC-BRAVO pass every applicable
 * test, the copies of DMC-CHARLIE (whose B2-01 firmware cannot arm the supply) fail exactly Arm Supply (SRV-7.3-ESME)
 * and pass the rest; and the evidence shows every request answered.
 */
class ScaleRunTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final int COUNT = 200;

    @TempDir
    Path dir;

    @Test
    void theSrvPackRunsOnTwoHundredInstallationsWithTheirTemplatesVerdicts() throws Exception {
        Lab ci = new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-simulated.yaml").normalize());
        Pack pack = new PackLoader().load(MODULE.resolve("packs/dmct-srv-reference.yaml"));
        EventLoopGroup simulatorLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup runLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab scaled = LabReplicas.of(ci, COUNT);
        try (SimulatorHost host = SimulatorHost.start(scaled, simulatorLoops, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            Path labFile = LabWriter.write(host.lab(), dir.resolve("lab-200.yaml"), "scale test");
            Lab served = new LabLoader().load(labFile);
            assertThat(served.dmcs()).hasSize(COUNT);

            RunConfig config = RunConfig.builder(served, List.of(pack), runLoops, dir.resolve("bundle"))
                    .providers(DeviceAdapterProvider.installed()).maxActiveDmcs(100).build();
            RunOutcome outcome = Runner.start(config).outcome().get(170, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            assertThat(outcome.dmcs()).hasSize(COUNT);

            for (DmcResult dmc : outcome.dmcs()) {
                LabDmc declared = served.dmc(dmc.dmcId()).orElseThrow();
                Map<String, Verdict> verdicts = dmc.tests().stream().filter(TestResult::applicable)
                        .collect(Collectors.toMap(TestResult::testId, TestResult::verdict, (a, b) -> a,
                                TreeMap::new));
                assertThat(verdicts).as(dmc.dmcId()).isNotEmpty();
                if (dmc.dmcId().startsWith("DMC-CHARLIE-")) {
                    assertThat(verdicts).as(dmc.dmcId() + ": " + reasons(dmc))
                            .containsEntry("SRV-7.3-ESME", Verdict.FAIL);
                    verdicts.remove("SRV-7.3-ESME");
                    assertThat(dmc.criteriaMet()).isFalse();
                } else {
                    assertThat(dmc.criteriaMet()).as(dmc.dmcId() + ": " + reasons(dmc)).isTrue();
                }
                assertThat(verdicts.values()).as(dmc.dmcId() + ": " + reasons(dmc)).containsOnly(Verdict.PASS);
                assertThat(declared.devices()).allMatch(d -> d.id().endsWith(dmc.dmcId().substring(
                        dmc.dmcId().length() - 5)));
            }
            ExchangeStatistics stats = ExchangeStatistics.read(outcome.bundle().evidence());
            assertThat(stats.installations()).isEqualTo(COUNT);
            assertThat(stats.unanswered()).isZero();
            // Every DMC exchanges dozens of request/response pairs; the same pack gives the same count per template.
            assertThat(stats.exchanges()).isGreaterThan(COUNT * 30L);
        } finally {
            runLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            simulatorLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static String reasons(DmcResult dmc) {
        return dmc.tests().stream().filter(t -> t.applicable() && t.verdict() != Verdict.PASS)
                .map(t -> t.testId() + " " + t.verdict() + " " + t.reason()).toList().toString();
    }
}
