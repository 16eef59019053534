package org.dmct.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dmct.core.fixtures.ScriptedProvider.answer;
import static org.dmct.core.fixtures.ScriptedProvider.delayed;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.Quantity;
import org.dmct.core.pack.Pack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several DMCs share one event-loop thread; a slow one does not hold the others up. */
class RunnerConcurrencyTest {
    @TempDir
    Path dir;

    private final EventLoopGroup single = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("single-loop", true), NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        single.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aSlowDmcDoesNotHoldUpTheOthersAndNoThreadIsMadePerDmc() throws Exception {
        Lab lab = TestLab.lab(dir.resolve("lab"), "DMC-A:ESME,CHF", "DMC-B:ESME", "DMC-C:ESME", "DMC-SLOW:ESME");
        Pack pack = TestPacks.load(dir.resolve("packs"), "p", """
                  - id: R1
                    title: Read registers once
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                        expect: { values: { activeImportTotal: { unit: kWh, min: 0 } } }
                  - id: R2
                    title: Read registers again
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """);
        Map<String, Object> values = Map.of("activeImportTotal", new Quantity(BigDecimal.TEN, "kWh"));
        ScriptedProvider provider = new ScriptedProvider()
                .on("4.1.1", answer(values))
                .on("DMC-SLOW", "4.1.1", delayed(Duration.ofMillis(500), answer(values)));
        Queue<String> finished = new ConcurrentLinkedQueue<>();
        Set<String> listenerThreads = ConcurrentHashMap.newKeySet();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void testFinished(TestResult result) {
                listenerThreads.add(Thread.currentThread().getName());
            }

            @Override
            public void dmcFinished(DmcResult result) {
                listenerThreads.add(Thread.currentThread().getName());
                finished.add(result.dmcId());
            }
        };
        RunHandle handle = Runner.start(RunConfig.builder(lab, List.of(pack), single, dir.resolve("bundle"))
                .providers(List.of(provider)).listener(listener).harnessVersion("test").build());

        await().atMost(Duration.ofSeconds(5)).until(() -> finished.containsAll(List.of("DMC-A", "DMC-B", "DMC-C")));
        assertThat(finished).doesNotContain("DMC-SLOW");
        assertThat(handle.outcome()).isNotDone();

        RunOutcome outcome = handle.outcome().get(10, TimeUnit.SECONDS);
        assertThat(finished).containsExactly("DMC-A", "DMC-B", "DMC-C", "DMC-SLOW");
        assertThat(outcome.allMet()).isTrue();
        assertThat(outcome.counts().passed()).isEqualTo(8);
        assertThat(provider.opened).hasValue(4);
        assertThat(provider.closed).hasValue(4);
        // Everything ran on the one event-loop thread: no thread per DMC or device.
        assertThat(provider.executeThreads).hasSize(1).allMatch(n -> n.startsWith("single-loop"));
        assertThat(listenerThreads).isEqualTo(provider.executeThreads);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .filteredOn(n -> n.startsWith("dmct")).allMatch(n -> n.equals("dmct-evidence-writer"));
    }

    @Test
    void runRefusesToBlockAnEventLoop() throws Exception {
        Lab lab = TestLab.lab(dir.resolve("lab"), "DMC-A:ESME");
        Pack pack = TestPacks.load(dir.resolve("packs"), "p", """
                  - id: R1
                    title: Read
                    kind: functional
                    devices: [ESME]
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """);
        RunConfig config = RunConfig.builder(lab, List.of(pack), single, dir.resolve("bundle")).build();
        Throwable t = single.submit(() -> {
            try {
                Runner.run(config);
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("blocks");
    }
}
