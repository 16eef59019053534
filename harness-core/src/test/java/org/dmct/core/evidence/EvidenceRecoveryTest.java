package org.dmct.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.dmct.core.internal.Fields;
import org.dmct.core.internal.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery of a log a kill cut short: only a torn last line is cut, anything else is refused as alteration. */
class EvidenceRecoveryTest {
    @TempDir
    Path dir;
    Path log;
    byte[] whole;

    @BeforeEach
    void writeALog() throws Exception {
        log = dir.resolve("evidence.jsonl");
        try (EvidenceWriter w = EvidenceWriter.create(log, Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                w.append("event", Fields.of("i", i, "text", "record " + i));
            }
            w.finish().get(5, TimeUnit.SECONDS);
        }
        whole = Files.readAllBytes(log);
    }

    private int endOfLine(int n) {
        int seen = 0;
        for (int i = 0; i < whole.length; i++) {
            if (whole[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        throw new AssertionError("no line " + n);
    }

    @Test
    void aCleanLogIsContinuedAfterItsLastLine() throws IOException {
        EvidenceRecovery r = EvidenceRecovery.inspect(log);
        assertThat(r.continuable()).isTrue();
        assertThat(r.lines()).isEqualTo(5);
        assertThat(r.tornBytes()).isZero();
        assertThat(r.keptBytes()).isEqualTo(whole.length);
        assertThat(r.lastHash()).isEqualTo(Hashing.sha256Hex(Arrays.copyOfRange(whole, endOfLine(4), whole.length - 1)));
    }

    @Test
    void aTornLastLineIsCutAndTheContinuedChainVerifies() throws Exception {
        int keep = endOfLine(3);
        Files.write(log, Arrays.copyOf(whole, keep + 17));
        EvidenceRecovery r = EvidenceRecovery.inspect(log);
        assertThat(r.continuable()).isTrue();
        assertThat(r.lines()).isEqualTo(3);
        assertThat(r.keptBytes()).isEqualTo(keep);
        assertThat(r.tornBytes()).isEqualTo(17);
        assertThat(r.tornPreview()).isEqualTo(new String(whole, keep, 17, StandardCharsets.UTF_8));
        r.cutTornTail(log);
        assertThat(Files.readAllBytes(log)).isEqualTo(Arrays.copyOf(whole, keep));

        try (EvidenceWriter w = EvidenceWriter.continueChain(log, Clock.systemUTC(), r.state())) {
            w.append("run-resumed", Fields.of("intactLines", r.lines(), "intactHash", r.lastHash()));
            ChainState end = w.finish().get(5, TimeUnit.SECONDS);
            assertThat(end.lines()).isEqualTo(4);
            ChainVerification v = EvidenceReader.verify(log, end.lastLineHash(), 4);
            assertThat(v.valid()).as(String.valueOf(v.problem())).isTrue();
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(log), keep)).isEqualTo(Arrays.copyOf(whole, keep));
    }

    @Test
    void aLogCutInsideItsFirstLineKeepsNothing() throws IOException {
        Files.write(log, Arrays.copyOf(whole, 10));
        EvidenceRecovery r = EvidenceRecovery.inspect(log);
        assertThat(r.continuable()).isTrue();
        assertThat(r.lines()).isZero();
        assertThat(r.lastHash()).isEqualTo(EvidenceWriter.GENESIS);
        assertThat(r.tornBytes()).isEqualTo(10);
    }

    @Test
    void aChangedOrRemovedCompleteLineIsRefusedNotCut() throws IOException {
        byte[] changed = whole.clone();
        changed[endOfLine(2) + 30] ^= 1;
        Files.write(log, changed);
        EvidenceRecovery r = EvidenceRecovery.inspect(log);
        assertThat(r.continuable()).isFalse();
        assertThat(r.tampered()).contains("line 4").contains("prev");
        assertThatThrownBy(() -> r.cutTornTail(log)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readAllBytes(log)).isEqualTo(changed);

        byte[] removed = new byte[whole.length - (endOfLine(2) - endOfLine(1))];
        System.arraycopy(whole, 0, removed, 0, endOfLine(1));
        System.arraycopy(whole, endOfLine(2), removed, endOfLine(1), whole.length - endOfLine(2));
        Files.write(log, removed);
        assertThat(EvidenceRecovery.inspect(log).tampered()).contains("line 2").contains("seq");

        Files.write(log, "not json\n".getBytes(StandardCharsets.UTF_8));
        assertThat(EvidenceRecovery.inspect(log).tampered()).contains("line 1").contains("not valid JSON");
    }
}
