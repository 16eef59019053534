package org.dmct.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dmct.core.internal.Fields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EvidenceWriter#appendFrame} writes frame records without Jackson: its log must be byte for byte the log
 * that {@link EvidenceWriter#append} (the Jackson tree, as frames were recorded before) writes for the same records,
 * chain hashes included, for every kind of text a record can carry, and it must verify.
 */
class FrameRecordEncodingTest {
    @TempDir
    Path dir;

    private record Frame(String requestId, String dmc, String device, String direction, byte[] bytes, String note) { }

    private static List<Frame> samples() {
        List<Frame> frames = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        // Captured shapes: an HDLC SNRM, a wrapper GET request and an AARE, with the notes the adapter writes.
        frames.add(new Frame("REQ-0001-ALPHA-ESME", "DMC-ALPHA", "ALPHA-ESME", "sent",
                hex.parseHex("7ea00a00020023219318717e"), null));
        frames.add(new Frame("REQ-0001-ALPHA-ESME", "DMC-ALPHA", "ALPHA-ESME", "received",
                hex.parseHex("0001000100100011c0018100010000600100ff0200"), null));
        frames.add(new Frame("REQ-0002", "DMC-ALPHA", "ALPHA-ESME", "sent", hex.parseHex("60368001"),
                "calling-authentication-value (LLS password) replaced by '*' in this record"));
        frames.add(new Frame(null, "DMC-BRAVO", "BRAVO-CHF", "malformed", new byte[0],
                "unexpected frame: a client never receives SNRM, a command"));
        frames.add(new Frame("REQ-3", "DMC-CHARLIE", "CHARLIE-ESME", null, null, null));
        // Every character JSON escapes, and some it does not.
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        frames.add(new Frame("quote \" backslash \\ slash / tab\t", "DMC-\u007f", "dev<>&'", "sent",
                new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80}, controls.toString()));
        // Beyond ASCII: written through Jackson (the reference) by appendFrame too.
        frames.add(new Frame("REQ-\u00e9", "DMC-\u20ac", "GSME-\ud83d\ude00", "received", new byte[] {1}, "note \u00a3"));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(600)];
            random.nextBytes(bytes);
            frames.add(new Frame("REQ-" + i, "DMC-" + (i % 7), "DEV-" + (i % 3), i % 2 == 0 ? "sent" : "received",
                    bytes, i % 5 == 0 ? "deciphered copy: \"plaintext\"" : null));
        }
        // Longer than the encoder's first buffer.
        byte[] big = new byte[5000];
        random.nextBytes(big);
        frames.add(new Frame("REQ-BIG", "DMC-ALPHA", "ALPHA-ESME", "received", big, null));
        return frames;
    }

    private Path write(String name, boolean direct) throws Exception {
        Path log = dir.resolve(name);
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T17:00:00.123456Z"), ZoneOffset.UTC);
        try (EvidenceWriter w = EvidenceWriter.create(log, clock)) {
            w.append("run-started", Fields.of("runId", "r1"));
            for (Frame f : samples()) {
                if (direct) {
                    w.appendFrame(f.requestId(), f.dmc(), f.device(), f.direction(), f.bytes(), f.note());
                } else {
                    // How DmcExecution recorded frames before appendFrame.
                    byte[] b = f.bytes() == null ? new byte[0] : f.bytes();
                    w.append(EvidenceTypes.FRAME, Fields.of("requestId", f.requestId(), "dmc", f.dmc(),
                            "device", f.device(), "direction", f.direction(), "hex", HexFormat.of().formatHex(b),
                            "length", b.length, "note", f.note()));
                }
            }
            w.append("run-finished", Fields.of("ok", true));
            ChainState state = w.finish().get(10, TimeUnit.SECONDS);
            ChainVerification v = EvidenceReader.verify(log, state.lastLineHash(), state.lines());
            assertThat(v.valid()).as(v.toString()).isTrue();
        }
        return log;
    }

    @Test
    void directFrameRecordsAreByteIdenticalToTheJacksonEncoding() throws Exception {
        byte[] jackson = Files.readAllBytes(write("jackson.jsonl", false));
        byte[] direct = Files.readAllBytes(write("direct.jsonl", true));
        assertThat(new String(direct, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(direct).isEqualTo(jackson);
        assertThat(Files.readAllLines(dir.resolve("direct.jsonl"))).hasSize(samples().size() + 2);
    }

    @Test
    void theRecordedBytesAreCopiedWhenAppended() throws Exception {
        Path log = dir.resolve("copy.jsonl");
        byte[] frame = {1, 2, 3};
        try (EvidenceWriter w = EvidenceWriter.create(log, Clock.systemUTC())) {
            w.appendFrame("R", "D", "E", "sent", frame, null);
            frame[0] = 9; // the caller reuses its buffer at once
            w.finish().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(log)).contains("\"hex\":\"010203\",\"length\":3");
    }
}
