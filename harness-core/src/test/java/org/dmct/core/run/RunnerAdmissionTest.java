package org.dmct.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.core.fixtures.ScriptedProvider.answer;
import static org.dmct.core.fixtures.ScriptedProvider.delayed;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.fixtures.Runs;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.Quantity;
import org.dmct.core.pack.Pack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxActiveDmcs}: at most that many DMCs are between their start and their end at any moment, every DMC still
 * runs to its verdicts, and the first ones start first; 0 starts them all at once.
 */
class RunnerAdmissionTest {
    @TempDir
    Path dir;

    private static final String PACK = """
              - id: R1
                title: Read registers
                kind: functional
                devices: [ESME]
                steps:
                  - send: { srv: "4.1.1", to: ESME }
            """;

    private record Peak(AtomicInteger active, AtomicInteger peak, List<String> started) implements ProgressListener {
        Peak() {
            this(new AtomicInteger(), new AtomicInteger(), new java.util.concurrent.CopyOnWriteArrayList<>());
        }

        @Override
        public void dmcStarted(String dmcId, String adapter, int plannedTests) {
            started.add(dmcId);
            peak.accumulateAndGet(active.incrementAndGet(), Math::max);
        }

        @Override
        public void dmcFinished(DmcResult result) {
            active.decrementAndGet();
        }
    }

    private RunOutcome run(int limit, Peak listener, String... dmcs) throws Exception {
        Lab lab = TestLab.lab(dir.resolve("lab" + limit), dmcs);
        Pack pack = TestPacks.load(dir.resolve("packs" + limit), "p", PACK);
        Map<String, Object> values = Map.of("activeImportTotal", new Quantity(BigDecimal.ONE, "kWh"));
        // Each answer takes a while, so that DMCs started together overlap.
        ScriptedProvider provider = new ScriptedProvider().on("4.1.1", delayed(Duration.ofMillis(60), answer(values)));
        return Runner.start(RunConfig.builder(lab, List.of(pack), Runs.LOOPS, dir.resolve("bundle" + limit))
                .providers(List.of(provider)).listener(listener).maxActiveDmcs(limit).harnessVersion("test").build())
                .outcome().get(60, TimeUnit.SECONDS);
    }

    @Test
    void atMostTheLimitRunAtOnceAndAllFinish() throws Exception {
        Peak listener = new Peak();
        RunOutcome outcome = run(2, listener, "DMC-A:ESME", "DMC-B:ESME", "DMC-C:ESME", "DMC-D:ESME", "DMC-E:ESME");
        assertThat(outcome.allMet()).isTrue();
        assertThat(outcome.dmcs()).hasSize(5);
        assertThat(outcome.counts().passed()).isEqualTo(5);
        assertThat(listener.peak()).hasValue(2);
        // The first two start together; the rest wait for a free place (each starts on its own loop, so in any order).
        assertThat(listener.started().subList(0, 2)).containsExactlyInAnyOrder("DMC-A", "DMC-B");
        assertThat(listener.started().subList(2, 5)).containsExactlyInAnyOrder("DMC-C", "DMC-D", "DMC-E");
    }

    @Test
    void zeroStartsThemAllAtOnce() throws Exception {
        Peak listener = new Peak();
        RunOutcome outcome = run(0, listener, "DMC-A:ESME", "DMC-B:ESME", "DMC-C:ESME", "DMC-D:ESME");
        assertThat(outcome.allMet()).isTrue();
        assertThat(listener.peak()).hasValue(4);
    }

    @Test
    void aNegativeLimitIsRefused() {
        Lab lab = TestLab.lab(dir.resolve("lab"), "DMC-A:ESME");
        Pack pack = TestPacks.load(dir.resolve("packs"), "p", PACK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunConfig.builder(lab, List.of(pack), Runs.LOOPS,
                dir.resolve("b")).maxActiveDmcs(-1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxActiveDmcs");
    }
}
