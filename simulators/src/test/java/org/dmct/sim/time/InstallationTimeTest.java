package org.dmct.sim.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.InstallationSimulator;
import org.dmct.sim.device.SimulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulation.timeScale}: an installation one of whose profiles asks for 1800 runs an hour of device time for
 * every two seconds of the clock it is given, all its devices together; one without it follows the given clock; a
 * test's own {@link SimulatedClock} is always used as it is.
 */
class InstallationTimeTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    /** A "wall" clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private LabDmc prepayDmc(String timeScaleLine) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var files = Files.list(REPO.resolve("lab-config/profiles"))) {
            for (Path p : files.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path cobalt = profiles.resolve("esme-cobalt-c7-prepay.yaml");
        Files.writeString(cobalt, Files.readString(cobalt).replace("  seed: 7\n", "  seed: 7\n" + timeScaleLine));
        Files.createDirectories(dir.resolve("labs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.writeString(lab, Files.readString(REPO.resolve("lab-config/labs/ci-prepay.yaml"))
                .replace("../../test-packs/packs", REPO.resolve("test-packs/packs").toString()));
        return new LabLoader().load(lab).dmc("DMC-ECHO").orElseThrow();
    }

    @Test
    void aProfilesTimeScaleRunsEveryDeviceOfTheInstallationFaster() throws IOException {
        MovableClock wall = new MovableClock();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (InstallationSimulator sim = new InstallationSimulator(prepayDmc("  timeScale: 1800\n"), group, wall,
                SecretResolver.ENVIRONMENT)) {
            Instant start = wall.now;
            wall.now = wall.now.plusSeconds(2);
            for (SimulatedDevice d : sim.devices()) {
                // the ESME drifts 2 s a day on top: an hour of it is 1/12 s
                assertThat(Duration.between(start.plusSeconds(3600), d.clock().now().toInstant()).abs())
                        .as(d.id()).isLessThan(Duration.ofMillis(100));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void withoutATimeScaleTheGivenClockIsUsedAndATestsSimulatedClockAlways() throws IOException {
        LabDmc plain = prepayDmc("");
        MovableClock wall = new MovableClock();
        assertThat(InstallationTime.forInstallation(plain, wall)).isSameAs(wall);
        SimulatedClock own = SimulatedClock.manual(wall.now);
        assertThat(InstallationTime.forInstallation(prepayDmc("  timeScale: 1800\n"), own)).isSameAs(own);
    }
}
