package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Low-level security (a password in the AARQ): the adapter associates with the password its profile's secret
 * reference resolves to, a wrong one is refused by the device, and the password never reaches the evidence.
 */
class LowLevelSecurityTest {
    private static final String PASSWORD = "S3cr3t-LLS";

    @TempDir
    Path dir;

    /** The CI lab with the Acme ESME's profile switched to LLS, its password referenced from the environment. */
    private Lab lab() throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var s = Files.list(repo.resolve("lab-config/profiles"))) {
            for (Path p : s.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
        Path esme = profiles.resolve("esme-acme-a1.yaml");
        Files.writeString(esme, Files.readString(esme).replace("  authentication: none",
                "  authentication: low\n  password: {env: DMCT_ESME_A1_PASSWORD}"));
        Files.createDirectories(dir.resolve("packs"));
        Path lab = dir.resolve("labs/lab.yaml");
        Files.createDirectories(lab.getParent());
        Files.writeString(lab, Files.readString(repo.resolve("lab-config/labs/ci-simulated.yaml"))
                .replace("../../test-packs/packs", "../packs"));
        return new LabLoader().load(lab);
    }

    private static SecretResolver resolving(String password) {
        return ref -> {
            assertThat(ref.toString()).isEqualTo("env:DMCT_ESME_A1_PASSWORD");
            return password.getBytes(StandardCharsets.US_ASCII);
        };
    }

    private record Frame(String requestId, FrameDirection direction, byte[] bytes, String note) { }

    @Test
    void associatesWithTheRightPasswordIsRefusedWithAWrongOneAndNeverRecordsIt() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<Frame> frames = new CopyOnWriteArrayList<>();
        try (SimulatorHost sims = SimulatorHost.start(lab(), group, Clock.systemUTC(), resolving(PASSWORD), true)) {
            var dmc = sims.lab().dmc("DMC-ALPHA").orElseThrow();
            for (String offered : new String[] {PASSWORD, "wrong-pass"}) {
                AdapterContext context = AdapterContext.of(dmc, group,
                        (device, request, direction, bytes, note) -> frames.add(new Frame(request, direction, bytes, note)),
                        Clock.systemUTC(), Duration.ofSeconds(5), resolving(offered));
                try (DlmsAdapter adapter = (DlmsAdapter) new DlmsAdapterProvider().open(context)) {
                    ServiceRequest r = new ServiceRequest("lls-" + offered, "11.2", "ALPHA-ESME", DeviceType.ESME,
                            Map.of(), 1);
                    ServiceResponse response = adapter.execute(r).get(30, TimeUnit.SECONDS);
                    if (offered.equals(PASSWORD)) {
                        assertThat(response.code()).isEqualTo(ResponseCode.I0);
                        assertThat(response.values()).containsEntry("firmwareVersion", "P4X2G04");
                    } else {
                        assertThat(response.code()).isEqualTo(ResponseCode.E20);
                        assertThat(response.detail()).contains("refused the association").contains("AUTHENTICATION_FAILURE");
                    }
                    adapter.closeAsync().get(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        for (Frame f : frames) {
            String ascii = new String(f.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(ascii).doesNotContain(PASSWORD).doesNotContain("wrong-pass");
        }
        List<Frame> aarqs = frames.stream().filter(f -> f.direction() == FrameDirection.SENT && f.bytes()[8] == 0x60).toList();
        assertThat(aarqs).hasSize(2).allSatisfy(f -> {
            assertThat(new String(f.bytes(), StandardCharsets.ISO_8859_1)).contains("**********");
            assertThat(f.note()).contains("LLS password");
        });
    }
}
