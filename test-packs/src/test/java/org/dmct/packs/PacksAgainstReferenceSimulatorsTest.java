package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.pack.PackTest;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pack in {@code packs/} is valid and behaves on the reference simulators of the CI lab: on a DMC whose
 * devices declare no defect every applicable test passes, and every test of the pack applies to some CI DMC (a test
 * that never runs in CI is a test nobody checks).
 */
class PacksAgainstReferenceSimulatorsTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static EventLoopGroup group;
    private static SimulatorHost simulators;

    @TempDir
    Path dir;

    static Stream<Path> packs() throws IOException {
        try (Stream<Path> s = Files.list(MODULE.resolve("packs"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-simulated.yaml").normalize());
        simulators = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
    }

    @AfterAll
    static void stop() {
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packs")
    void packPassesOnEveryDmcWithoutDeclaredDefects(Path file) throws Exception {
        Pack pack = new PackLoader().load(file);
        assertThat(pack.tests()).isNotEmpty();
        Lab lab = simulators.lab();
        RunConfig config = RunConfig.builder(lab, List.of(pack), group, dir.resolve("bundle"))
                .providers(DeviceAdapterProvider.installed()).build();
        RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
        assertThat(outcome.errorMessage()).isEmpty();

        for (DmcResult dmc : outcome.dmcs()) {
            LabDmc declared = lab.dmc(dmc.dmcId()).orElseThrow();
            boolean defective = declared.devices().stream().anyMatch(d -> !d.profile().simulation().defects().isEmpty());
            if (!defective) {
                assertThat(dmc.tests()).filteredOn(TestResult::applicable)
                        .allSatisfy(t -> assertThat(t.verdict()).as(dmc.dmcId() + " " + t.testId() + ": " + t.reason())
                                .isEqualTo(Verdict.PASS));
            }
        }
        Set<String> appliedSomewhere = outcome.dmcs().stream().flatMap(d -> d.tests().stream())
                .filter(TestResult::applicable).map(TestResult::testId).collect(Collectors.toSet());
        assertThat(pack.tests().stream().map(PackTest::id)).allMatch(appliedSomewhere::contains);
    }
}
