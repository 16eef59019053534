package org.dmct.dlms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads the jDLMS 1.8.0 capture in {@code shared/vectors}, found by walking up from the working
 * directory, so tests run from the module or the repository root alike.
 */
public final class Vectors {

    /** The three capture files. */
    public static final List<String> FILES = List.of("wrapper.jsonl", "hdlc.jsonl", "wrapper-hls5.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() { }

    /** One captured message; byte fields are null when the capture has none. */
    public record Line(String file, int index, String step, String from, byte[] frame, byte[] acse,
                       byte[] cosemPlain, byte[] cosemCiphered) {
        public boolean fromClient() {
            return "CLIENT".equals(from);
        }

        @Override
        public String toString() {
            return file + "#" + index + " " + from + " " + step;
        }
    }

    /** @return the vectors directory */
    public static Path directory() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/vectors/jdlms-1.8.0");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path sibling = p.resolve("../shared/vectors/jdlms-1.8.0").normalize();
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        throw new IllegalStateException("test vectors not found: looked for shared/vectors/jdlms-1.8.0 in and beside "
                + "every parent of " + start + "; the shared/ directory must sit beside the repository clone");
    }

    /**
     * @param file a file name from {@link #FILES}
     * @return its lines
     */
    public static List<Line> load(String file) {
        Path path = directory().resolve(file);
        List<Line> lines = new ArrayList<>();
        try {
            int i = 0;
            for (String text : Files.readAllLines(path)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(text);
                lines.add(new Line(file, i++, n.path("step").asText(), n.path("from").asText(), hex(n, "frame"),
                        hex(n, "acse"), hex(n, "cosem_plain"), hex(n, "cosem_ciphered")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalStateException(path + " holds no vectors");
        }
        return lines;
    }

    /** @return every line of every file */
    public static List<Line> all() {
        List<Line> all = new ArrayList<>();
        FILES.forEach(f -> all.addAll(load(f)));
        return all;
    }

    /**
     * @param step the start of a step description
     * @param from CLIENT or SERVER
     * @param file the file
     * @return the line
     */
    public static Line find(String file, String step, String from) {
        return load(file).stream().filter(l -> l.step().startsWith(step) && l.from().equals(from)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + from + " line for step '" + step + "' in " + file));
    }

    private static byte[] hex(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : HexFormat.of().parseHex(v.asText());
    }

    /**
     * @param hex hex digits, spaces allowed
     * @return the bytes
     */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /**
     * @param b bytes
     * @return upper-case hex
     */
    public static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
