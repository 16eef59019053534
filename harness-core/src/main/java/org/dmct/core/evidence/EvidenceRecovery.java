package org.dmct.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.dmct.core.internal.Hashing;

/**
 * Finds where an evidence log that a killed run left behind can be continued. A process killed while writing leaves a
 * byte prefix of what it wrote: every complete line is chain-valid, and at most the last line is torn (it has no
 * newline). That torn tail is the only damage a kill can cause, so it is the only damage recovery accepts; anything
 * else (a complete line that is not JSON, a wrong {@code seq} or {@code prev}) means the log was altered, and
 * recovery refuses it rather than continue a chain that would then hide the alteration.
 *
 * @param lines complete, chain-valid lines kept
 * @param lastHash SHA-256 (hex) of the last kept line ({@link EvidenceWriter#GENESIS} when none)
 * @param keptBytes length of the kept prefix (ends just after the last kept line's newline)
 * @param tornBytes bytes after the kept prefix: the torn last line, to be cut off (0 when the log ends cleanly)
 * @param tornPreview the start of the torn bytes as text (at most 120 characters), for the resume record
 * @param tampered why the log cannot be continued, or {@code null} when it can
 */
public record EvidenceRecovery(long lines, String lastHash, long keptBytes, long tornBytes, String tornPreview,
                               String tampered) {

    /** Reads the log and decides what to keep; does not change the file. */
    public static EvidenceRecovery inspect(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String prev = EvidenceWriter.GENESIS;
        long lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = indexOf(bytes, start);
            if (end < 0) {
                int torn = bytes.length - start;
                String preview = new String(bytes, start, Math.min(torn, 120), java.nio.charset.StandardCharsets.UTF_8);
                return new EvidenceRecovery(lineNo, prev, start, torn, preview, null);
            }
            lineNo++;
            byte[] line = Arrays.copyOfRange(bytes, start, end);
            String problem = check(line, lineNo, prev);
            if (problem != null) {
                return new EvidenceRecovery(lineNo - 1, prev, start, bytes.length - start, null,
                        Bundle.EVIDENCE + " line " + lineNo + ": " + problem);
            }
            prev = Hashing.sha256Hex(line);
            start = end + 1;
        }
        return new EvidenceRecovery(lineNo, prev, bytes.length, 0, null, null);
    }

    private static String check(byte[] line, long lineNo, String prev) {
        JsonNode node;
        try {
            node = EvidenceJson.mapper().readTree(line);
        } catch (IOException e) {
            return "a complete line that is not valid JSON (a kill only ever tears the last line, which has no newline)";
        }
        if (node == null || !node.isObject()) {
            return "a complete line that is not a JSON object";
        }
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.canConvertToLong() || seq.asLong() != lineNo) {
            return "seq is " + seq + " where " + lineNo + " belongs";
        }
        JsonNode p = node.get("prev");
        if (p == null || !prev.equals(p.asText())) {
            return "prev is not the SHA-256 of the line before";
        }
        return null;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the log can be continued. */
    public boolean continuable() {
        return tampered == null;
    }

    /** The chain state the continued log starts from. */
    public ChainState state() {
        return new ChainState(lines, lastHash);
    }

    /**
     * Cuts the torn tail off the file and forces the cut to disk, so that the continued chain starts right after the
     * last complete line.
     *
     * @throws IllegalStateException when the log was found tampered
     */
    public void cutTornTail(Path file) throws IOException {
        if (!continuable()) {
            throw new IllegalStateException("the evidence log cannot be continued: " + tampered);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (channel.size() != keptBytes + tornBytes) {
                throw new IOException(file + " changed while it was being recovered (" + channel.size()
                        + " bytes, " + (keptBytes + tornBytes) + " expected)");
            }
            if (tornBytes > 0) {
                channel.truncate(keptBytes);
            }
            channel.force(true);
        }
    }
}
