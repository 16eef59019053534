package org.dmct.dlms.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed fuzz seeds ({@code vector-*} files in the targets' Inputs directories) are the jDLMS capture in
 * {@code shared/vectors}, byte for byte: every captured frame, with the one-byte {@link FuzzInput} header 0x00 (whole
 * stream, no timers, channel left open), for the stream decoders; every captured ACSE and xDLMS APDU for the APDU
 * codec. A seed that drifted from the capture, or a captured frame without its seed, fails here.
 */
class FuzzSeedsTest {
    private static final Path RESOURCES = Path.of(System.getProperty("user.dir"), "src/test/resources/org/dmct/dlms");

    @ParameterizedTest
    @ValueSource(strings = {"hdlc", "wrapper"})
    void everyCapturedFrameIsASeedOfItsStreamDecoder(String link) throws IOException {
        Path dir = RESOURCES.resolve(link.equals("hdlc")
                ? "hdlc/HdlcFrameDecoderFuzzTestInputs/anyByteStreamBecomesFramesOrMalformedInputs"
                : "wrapper/WrapperFrameDecoderFuzzTestInputs/anyByteStreamBecomesFramesOrOneMalformedInput");
        List<Vectors.Line> lines = Vectors.load(link + ".jsonl");
        for (Vectors.Line line : lines) {
            Path seed = dir.resolve(String.format("vector-%02d-%s", line.index(), line.from().toLowerCase()));
            assertThat(seed).as("seed of " + line).exists();
            byte[] bytes = Files.readAllBytes(seed);
            assertThat(bytes[0]).isZero();
            assertThat(Arrays.copyOfRange(bytes, 1, bytes.length)).as(line.toString()).isEqualTo(line.frame());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("vector-"))).hasSameSizeAs(lines);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrapper.jsonl", "hdlc.jsonl", "wrapper-hls5.jsonl"})
    void everyCapturedApduIsASeedOfTheApduCodec(String file) throws IOException {
        Path dir = RESOURCES.resolve("apdu/ApduCodecFuzzTestInputs/anyBytesDecodeToAnApduOrAFailureCarriedAsData");
        String prefix = "vector-" + file.replace(".jsonl", "");
        int seeds = 0;
        for (Vectors.Line line : Vectors.load(file)) {
            seeds += check(dir, prefix, line.index(), "acse", line.acse());
            seeds += check(dir, prefix, line.index(), "cosem-plain", line.cosemPlain());
            seeds += check(dir, prefix, line.index(), "cosem-ciphered", line.cosemCiphered());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().matches(prefix + "-\\d\\d-.*"))).hasSize(seeds);
        }
        assertThat(seeds).isPositive();
    }

    private static int check(Path dir, String prefix, int index, String field, byte[] captured) throws IOException {
        if (captured == null) {
            return 0;
        }
        Path seed = dir.resolve(String.format("%s-%02d-%s", prefix, index, field));
        try (InputStream in = Files.newInputStream(seed)) {
            assertThat(in.readAllBytes()).as(seed.getFileName().toString()).isEqualTo(captured);
        }
        return 1;
    }
}
