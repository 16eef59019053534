package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.BundleSeal;
import org.dmct.core.evidence.ChainState;
import org.dmct.core.evidence.EvidenceWriter;
import org.dmct.core.evidence.Manifest;
import org.dmct.core.evidence.ManifestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct verify}: a signed bundle verifies and openssl accepts its signature; any changed byte of any file, a
 * removed, swapped or truncated evidence line, or an edited manifest makes it exit 1 naming the file and the line or
 * field; an unsigned bundle fails unless {@code --allow-unsigned}; a directory that is no bundle exits 2.
 */
class VerifyCommandTest {
    private static final String SUBJECT = "CN=DMCT verify test signer";

    @TempDir
    Path dir;

    @Test
    void signedBundleVerifiesAndOpensslAcceptsItsSignature() throws Exception {
        Path bundle = signedBundle(dir.resolve("b"), "EC");
        CliFixture.Result r = dmct("verify", bundle.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("signature: valid, signed by " + SUBJECT).contains("20 evidence lines");
        opensslVerifies(bundle);
    }

    @Test
    void rsaKeysSignWithSha256WithRsa() throws Exception {
        Path bundle = signedBundle(dir.resolve("rsa"), "RSA");
        assertThat(dmct("verify", bundle.toString()).exitCode()).isEqualTo(0);
        opensslVerifies(bundle);
    }

    @Test
    void everyChangedByteOfEveryFileIsFoundAndNamed() throws Exception {
        Path original = signedBundle(dir.resolve("original"), "EC");
        List<String> files = List.of(Bundle.MANIFEST, Bundle.SIGNATURE, Bundle.EVIDENCE, "report/report.json",
                "report/report.html", "report/junit.xml");
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(original.resolve(file));
            // positions spread over the file, with its first and last byte; the signature (small and the most
            // structured) in full
            List<Integer> positions = new ArrayList<>();
            int step = file.equals(Bundle.SIGNATURE) ? 1 : Math.max(1, bytes.length / 40);
            for (int i = 0; i < bytes.length; i += step) {
                positions.add(i);
            }
            positions.add(bytes.length - 1);
            for (int position : positions) {
                Path copy = copy(original, dir.resolve("t-" + file.replace('/', '-') + "-" + position));
                byte[] changed = bytes.clone();
                changed[position] ^= 0x01;
                Files.write(copy.resolve(file), changed);
                CliFixture.Result r = dmct("verify", copy.toString());
                String why = file + " byte " + position + ":\n" + r.out() + r.err();
                assertThat(r.exitCode()).as(why).isEqualTo(1);
                assertThat(r.out()).as(why).contains("problem: " + file + ", ");
                if (file.equals(Bundle.EVIDENCE)) {
                    assertThat(r.out()).as(why).containsPattern("problem: evidence.jsonl, line \\d+: ");
                }
                deleteTree(copy);
            }
        }
    }

    @Test
    void removedSwappedTruncatedAndAddedEvidenceLinesAreNamedByLine() throws Exception {
        Path original = signedBundle(dir.resolve("original"), "EC");
        List<String> lines = Files.readAllLines(original.resolve(Bundle.EVIDENCE), StandardCharsets.UTF_8);

        List<String> removed = new ArrayList<>(lines);
        removed.remove(6);
        assertEvidenceProblem(original, "removed", join(removed), "line 7: ", "removed, inserted or reordered");

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(3, lines.get(4));
        swapped.set(4, lines.get(3));
        assertEvidenceProblem(original, "swapped", join(swapped), "line 4: ", "has seq 5 where 4 belongs");

        List<String> lastRemoved = new ArrayList<>(lines.subList(0, lines.size() - 1));
        assertEvidenceProblem(original, "last-removed", join(lastRemoved), "line 20: ",
                "the log has 19 lines but the manifest records 20");

        String whole = join(lines);
        assertEvidenceProblem(original, "cut", whole.substring(0, whole.length() - 30), "line 20: ", "incomplete");

        assertEvidenceProblem(original, "appended", whole + lines.get(0) + "\n", "line 21: ", "seq 1 where 21");
    }

    @Test
    void anEditedManifestIsFoundEvenWhenSignedAgainByAnotherKey() throws Exception {
        Path original = signedBundle(dir.resolve("original"), "EC");
        String manifest = Files.readString(original.resolve(Bundle.MANIFEST));

        Path edited = copy(original, dir.resolve("edited"));
        Files.writeString(edited.resolve(Bundle.MANIFEST), manifest.replace("\"lines\" : 20", "\"lines\" : 19"));
        CliFixture.Result r = dmct("verify", edited.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("signature: INVALID").contains("problem: manifest.json, whole file")
                .contains("problem: evidence.jsonl, line 20: the log has 20 lines but the manifest records 19");

        // Whoever re-signs an edited manifest with a key of their own is named as the signer, and the edit still
        // shows where the manifest no longer matches the files.
        Path resigned = copy(original, dir.resolve("resigned"));
        String hash = manifest.replaceAll("(?s).*\"path\" : \"report/junit.xml\",\\s*\"sha256\" : \"([0-9a-f]{64})\".*",
                "$1");
        assertThat(hash).hasSize(64);
        Files.writeString(resigned.resolve(Bundle.MANIFEST), manifest.replace(hash, "0".repeat(64)));
        Files.delete(resigned.resolve(Bundle.SIGNATURE));
        signer("EC", "CN=Somebody else").sign(new Bundle(resigned));
        r = dmct("verify", resigned.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("signed by CN=Somebody else")
                .contains("problem: report/junit.xml, whole file: SHA-256 is " + hash)
                .contains("manifest (field files[0].sha256) records " + "0".repeat(64));

        Path added = copy(original, dir.resolve("added"));
        Files.writeString(added.resolve("report/extra.txt"), "x");
        r = dmct("verify", added.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("problem: report/extra.txt, whole file: not listed in the manifest");

        Path missing = copy(original, dir.resolve("missing"));
        Files.delete(missing.resolve("report/report.html"));
        r = dmct("verify", missing.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("problem: report/report.html, whole file: listed in the manifest");
    }

    @Test
    void unsignedBundleFailsSayingSoUnlessAllowed() throws Exception {
        Path bundle = unsignedBundle(dir.resolve("u"));
        CliFixture.Result r = dmct("verify", bundle.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("signature: NONE: the bundle is unsigned").contains("NOT verified: unsigned");
        r = dmct("verify", "--allow-unsigned", bundle.toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(0);
        assertThat(r.out()).contains("unsigned").contains("verified: 20 evidence lines");

        // --allow-unsigned accepts no signature, never a broken bundle
        Files.writeString(bundle.resolve("report/report.json"), "{}");
        r = dmct("verify", "--allow-unsigned", bundle.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("problem: report/report.json, whole file: SHA-256 is");
    }

    @Test
    void theDemoBundleIsUnsignedAndOtherwiseHolds() throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(dmct("demo", "--out", demo.toString()).exitCode()).isEqualTo(0);
        assertThat(demo.resolve(Bundle.SIGNATURE)).doesNotExist();
        assertThat(dmct("verify", demo.toString()).exitCode()).isEqualTo(1);
        CliFixture.Result r = dmct("verify", "--allow-unsigned", demo.toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(0);
        Manifest m = Manifest.read(demo.resolve(Bundle.MANIFEST));
        assertThat(m.files()).extracting(Manifest.FileInfo::path)
                .containsExactly("report/junit.xml", "report/report.html", "report/report.json", "run-plan.json");
    }

    @Test
    void aPathThatIsNoBundleExits2() throws Exception {
        assertThat(dmct("verify", dir.resolve("nothing").toString()).exitCode()).isEqualTo(2);
        Files.createDirectories(dir.resolve("empty"));
        CliFixture.Result r = dmct("verify", dir.resolve("empty").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not a run bundle");
    }

    private void assertEvidenceProblem(Path original, String name, String evidence, String where, String what)
            throws IOException {
        Path copy = copy(original, dir.resolve(name));
        Files.writeString(copy.resolve(Bundle.EVIDENCE), evidence);
        CliFixture.Result r = dmct("verify", copy.toString());
        assertThat(r.exitCode()).as(name + ": " + r.out()).isEqualTo(1);
        assertThat(r.out()).as(name).contains("signature: valid").contains("problem: evidence.jsonl, " + where)
                .contains(what);
    }

    private static String join(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** A bundle made through the core API as a run makes it: evidence, reports, sealed manifest, signature. */
    private static Path signedBundle(Path path, String keyType) throws Exception {
        Path bundle = unsignedBundle(path);
        signer(keyType, SUBJECT).sign(new Bundle(bundle));
        return bundle;
    }

    private static Path unsignedBundle(Path path) throws Exception {
        Bundle bundle = Bundle.create(path);
        ChainState state;
        try (EvidenceWriter writer = EvidenceWriter.create(bundle.evidence(),
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))) {
            for (int i = 0; i < 20; i++) {
                writer.append("note", Map.of("text", "record " + i));
            }
            state = writer.finish().get(30, TimeUnit.SECONDS);
        }
        Files.writeString(bundle.reportJson(), "{\"run\": \"r1\"}\n");
        Files.writeString(bundle.reportHtml(), "<html><body>r1: all met</body></html>\n");
        Files.writeString(bundle.junitXml(), "<testsuites name=\"r1\"/>\n");
        Manifest manifest = new Manifest(Manifest.FORMAT, "r1", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
                "test", null, List.of(), List.of(), List.of(),
                new Manifest.EvidenceInfo(Bundle.EVIDENCE, state.lines(), state.lastLineHash()),
                new Manifest.OutcomeInfo(true, null, List.of()), List.of());
        BundleSeal.write(bundle, manifest);
        return bundle.dir();
    }

    private static ManifestSigner signer(String keyType, String subject) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
        if (keyType.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        } else {
            generator.initialize(2048, random);
        }
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name(subject);
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(random.nextInt(1 << 30)), Date.from(from),
                        Date.from(from.plusSeconds(10L * 365 * 86_400)), name, pair.getPublic())
                        .build(new JcaContentSignerBuilder(keyType.equals("EC") ? "SHA256withECDSA"
                                : "SHA256withRSA").build(pair.getPrivate())));
        return new ManifestSigner(pair.getPrivate(), List.of(certificate));
    }

    /** {@code openssl cms -verify} accepts the signature over manifest.json, with the signer's certificate trusted. */
    static void opensslVerifies(Path bundle) throws Exception {
        Path cert = bundle.resolveSibling(bundle.getFileName() + "-signer.pem");
        Path openssl = Path.of("/usr/bin/openssl");
        String binary = Files.isExecutable(openssl) ? openssl.toString() : "openssl";
        Process extract;
        try {
            extract = new ProcessBuilder(binary, "pkcs7", "-inform", "DER", "-in",
                    bundle.resolve(Bundle.SIGNATURE).toString(), "-print_certs", "-out", cert.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("openssl is needed to check bundle signatures independently and is not on this"
                    + " machine: " + e.getMessage(), e);
        }
        String extractOut = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(extract.exitValue()).as(extractOut).isEqualTo(0);
        Process verify = new ProcessBuilder(binary, "cms", "-verify", "-binary", "-inform", "DER", "-in",
                bundle.resolve(Bundle.SIGNATURE).toString(), "-content", bundle.resolve(Bundle.MANIFEST).toString(),
                "-CAfile", cert.toString(), "-purpose", "any", "-out", "/dev/null").redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(out).isEqualTo(0);
        assertThat(out).contains("Verification successful");
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
        return to;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
