package org.dmct.core.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmct.core.evidence.EvidenceJson;

/**
 * The DMC Status List and the DMCT Schedule (SEC AK 20.8-20.11) of a lab: every DMC of the DMCT Process with the full
 * history of its status, kept in one JSON file ({@code status.json} in the lab's state directory, see
 * {@link #FILE_NAME}) that survives across runs. Changes are checked against {@link DmcStatus#next()} and what each
 * status needs; a refused change leaves the list as it was. The schedule is derived: each DMC not excluded whose latest
 * scheduling gave dates and packs.
 *
 * <pre>{@code
 * StatusList list = StatusList.load(dir.resolve(StatusList.FILE_NAME));
 * list.apply("DMC-ALPHA", StatusUpdate.to(DmcStatus.IN_TEST, "run started", runId), Instant.now(), "dmct run");
 * list.save(dir.resolve(StatusList.FILE_NAME));
 * }</pre>
 */
public final class StatusList {
    public static final String FILE_NAME = "status.json";
    public static final String FORMAT = "dmct-status/1";

    /** One DMC on the list with its history, oldest change first. */
    public record Entry(String dmc, List<StatusChange> history) {
        public Entry {
            history = List.copyOf(history);
        }

        public StatusChange current() {
            return history.get(history.size() - 1);
        }

        /** The latest change that scheduled the DMC, if any. */
        public Optional<StatusChange> latestSchedule() {
            for (int i = history.size() - 1; i >= 0; i--) {
                if (history.get(i).status() == DmcStatus.SCHEDULED) {
                    return Optional.of(history.get(i));
                }
            }
            return Optional.empty();
        }
    }

    private final Map<String, List<StatusChange>> dmcs = new LinkedHashMap<>();

    /** An empty list. */
    public StatusList() {
    }

    public List<Entry> entries() {
        return dmcs.entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue())).toList();
    }

    public Optional<Entry> entry(String dmc) {
        List<StatusChange> h = dmcs.get(dmc);
        return h == null ? Optional.empty() : Optional.of(new Entry(dmc, h));
    }

    /** The DMCT Schedule: DMCs not excluded whose latest scheduling gave dates, in list order. */
    public List<Entry> schedule() {
        return entries().stream().filter(e -> e.current().status() != DmcStatus.EXCLUDED
                && e.latestSchedule().isPresent()).toList();
    }

    /**
     * Applies a change, or refuses it leaving the list unchanged.
     *
     * @return the change as recorded
     * @throws StatusException naming the DMC, its status and what is allowed
     */
    public StatusChange apply(String dmc, StatusUpdate update, Instant at, String by) {
        if (dmc == null || dmc.isBlank()) {
            throw new StatusException("a DMC id is needed");
        }
        if (update.status() == null) {
            throw new StatusException("DMC " + dmc + ": a status is needed (one of " + DmcStatus.labels() + ")");
        }
        if (by == null || by.isBlank()) {
            throw new StatusException("DMC " + dmc + ": who made the change is needed");
        }
        List<StatusChange> history = dmcs.get(dmc);
        DmcStatus to = update.status();
        if (history == null) {
            if (to != DmcStatus.SUBMITTED) {
                throw new StatusException("DMC " + dmc + " is not on the status list; a DMC enters it as "
                        + DmcStatus.SUBMITTED.label() + ", not " + to.label());
            }
        } else {
            DmcStatus from = history.get(history.size() - 1).status();
            if (!from.next().contains(to)) {
                throw new StatusException("DMC " + dmc + " is " + from.label() + "; it cannot become " + to.label()
                        + (from.next().isEmpty() ? " (" + from.label() + " is final)" : " (from " + from.label()
                        + " it can become: " + String.join(", ", from.next().stream().map(DmcStatus::label).toList())
                        + ")"));
            }
        }
        checkFields(dmc, update);
        StatusChange change = new StatusChange(to, EvidenceJson.time(at), by, update.reason(), blankToNull(
                update.rationale()), update.plannedStart(), update.plannedCompletion(), update.packs(),
                blankToNull(update.note()), update.runId());
        dmcs.computeIfAbsent(dmc, k -> new ArrayList<>()).add(change);
        return change;
    }

    private static void checkFields(String dmc, StatusUpdate u) {
        if (u.status() == DmcStatus.EXCLUDED) {
            if (u.reason() == null) {
                throw new StatusException("DMC " + dmc + ": an exclusion needs its reason from SEC AK 20.6 (a)-(f)"
                        + " (--reason a..f)");
            }
            if (u.reason().rationaleRequired() && blankToNull(u.rationale()) == null) {
                throw new StatusException("DMC " + dmc + ": an exclusion for " + u.reason().clause() + " needs its"
                        + " rationale (SEC AK 20.11 (b)) (--rationale TEXT)");
            }
        } else if (u.reason() != null || blankToNull(u.rationale()) != null) {
            throw new StatusException("DMC " + dmc + ": a reason and rationale belong to an exclusion, not to "
                    + u.status().label());
        }
        boolean scheduleGiven = u.plannedStart() != null || u.plannedCompletion() != null || !u.packs().isEmpty();
        if (u.status() == DmcStatus.SCHEDULED) {
            if (u.plannedStart() == null || u.plannedCompletion() == null || u.packs().isEmpty()) {
                throw new StatusException("DMC " + dmc + ": scheduling needs the planned start and completion dates"
                        + " and the packs to use (SEC AK 20.9) (--start DATE --complete DATE --packs a,b)");
            }
            if (u.plannedCompletion().isBefore(u.plannedStart())) {
                throw new StatusException("DMC " + dmc + ": the planned completion " + u.plannedCompletion()
                        + " is before the planned start " + u.plannedStart());
            }
        } else if (scheduleGiven) {
            throw new StatusException("DMC " + dmc + ": planned dates and packs belong to scheduling, not to "
                    + u.status().label());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * The exclusion notice for an excluded DMC (SEC AK 20.11): that it is excluded from the DMCT Schedule, which
     * reason of 20.6 applies, and the rationale.
     *
     * @throws StatusException when the DMC is not on the list or not excluded
     */
    public String notice(String dmc) {
        Entry e = entry(dmc).orElseThrow(() -> new StatusException("DMC " + dmc + " is not on the status list"));
        StatusChange c = e.current();
        if (c.status() != DmcStatus.EXCLUDED) {
            throw new StatusException("DMC " + dmc + " is " + c.status().label() + ", not excluded: there is no"
                    + " exclusion notice to give");
        }
        StringBuilder b = new StringBuilder();
        b.append("Exclusion notice (SEC Appendix AK 20.11)\n");
        b.append("DMC: ").append(dmc).append('\n');
        b.append("Excluded from the DMCT Schedule on ").append(c.at()).append(" by ").append(c.by()).append('\n');
        b.append("Reason (20.11 (a)): ").append(c.reason().clause()).append(": ").append(c.reason().text())
                .append('\n');
        b.append("Rationale (20.11 (b)): ").append(c.rationale() == null ? "none given (not required for "
                + c.reason().clause() + ")" : c.rationale()).append('\n');
        return b.toString();
    }

    /** Reads a status file; a missing file is an empty list. */
    public static StatusList load(Path file) {
        if (!Files.exists(file)) {
            return new StatusList();
        }
        JsonNode root;
        try {
            root = EvidenceJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StatusException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        StatusList list = new StatusList();
        if (root == null || !root.isObject()) {
            throw bad(file, "(whole file)", "is not a JSON object");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw bad(file, "format", "is " + root.get("format") + ", not \"" + FORMAT + "\"");
        }
        JsonNode dmcs = root.get("dmcs");
        if (dmcs == null || !dmcs.isArray()) {
            throw bad(file, "dmcs", "is missing or not a list");
        }
        for (int i = 0; i < dmcs.size(); i++) {
            String where = "dmcs[" + i + "]";
            JsonNode d = dmcs.get(i);
            String id = d.path("id").asText(null);
            if (id == null || id.isBlank()) {
                throw bad(file, where + ".id", "is missing");
            }
            if (list.dmcs.containsKey(id)) {
                throw bad(file, where + ".id", "repeats DMC " + id);
            }
            JsonNode history = d.get("history");
            if (history == null || !history.isArray() || history.isEmpty()) {
                throw bad(file, where + ".history", "is missing or empty");
            }
            List<StatusChange> changes = new ArrayList<>();
            for (int j = 0; j < history.size(); j++) {
                changes.add(readChange(file, where + ".history[" + j + "]", history.get(j)));
            }
            list.dmcs.put(id, changes);
        }
        return list;
    }

    private static StatusChange readChange(Path file, String where, JsonNode c) {
        String statusText = c.path("status").asText(null);
        DmcStatus status = DmcStatus.parse(statusText).orElseThrow(() -> bad(file, where + ".status", "is "
                + c.get("status") + ", not a status (one of " + DmcStatus.labels() + ")"));
        String at = c.path("at").asText(null);
        if (at == null) {
            throw bad(file, where + ".at", "is missing");
        }
        try {
            Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw bad(file, where + ".at", "is \"" + at + "\", not an ISO-8601 UTC time");
        }
        String by = c.path("by").asText(null);
        if (by == null) {
            throw bad(file, where + ".by", "is missing");
        }
        ExclusionReason reason = null;
        if (c.hasNonNull("reason")) {
            reason = ExclusionReason.parse(c.get("reason").asText()).orElseThrow(() -> bad(file, where + ".reason",
                    "is " + c.get("reason") + ", not one of a-f (SEC AK 20.6)"));
        }
        List<String> packs = new ArrayList<>();
        if (c.hasNonNull("packs")) {
            if (!c.get("packs").isArray()) {
                throw bad(file, where + ".packs", "is not a list");
            }
            c.get("packs").forEach(p -> packs.add(p.asText()));
        }
        return new StatusChange(status, at, by, reason, text(c, "rationale"), date(file, where, c, "plannedStart"),
                date(file, where, c, "plannedCompletion"), packs, text(c, "note"), text(c, "runId"));
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    private static LocalDate date(Path file, String where, JsonNode c, String field) {
        if (!c.hasNonNull(field)) {
            return null;
        }
        try {
            return LocalDate.parse(c.get(field).asText());
        } catch (DateTimeParseException e) {
            throw bad(file, where + "." + field, "is \"" + c.get(field).asText() + "\", not a date (YYYY-MM-DD)");
        }
    }

    private static StatusException bad(Path file, String field, String problem) {
        return new StatusException(file + ": field " + field + " " + problem);
    }

    /** Writes the list (to a temporary file renamed into place, so a crash never leaves half a list). */
    public void save(Path file) throws IOException {
        ObjectNode root = EvidenceJson.mapper().createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("dmcs");
        dmcs.forEach((id, history) -> {
            ObjectNode d = list.addObject();
            d.put("id", id);
            ArrayNode h = d.putArray("history");
            for (StatusChange c : history) {
                ObjectNode n = h.addObject();
                n.put("status", c.status().label());
                n.put("at", c.at());
                n.put("by", c.by());
                n.put("reason", c.reason() == null ? null : c.reason().label());
                n.put("rationale", c.rationale());
                n.put("plannedStart", c.plannedStart() == null ? null : c.plannedStart().toString());
                n.put("plannedCompletion", c.plannedCompletion() == null ? null : c.plannedCompletion().toString());
                ArrayNode packs = n.putArray("packs");
                c.packs().forEach(packs::add);
                n.put("note", c.note());
                n.put("runId", c.runId());
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, EvidenceJson.prettyMapper().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
