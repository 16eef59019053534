package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference SRV pack on the CI lab, once per link the lab can declare: the verdicts over HDLC (TCP, and a pty
 * pair at 115200 baud) are those over the TCP wrapper, test for test, DMC for DMC, including DMC-CHARLIE's failure.
 */
class PacksOverEveryLinkTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static Map<String, Map<String, String>> overWrapper;

    @TempDir
    Path dir;

    private static Lab ciLab() {
        return new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-simulated.yaml").normalize());
    }

    private static Pack pack() {
        return new PackLoader().load(MODULE.resolve("packs/dmct-srv-reference.yaml"));
    }

    private static LinkSpec link(LinkSpec.Transport transport) {
        LinkSpec.HdlcOptions hdlc = new LinkSpec.HdlcOptions(4, 0x10, 256, 3, Duration.ofMillis(500));
        return switch (transport) {
            case TCP_WRAPPER -> new LinkSpec(transport, "127.0.0.1", 0);
            case HDLC_TCP -> new LinkSpec(transport, "127.0.0.1", 0, null, hdlc);
            case HDLC_SERIAL -> new LinkSpec(transport, null, 0,
                    new LinkSpec.SerialLine("set-by-the-simulator", 115200, 8, LinkSpec.Parity.NONE, 10), hdlc);
        };
    }

    private static Map<String, Map<String, String>> run(LinkSpec.Transport transport, Path bundle) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        EventLoopGroup simulatorGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = ciLab().mapDmcs(d -> d.withLink(link(transport)));
        try (SimulatorHost simulators = SimulatorHost.start(lab, simulatorGroup, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            RunConfig config = RunConfig.builder(simulators.lab(), List.of(pack()), group, bundle)
                    .providers(DeviceAdapterProvider.installed()).build();
            RunOutcome outcome = Runner.start(config).outcome().get(300, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            Map<String, Map<String, String>> verdicts = new LinkedHashMap<>();
            for (DmcResult dmc : outcome.dmcs()) {
                Map<String, String> tests = new LinkedHashMap<>();
                for (TestResult t : dmc.tests()) {
                    tests.put(t.testId(), t.verdict() + (t.verdict().name().equals("PASS") ? "" : ": " + t.reason()
                            .replaceAll("(tcp-wrapper|hdlc-tcp|hdlc-serial)://\\S+", "LINK")));
                }
                verdicts.put(dmc.dmcId(), tests);
            }
            return verdicts;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            simulatorGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @BeforeAll
    static void overTheWrapper(@TempDir Path bundles) throws Exception {
        overWrapper = run(LinkSpec.Transport.TCP_WRAPPER, bundles.resolve("wrapper"));
        assertThat(overWrapper.get("DMC-CHARLIE").get("SRV-7.3-ESME")).startsWith("FAIL");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LinkSpec.Transport.class, names = {"HDLC_TCP", "HDLC_SERIAL"})
    void verdictsAreThoseOverTheWrapper(LinkSpec.Transport transport) throws Exception {
        Map<String, Map<String, String>> verdicts = run(transport, dir.resolve("bundle"));
        assertThat(verdicts).isEqualTo(overWrapper);
    }
}
