package org.dmct.adapters.dlms;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.FrameDirection;
import org.dmct.core.spi.FrameRecorder;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;

/**
 * Test fixture: the repository's secured CI lab ({@code ci-secured.yaml}) served by the simulators on free loopback
 * ports, its keys read from the committed test keystore with the password given as the environment would give it,
 * and adapter contexts that record every frame.
 */
final class SecuredLab implements AutoCloseable {
    /** The test keystore's published password (test keys, secret to nobody). */
    static final String KEYSTORE_PASSWORD = "dmct-ci-test-keys";
    /** The environment the lab's {@code {env: DMCT_CI_KEYSTORE_PASSWORD}} reads, as a map: tests cannot set one. */
    static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD)::get);

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final Lab lab;
    final SecretResolver secrets;
    final SimulatorHost simulators;
    final List<Frame> frames = new CopyOnWriteArrayList<>();

    /** One recorded frame. */
    record Frame(String deviceId, String requestId, FrameDirection direction, byte[] bytes, String note) { }

    SecuredLab() {
        this(r -> r);
    }

    /** The lab whose simulators resolve keys through {@code simulatorSecrets} applied to the lab's resolver. */
    SecuredLab(UnaryOperator<SecretResolver> simulatorSecrets) {
        Lab declared = new LabLoader().load(labFile());
        secrets = KeystoreSecretResolver.forLab(declared, ENVIRONMENT);
        simulators = SimulatorHost.start(declared, group, Clock.systemUTC(), simulatorSecrets.apply(secrets), true);
        lab = simulators.lab();
    }

    static Path labFile() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../lab-config/labs/ci-secured.yaml").normalize();
        if (!p.toFile().isFile()) {
            throw new IllegalStateException("the secured CI lab file is missing: " + p);
        }
        return p;
    }

    LabDmc dmc(String id) {
        return lab.dmc(id).orElseThrow();
    }

    AdapterContext context(LabDmc dmc, SecretResolver adapterSecrets) {
        FrameRecorder recorder = (device, request, dir, bytes, note) -> frames.add(new Frame(device, request, dir,
                bytes.clone(), note));
        return AdapterContext.of(dmc, group, recorder, Clock.systemUTC(), Duration.ofSeconds(5), adapterSecrets);
    }

    DlmsAdapter open(String dmcId) {
        return open(dmcId, secrets);
    }

    /** An adapter whose alerts go to {@code alerts}. */
    DlmsAdapter openWithAlerts(String dmcId, org.dmct.core.spi.AlertSink alerts) {
        AdapterContext plain = context(dmc(dmcId), secrets);
        return (DlmsAdapter) new DlmsAdapterProvider().open(AdapterContext.of(plain.dmc(), plain.eventLoopGroup(),
                plain.frames(), plain.clock(), plain.requestTimeout(), plain.secrets(), alerts));
    }

    DlmsAdapter open(String dmcId, SecretResolver adapterSecrets) {
        return (DlmsAdapter) new DlmsAdapterProvider().open(context(dmc(dmcId), adapterSecrets));
    }

    /** Every key of the lab's devices in hex, as it would appear if it leaked into a frame or a message. */
    List<String> keyHexes() {
        HexFormat hex = HexFormat.of().withUpperCase();
        return lab.dmcs().stream().flatMap(d -> d.devices().stream()).flatMap(d -> d.deviceSecurity().stream())
                .flatMap(s -> java.util.stream.Stream.of(s.encryptionKey(), s.authenticationKey()))
                .map(ref -> hex.formatHex(secrets.resolveKey(ref, 16))).distinct().toList();
    }

    /** A resolver that answers {@code replaced} with a different (wrong) key and everything else as {@code base}. */
    static SecretResolver withWrongKey(SecretResolver base, String alias) {
        return new SecretResolver() {
            @Override
            public byte[] resolve(SecretRef ref) {
                if (ref.name().equals(alias)) {
                    return HexFormat.of().parseHex("0F0E0D0C0B0A09080706050403020100");
                }
                return base.resolve(ref);
            }

            @Override
            public java.security.PrivateKey privateKey(SecretRef ref) {
                return base.privateKey(ref);
            }

            @Override
            public List<java.security.cert.X509Certificate> certificateChain(SecretRef ref) {
                return base.certificateChain(ref);
            }
        };
    }

    /** A resolver that signs with {@code otherAlias}'s private key when {@code alias}'s is asked for. */
    static SecretResolver withSwappedSigningKey(SecretResolver base, String alias, String otherAlias) {
        return new SecretResolver() {
            @Override
            public byte[] resolve(SecretRef ref) {
                return base.resolve(ref);
            }

            @Override
            public java.security.PrivateKey privateKey(SecretRef ref) {
                return base.privateKey(ref.name().equals(alias) ? new SecretRef(ref.source(), otherAlias) : ref);
            }

            @Override
            public List<java.security.cert.X509Certificate> certificateChain(SecretRef ref) {
                return base.certificateChain(ref);
            }
        };
    }

    @Override
    public void close() {
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
