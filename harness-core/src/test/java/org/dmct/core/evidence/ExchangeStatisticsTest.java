package org.dmct.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dmct.core.internal.Fields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ExchangeStatistics} pairs each frame sent to a device with the next frame received from it, per DMC and
 * device, and ignores every other record; {@link EvidenceReader#stream} yields the same records as
 * {@link EvidenceReader#readAll}; and group-committed checkpoints all complete.
 */
class ExchangeStatisticsTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static void frame(EvidenceWriter w, long atMs, String dmc, String device, String direction) {
        w.append(EvidenceTypes.FRAME, T0.plusMillis(atMs), Fields.of("dmc", dmc, "device", device, "direction",
                direction, "hex", "00", "length", 1));
    }

    @Test
    void pairsSentAndReceivedFramesPerDeviceAndMeasuresTheirLatency() throws Exception {
        Path file = dir.resolve("evidence.jsonl");
        List<java.util.concurrent.CompletableFuture<Void>> checkpoints = new ArrayList<>();
        try (EvidenceWriter w = EvidenceWriter.create(file, Clock.fixed(T0, ZoneOffset.UTC))) {
            w.append(EvidenceTypes.RUN_STARTED, Fields.of("runId", "r"));
            frame(w, 0, "A", "A-ESME", "sent");
            frame(w, 1, "B", "B-ESME", "sent");
            frame(w, 4, "A", "A-ESME", "received");   // 4 ms
            checkpoints.add(w.checkpoint());
            frame(w, 11, "B", "B-ESME", "received");  // 10 ms
            frame(w, 20, "A", "A-GSME", "sent");      // never answered
            checkpoints.add(w.checkpoint());
            checkpoints.add(w.checkpoint());
            frame(w, 30, "A", "A-ESME", "sent");
            frame(w, 32, "A", "A-ESME", "received");  // 2 ms
            frame(w, 40, "A", "A-ESME", "received");  // a push, not an answer
            w.append(EvidenceTypes.RUN_FINISHED, Fields.of("runId", "r"));
        }
        assertThat(checkpoints).allSatisfy(c -> assertThat(c).isCompleted());

        ExchangeStatistics s = ExchangeStatistics.read(file);
        assertThat(s.installations()).isEqualTo(2);
        assertThat(s.exchanges()).isEqualTo(3);
        assertThat(s.unanswered()).isEqualTo(1);
        assertThat(s.latenciesMillis()).containsExactly(2, 4, 10);
        assertThat(s.percentileMillis(50)).isEqualTo(4);
        assertThat(s.percentileMillis(99)).isEqualTo(10);

        List<EvidenceRecord> streamed = new ArrayList<>();
        EvidenceReader.stream(file).forEach(streamed::add);
        assertThat(streamed).extracting(EvidenceRecord::seq)
                .containsExactlyElementsOf(EvidenceReader.readAll(file).stream().map(EvidenceRecord::seq).toList());
        assertThat(EvidenceReader.verify(file).valid()).isTrue();
    }
}
