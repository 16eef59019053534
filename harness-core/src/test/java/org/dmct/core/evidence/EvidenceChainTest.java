package org.dmct.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.core.internal.Fields;
import org.dmct.core.internal.Hashing;
import org.dmct.core.model.Quantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceChainTest {
    @TempDir
    Path dir;
    Path log;
    ChainState state;

    @BeforeEach
    void writeALog() throws Exception {
        log = dir.resolve("evidence.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2025-01-31T12:00:00.123456Z"), ZoneOffset.UTC);
        try (EvidenceWriter w = EvidenceWriter.create(log, clock)) {
            // Four threads append at once: the log is still one ordered chain.
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        w.append("test-event", Fields.of("thread", thread, "i", i,
                                "value", new Quantity(new BigDecimal("1234000"), "Wh"), "bytes", new byte[] {1, 2},
                                "text", "line\nbreak \"quoted\" \u0001"));
                    }
                }));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            w.checkpoint().get(5, TimeUnit.SECONDS);
            w.append("last", Fields.of());
            state = w.finish().get(5, TimeUnit.SECONDS);
            w.append("after-finish", Fields.of());
            assertThat(w.droppedRecords()).isEqualTo(1);
        }
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    private void rewrite(List<String> lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void aWrittenLogVerifiesAndItsFinalHashIsTheLastLines() throws IOException {
        List<String> lines = lines();
        assertThat(lines).hasSize(101);
        assertThat(state).isEqualTo(new ChainState(101, Hashing.sha256Hex(lines.get(100).getBytes(StandardCharsets.UTF_8))));
        ChainVerification v = EvidenceReader.verify(log, state.lastLineHash(), state.lines());
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.lines()).isEqualTo(101);
        assertThat(v.finalHash()).isEqualTo(state.lastLineHash());
    }

    @Test
    void fieldsAreInTheStableOrderAndChained() throws IOException {
        List<String> lines = lines();
        JsonNode first = EvidenceJson.mapper().readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).containsExactly("seq", "time", "type", "thread", "i", "value", "bytes", "text", "prev");
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("time").asText()).isEqualTo("2025-01-31T12:00:00.123Z");
        assertThat(first.get("prev").asText()).isEqualTo("0".repeat(64));
        assertThat(first.get("value").toString()).isEqualTo("{\"value\":1234000,\"unit\":\"Wh\"}");
        assertThat(first.get("bytes").asText()).isEqualTo("0102");
        assertThat(first.get("text").asText()).isEqualTo("line\nbreak \"quoted\" \u0001");
        JsonNode second = EvidenceJson.mapper().readTree(lines.get(1));
        assertThat(second.get("prev").asText()).isEqualTo(Hashing.sha256Hex(lines.get(0).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChangedByteIsFoundAtTheNextLine() throws IOException {
        List<String> lines = lines();
        lines.set(41, lines.get(41).replace("\"i\":", "\"j\":"));
        rewrite(lines);
        ChainVerification v = EvidenceReader.verify(log);
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(43);
        assertThat(v.problem()).contains("line 43: prev is not the SHA-256 of line 42").contains("line 42 was changed");
        assertThat(v.lines()).isEqualTo(42);
    }

    @Test
    void aRemovedLineIsFound() throws IOException {
        List<String> lines = lines();
        lines.remove(9);
        rewrite(lines);
        ChainVerification v = EvidenceReader.verify(log);
        assertThat(v.firstBadLine()).isEqualTo(10);
        assertThat(v.problem()).contains("has seq 11 where 10 belongs");
    }

    @Test
    void reorderedLinesAreFound() throws IOException {
        List<String> lines = lines();
        String l = lines.remove(20);
        lines.add(21, l);
        rewrite(lines);
        ChainVerification v = EvidenceReader.verify(log);
        assertThat(v.firstBadLine()).isEqualTo(21);
        assertThat(v.problem()).contains("reordered");
    }

    @Test
    void aChangedLastLineOrTruncationIsFoundAgainstTheManifest() throws IOException {
        List<String> lines = lines();
        lines.set(100, lines.get(100).replace("\"last\"", "\"lost\""));
        rewrite(lines);
        assertThat(EvidenceReader.verify(log).valid()).as("the chain alone cannot see it").isTrue();
        ChainVerification v = EvidenceReader.verify(log, state.lastLineHash(), state.lines());
        assertThat(v.valid()).isFalse();
        assertThat(v.firstBadLine()).isEqualTo(101);

        lines.remove(100);
        rewrite(lines);
        ChainVerification cut = EvidenceReader.verify(log, state.lastLineHash(), state.lines());
        assertThat(cut.valid()).isFalse();
        assertThat(cut.firstBadLine()).isEqualTo(101);
        assertThat(cut.problem()).contains("removed from its end");
    }

    @Test
    void anIncompleteLastLineIsReported() throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        ChainVerification v = EvidenceReader.verify(log);
        assertThat(v.firstBadLine()).isEqualTo(101);
        assertThat(v.problem()).contains("incomplete");
    }

    @Test
    void anExistingLogIsNeverOverwritten() {
        assertThatThrownBy(() -> EvidenceWriter.create(log, Clock.systemUTC()))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aBundleDirectoryMustBeNewOrEmpty() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Bundle b = Bundle.create(empty);
        assertThat(b.reportDir()).isDirectory();
        assertThat(Bundle.create(dir.resolve("new/nested")).dir()).isDirectory();
        assertThatThrownBy(() -> Bundle.create(dir)).isInstanceOf(BundleException.class)
                .hasMessageContaining("not empty").hasMessageContaining("never overwritten");
        assertThatThrownBy(() -> Bundle.open(empty)).isInstanceOf(BundleException.class)
                .hasMessageContaining("no manifest.json");
    }
}
