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
        // Streamed line by line: a thousand-installation run's log is far larger than the heap it may use.
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return verify(in, expectedFinalHash, expectedLines);
        }
    }

    private static ChainVerification verify(java.io.InputStream in, String expectedFinalHash, long expectedLines)
            throws IOException {
        String prev = EvidenceWriter.GENESIS;
        long lineNo = 0;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(1024);
        while (true) {
            buffer.reset();
            int b;
            boolean newline = false;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    newline = true;
                    break;
                }
                buffer.write(b);
            }
            if (!newline && buffer.size() == 0) {
                break;
            }
            lineNo++;
            if (!newline) {
                return bad(lineNo - 1, prev, lineNo, "line " + lineNo + " is incomplete (no newline at its end): the"
                        + " writer was interrupted, or the file was cut or appended to");
            }
            byte[] line = buffer.toByteArray();
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

    /**
     * The records of a log, read one line at a time while iterating (each iteration opens the file anew and closes it
     * at its end), with the same skipping rules as {@link #readAll}. For reports of runs whose log does not fit in
     * memory; an I/O error while iterating is thrown as {@link java.io.UncheckedIOException}.
     */
    public static Iterable<EvidenceRecord> stream(Path file) {
        return () -> {
            java.io.BufferedReader reader;
            try {
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new java.util.Iterator<EvidenceRecord>() {
                private long lineNo;
                private EvidenceRecord next;
                private boolean done;

                @Override
                public boolean hasNext() {
                    while (next == null && !done) {
                        String line;
                        try {
                            line = reader.readLine();
                            if (line == null) {
                                done = true;
                                reader.close();
                                return false;
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        lineNo++;
                        next = parse(lineNo, line);
                    }
                    return next != null;
                }

                @Override
                public EvidenceRecord next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    EvidenceRecord r = next;
                    next = null;
                    return r;
                }
            };
        };
    }

    private static EvidenceRecord parse(long lineNo, String line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = EvidenceJson.mapper().readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (node instanceof ObjectNode o) {
            return new EvidenceRecord(lineNo, o.path("seq").asLong(), o.path("time").asText(null),
                    o.path("type").asText(""), o);
        }
        return null;
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
