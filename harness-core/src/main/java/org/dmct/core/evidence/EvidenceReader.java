package org.dmct.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmct.core.internal.Hashing;

/**
 * Reads an evidence log back and verifies its hash chain (see {@link EvidenceWriter} for the format). Verification
 * checks, line by line: the line is complete (ends with a newline), is a JSON object, has {@code seq} equal to its line
 * number (a removed, inserted or reordered line breaks this), and has {@code prev} equal to the SHA-256 of the line
 * before. A changed byte in line N shows at line N+1, whose {@code prev} no longer matches; a change to the last line
 * shows only against the final chain hash the manifest records, which {@link #verify(Path, String, long)} checks.
 */
public final class EvidenceReader {
    private EvidenceReader() {
    }

    /** Verifies the chain on its own. */
    public static ChainVerification verify(Path file) throws IOException {
        return verify(file, null, -1);
    }

    /**
     * Verifies the chain, and that it ends where the manifest says.
     *
     * @param expectedFinalHash the manifest's final chain hash, or {@code null} not to check
     * @param expectedLines the manifest's line count, or a negative number not to check
     */
    public static ChainVerification verify(Path file, String expectedFinalHash, long expectedLines) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String prev = EvidenceWriter.GENESIS;
        long lineNo = 0;
        int start = 0;
        while (start < bytes.length) {
            lineNo++;
            int end = indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " is incomplete (no newline at its end): the"
                        + " writer was interrupted, or the file was cut or appended to");
            }
            byte[] line = java.util.Arrays.copyOfRange(bytes, start, end);
            start = end + 1;
            if (line.length == 0) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " is empty");
            }
            JsonNode node;
            try {
                node = EvidenceJson.mapper().readTree(line);
            } catch (IOException e) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " is not a JSON object");
            }
            JsonNode seq = node.get("seq");
            if (seq == null || !seq.canConvertToLong() || seq.asLong() != lineNo) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " has seq " + (seq == null ? "none" : seq)
                        + " where " + lineNo + " belongs: lines were removed, inserted or reordered");
            }
            JsonNode p = node.get("prev");
            if (p == null || !prev.equals(p.asText())) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + ": prev is not the SHA-256 of line "
                        + (lineNo - 1) + (lineNo == 1 ? " (the first line's prev must be 64 zeros)"
                        : ": line " + (lineNo - 1) + " was changed, or line " + lineNo + "'s prev was"));
            }
            prev = Hashing.sha256Hex(line);
        }
        if (expectedLines >= 0 && expectedLines != lineNo) {
            long at = Math.min(lineNo, expectedLines) + 1;
            return bad(lineNo, prev, at, "the log has " + lineNo + " lines but the manifest records " + expectedLines
                    + ": lines were " + (lineNo < expectedLines ? "removed from" : "added to") + " its end");
        }
        if (expectedFinalHash != null && !expectedFinalHash.equalsIgnoreCase(prev)) {
            return bad(lineNo, prev, Math.max(lineNo, 1), "the SHA-256 of the last line (" + lineNo
                    + ") is not the final chain hash the manifest records: the last line was changed");
        }
        return new ChainVerification(true, lineNo, prev, 0, null);
    }

    private static ChainVerification bad(long goodLines, String hash, long at, String problem) {
        return new ChainVerification(false, goodLines, hash, at, problem);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses every complete line that is a JSON object, skipping what is not (verification reports those). For
     * building reports from a log, also one whose chain is broken.
     */
    public static List<EvidenceRecord> readAll(Path file) throws IOException {
        List<EvidenceRecord> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        long lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = EvidenceJson.mapper().readTree(line);
            } catch (IOException e) {
                continue;
            }
            if (node instanceof ObjectNode o) {
                records.add(new EvidenceRecord(lineNo, o.path("seq").asLong(), o.path("time").asText(null),
                        o.path("type").asText(""), o));
            }
        }
        return records;
    }
}
