package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmct.core.evidence.BundleVerification;
import org.dmct.core.evidence.BundleVerifier;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.DmcResult;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pack in {@code packs/} passes on the secured CI lab ({@code ci-secured.yaml}): the same SRVs carried over
 * HLS-GMAC and HLS-ECDSA associations whose keys come from the lab's test keystore, the keystore password given as
 * the environment would give it. The run's evidence holds frames, and no key of the lab.
 */
class PacksAgainstSecuredSimulatorsTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys")::get);
    private static EventLoopGroup group;
    private static SimulatorHost simulators;
    private static SecretResolver secrets;

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
        Lab lab = new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-secured.yaml").normalize());
        secrets = KeystoreSecretResolver.forLab(lab, ENVIRONMENT);
        simulators = SimulatorHost.start(lab, group, Clock.systemUTC(), secrets, true);
    }

    @AfterAll
    static void stop() {
        simulators.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packs")
    void everyApplicableTestPassesOverSecuredAssociations(Path file) throws Exception {
        Pack pack = new PackLoader().load(file);
        Lab lab = simulators.lab();
        Path bundle = dir.resolve("bundle");
        RunConfig config = RunConfig.builder(lab, List.of(pack), group, bundle)
                .providers(DeviceAdapterProvider.installed()).secrets(secrets).build();
        RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
        assertThat(outcome.errorMessage()).isEmpty();
        assertThat(outcome.dmcs()).hasSize(2);
        for (DmcResult dmc : outcome.dmcs()) {
            assertThat(dmc.tests()).filteredOn(TestResult::applicable).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.verdict()).as(dmc.dmcId() + " " + t.testId() + ": " + t.reason())
                            .isEqualTo(Verdict.PASS));
        }
        // the lab names a signing key: the bundle is signed with it, dmct verify's checks and openssl accept it
        BundleVerification verification = BundleVerifier.verify(bundle);
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.signature()).isEqualTo(BundleVerification.Signature.VALID);
        assertThat(verification.signer()).isEqualTo("CN=DMCT CI bundle signing (test key)");
        assertThat(verification.holds(false)).isTrue();
        assertThat(Manifest.read(bundle.resolve("manifest.json")).files()).extracting(Manifest.FileInfo::path)
                .containsExactly("report/junit.xml", "report/report.html", "report/report.json");
        opensslAcceptsTheSignature(bundle, secrets.certificateChain(lab.signingKey()).get(0));
        String evidence = Files.readString(bundle.resolve("evidence.jsonl"));
        assertThat(evidence).contains("GMAC-ESME").contains("ECDSA-GSME");
        HexFormat hex = HexFormat.of();
        assertThat(lab.signingKey()).isNotNull();
        lab.dmcs().stream().flatMap(d -> d.devices().stream()).flatMap(d -> d.deviceSecurity().stream())
                .flatMap(s -> Stream.of(s.encryptionKey(), s.authenticationKey()))
                .map(ref -> secrets.resolveKey(ref, 16))
                .forEach(key -> assertThat(evidence.toUpperCase()).doesNotContain(hex.withUpperCase().formatHex(key))
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(key).toUpperCase()));
    }

    /** {@code openssl cms -verify} checks the detached signature over manifest.json with the lab's certificate. */
    private void opensslAcceptsTheSignature(Path bundle, java.security.cert.X509Certificate certificate)
            throws Exception {
        Path pem = dir.resolve("signer.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Process verify;
        try {
            verify = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                    bundle.resolve("manifest.json.p7s").toString(), "-content", bundle.resolve("manifest.json").toString(),
                    "-CAfile", pem.toString(), "-purpose", "any", "-out", "/dev/null").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("openssl is needed to check the bundle signature independently and is not on"
                    + " this machine: " + e.getMessage(), e);
        }
        String out = new String(verify.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(out).isEqualTo(0);
        assertThat(out).contains("Verification successful");
    }
}
