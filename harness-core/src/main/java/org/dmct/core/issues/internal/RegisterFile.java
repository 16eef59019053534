package org.dmct.core.issues.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.issues.TestingIssue;
import org.dmct.core.issues.TestingIssue.EvidenceRef;
import org.dmct.core.issues.TestingIssue.Exclusion;
import org.dmct.core.issues.TestingIssue.HistoryEntry;
import org.dmct.core.issues.TestingIssue.Resolution;
import org.dmct.core.issues.TestingIssue.ResolutionOption;
import org.dmct.core.issues.TestingIssue.Status;
import org.dmct.core.issues.TestingIssue.WorkOffPlan;

/**
 * Reads and writes the register's JSON file. Writing goes to a temporary file in the same directory, forced to disk,
 * then renamed over the old one, so a crash leaves either the old register or the new one, never half of one.
 * Reading checks every field and names the file and the field's path (e.g. {@code issues[2].severity}) of the first
 * thing wrong, so a hand-edited or damaged register is found, not half-loaded.
 */
public final class RegisterFile {
    /** The format marker written at the top; a file with another is refused. */
    public static final String FORMAT = "dmct-testing-issues/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The register's content: the next id number, the runs it has seen, and the issues. */
    public record Content(int nextNumber, List<KnownRun> runs, List<TestingIssue> issues) {
        public Content {
            runs = List.copyOf(runs);
            issues = List.copyOf(issues);
        }
    }

    /** A run bundle the register has taken results from. */
    public record KnownRun(String runId, String bundle, Instant started) {
    }

    private RegisterFile() {
    }

    /** The content of the file, or an empty register when it does not exist. */
    public static Content read(Path file) {
        if (!Files.exists(file)) {
            return new Content(1, List.of(), List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ConfigException(new ConfigProblem(file, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "", "the Testing Issues register is not valid JSON: "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read the Testing Issues register: "
                    + e));
        }
        Reader r = new Reader(file);
        if (root == null || !root.isObject()) {
            throw r.bad("", "expected a JSON object");
        }
        String format = r.text(root, "format", "format");
        if (!FORMAT.equals(format)) {
            throw r.bad("format", "expected '" + FORMAT + "', found '" + format + "'");
        }
        int next = (int) r.number(root, "nextId", "nextId", 1, Integer.MAX_VALUE);
        List<KnownRun> runs = r.list(root, "runs", "runs", (n, p) -> new KnownRun(r.text(n, "runId", p + ".runId"),
                r.text(n, "bundle", p + ".bundle"), r.instant(n, "started", p + ".started")));
        List<TestingIssue> issues = r.list(root, "issues", "issues", r::issue);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            String id = issues.get(i).id();
            if (ids.contains(id)) {
                throw r.bad("issues[" + i + "].id", "'" + id + "' is used twice");
            }
            ids.add(id);
        }
        return new Content(next, runs, issues);
    }

    /** Writes the content atomically (temporary file, fsync, rename). */
    public static void write(Path file, Content content) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("nextId", content.nextNumber());
        ArrayNode runs = root.putArray("runs");
        for (KnownRun k : content.runs()) {
            runs.addObject().put("runId", k.runId()).put("bundle", k.bundle()).put("started", k.started().toString());
        }
        ArrayNode issues = root.putArray("issues");
        for (TestingIssue t : content.issues()) {
            issues.add(toJson(t));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = JSON.writeValueAsBytes(root);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ObjectNode toJson(TestingIssue t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", t.id()).put("dmc", t.dmcId()).put("pack", t.packId()).put("test", t.testId())
                .put("title", t.title()).put("severity", t.severity()).put("status", t.status().name());
        if (t.resolution() == null) {
            o.putNull("resolution");
        } else {
            Resolution r = t.resolution();
            o.putObject("resolution").put("option", r.option().letter()).put("rationale", r.rationale())
                    .put("by", r.by()).put("at", r.at().toString());
        }
        if (t.exclusion() == null) {
            o.putNull("exclusion");
        } else {
            Exclusion x = t.exclusion();
            o.putObject("exclusion").put("rationale", x.rationale()).put("approvedBy", x.approvedBy())
                    .put("at", x.at().toString());
        }
        if (t.workOffPlan() == null) {
            o.putNull("workOffPlan");
        } else {
            WorkOffPlan w = t.workOffPlan();
            o.putObject("workOffPlan").put("certificateDate", w.certificateDate().toString())
                    .put("workingDays", w.workingDays()).put("dueDate", w.dueDate().toString()).put("owner", w.owner());
        }
        ArrayNode ev = o.putArray("evidence");
        for (EvidenceRef e : t.evidence()) {
            ObjectNode n = ev.addObject().put("runId", e.runId()).put("bundle", e.bundle());
            ArrayNode lines = n.putArray("lines");
            e.lines().forEach(lines::add);
        }
        ArrayNode reruns = o.putArray("reruns");
        t.rerunIds().forEach(reruns::add);
        ArrayNode history = o.putArray("history");
        for (HistoryEntry h : t.history()) {
            history.addObject().put("at", h.at().toString()).put("by", h.by()).put("action", h.action())
                    .put("detail", h.detail());
        }
        return o;
    }

    /** Field-by-field reading that names the file and field path of the first problem. */
    private static final class Reader {
        private final Path file;

        Reader(Path file) {
            this.file = file;
        }

        ConfigException bad(String field, String message) {
            return new ConfigException(new ConfigProblem(file, 0, 0, field, message
                    + " (the Testing Issues register is damaged; restore it from a backup or correct this field)"));
        }

        JsonNode field(JsonNode n, String name, String path) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) {
                throw bad(path, "missing required field");
            }
            return v;
        }

        String text(JsonNode n, String name, String path) {
            JsonNode v = field(n, name, path);
            if (!v.isTextual()) {
                throw bad(path, "expected text, found " + v.getNodeType().name().toLowerCase());
            }
            return v.asText();
        }

        String optionalText(JsonNode n, String name, String path) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw bad(path, "expected text, found " + v.getNodeType().name().toLowerCase());
            }
            return v.asText();
        }

        long number(JsonNode n, String name, String path, long min, long max) {
            JsonNode v = field(n, name, path);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw bad(path, "expected a whole number, found " + v);
            }
            long x = v.asLong();
            if (x < min || x > max) {
                throw bad(path, x + " is out of range " + min + ".." + max);
            }
            return x;
        }

        Instant instant(JsonNode n, String name, String path) {
            String s = text(n, name, path);
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw bad(path, "'" + s + "' is not an ISO-8601 instant");
            }
        }

        LocalDate date(JsonNode n, String name, String path) {
            String s = text(n, name, path);
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                throw bad(path, "'" + s + "' is not a date (YYYY-MM-DD)");
            }
        }

        <T> List<T> list(JsonNode n, String name, String path, Item<T> item) {
            JsonNode v = field(n, name, path);
            if (!v.isArray()) {
                throw bad(path, "expected a list");
            }
            List<T> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String p = path + "[" + i + "]";
                out.add(item.read(e, p));
            }
            return out;
        }

        <T> T object(JsonNode n, String name, String path, Function<JsonNode, T> read) {
            JsonNode v = n.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isObject()) {
                throw bad(path, "expected an object or null");
            }
            return read.apply(v);
        }

        TestingIssue issue(JsonNode n, String p) {
            if (!n.isObject()) {
                throw bad(p, "expected an object");
            }
            String id = text(n, "id", p + ".id");
            int severity = (int) number(n, "severity", p + ".severity", 1, 5);
            String statusText = text(n, "status", p + ".status");
            Status status;
            try {
                status = Status.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw bad(p + ".status", "'" + statusText + "' is not one of " + java.util.Arrays.toString(
                        Status.values()));
            }
            Resolution resolution = object(n, "resolution", p + ".resolution", r -> {
                String letter = text(r, "option", p + ".resolution.option");
                ResolutionOption option = java.util.Arrays.stream(ResolutionOption.values())
                        .filter(o -> o.letter().equals(letter)).findFirst()
                        .orElseThrow(() -> bad(p + ".resolution.option", "'" + letter + "' is not a, b, c or d"));
                return new Resolution(option, text(r, "rationale", p + ".resolution.rationale"),
                        text(r, "by", p + ".resolution.by"), instant(r, "at", p + ".resolution.at"));
            });
            Exclusion exclusion = object(n, "exclusion", p + ".exclusion", x -> new Exclusion(
                    text(x, "rationale", p + ".exclusion.rationale"), text(x, "approvedBy", p + ".exclusion.approvedBy"),
                    instant(x, "at", p + ".exclusion.at")));
            WorkOffPlan plan = object(n, "workOffPlan", p + ".workOffPlan", w -> new WorkOffPlan(
                    date(w, "certificateDate", p + ".workOffPlan.certificateDate"),
                    (int) number(w, "workingDays", p + ".workOffPlan.workingDays", 1, 1000),
                    date(w, "dueDate", p + ".workOffPlan.dueDate"), optionalText(w, "owner", p + ".workOffPlan.owner")));
            List<EvidenceRef> evidence = list(n, "evidence", p + ".evidence", (e, ep) -> new EvidenceRef(
                    text(e, "runId", ep + ".runId"), text(e, "bundle", ep + ".bundle"),
                    list(e, "lines", ep + ".lines", (l, lp) -> {
                        if (!l.isIntegralNumber() || l.asLong() < 1) {
                            throw bad(lp, "expected a line number (1 or more), found " + l);
                        }
                        return l.asLong();
                    })));
            List<String> reruns = list(n, "reruns", p + ".reruns", (e, ep) -> {
                if (!e.isTextual()) {
                    throw bad(ep, "expected a run id");
                }
                return e.asText();
            });
            List<HistoryEntry> history = list(n, "history", p + ".history", (h, hp) -> new HistoryEntry(
                    instant(h, "at", hp + ".at"), text(h, "by", hp + ".by"), text(h, "action", hp + ".action"),
                    text(h, "detail", hp + ".detail")));
            if (status == Status.RESOLUTION_CHOSEN && resolution == null) {
                throw bad(p + ".resolution", "status is RESOLUTION_CHOSEN but no resolution is recorded");
            }
            return new TestingIssue(id, text(n, "dmc", p + ".dmc"), text(n, "pack", p + ".pack"),
                    text(n, "test", p + ".test"), text(n, "title", p + ".title"), severity, status, resolution,
                    exclusion, plan, evidence, reruns, history);
        }
    }

    @FunctionalInterface
    private interface Item<T> {
        T read(JsonNode node, String path);
    }
}
