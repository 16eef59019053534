package org.dmct.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.dmct.core.evidence.EvidenceJson;

/**
 * Reduces an evidence log to what must be identical between two deterministic runs with the same seed, by removing
 * only what depends on wall time or on the machine, each named here:
 * <ul>
 * <li>{@code seq} and {@code prev} of every record: the line number and the chain hash; several DMCs run
 * concurrently, so their records interleave differently from run to run, and the hash chains over the times. The
 * records are compared per DMC instead (run-level records without a {@code dmc} form a sequence of their own), in
 * the order each DMC wrote them (one DMC's tests run in order, so that order is the request sequence). A DMC's
 * {@code alert} records form a sequence of their own ({@code "DMC-ID alerts"}): an alert is recorded when its
 * notification is decoded, which races with the recording of the frames around it on the same connection, so its
 * place among the DMC's other records varies, though the alerts' own order does not. Likewise the frames outside
 * any request ({@code requestId} null: the releases of every device's association when the DMC closes, sent
 * together) form one sequence per device ({@code "DMC-ID DEVICE-ID frames outside requests"}).</li>
 * <li>{@code time} of every record, {@code sentAt}, {@code answeredAt}, {@code latencyMs} of responses,
 * {@code durationMs} of verdicts, {@code receivedAt} of alerts: wall-clock instants and durations.</li>
 * <li>{@code runId} of run-started and run-finished: made from the wall clock and a random suffix.</li>
 * <li>{@code link} of dmc-started: the loopback port the system chose for the simulator.</li>
 * <li>in the {@code reason} of a step-result, the wall-clock delay in "received alert ... Nms after the window
 * opened" (how long the alert took to arrive), replaced by "?ms".</li>
 * </ul>
 * Everything else stays, frames (their hex) included. Not handled, because the CI lab has none: HLS challenges
 * (random on both sides by design; the client's must stay unpredictable for real meters) and what they feed
 * (GMAC tags, ciphered frames); a lab with HLS devices does not give byte-identical frames.
 */
final class EvidenceNormaliser {
    static final String RUN_LEVEL = "(run)";
    /** Suffix of the key of a DMC's alert records, compared as a sequence of their own. */
    static final String ALERTS = " alerts";
    /** Suffix of the key of a device's frames outside any request (the releases when a DMC closes). */
    static final String OUTSIDE_REQUESTS = " frames outside requests";
    private static final Set<String> EVERY_RECORD = Set.of("seq", "prev", "time");
    private static final Map<String, Set<String>> PER_TYPE = Map.of(
            "response", Set.of("sentAt", "answeredAt", "latencyMs"),
            "test-verdict", Set.of("durationMs"),
            "alert", Set.of("receivedAt"),
            "run-started", Set.of("runId"),
            "run-finished", Set.of("runId"),
            "dmc-started", Set.of("link"));
    private static final Pattern ALERT_DELAY = Pattern.compile("\\b\\d+ms after the window opened");

    private EvidenceNormaliser() {
    }

    /** Each DMC's records (and the run-level ones under {@link #RUN_LEVEL}), normalised, one JSON text each. */
    static Map<String, List<String>> perDmc(Path evidence) {
        Map<String, List<String>> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(evidence)) {
                ObjectNode record = (ObjectNode) EvidenceJson.mapper().readTree(line);
                String type = record.path("type").asText();
                EVERY_RECORD.forEach(record::remove);
                PER_TYPE.getOrDefault(type, Set.of()).forEach(record::remove);
                JsonNode reason = record.get("reason");
                if (type.equals("step-result") && reason != null && reason.isTextual()) {
                    record.set("reason", new TextNode(ALERT_DELAY.matcher(reason.asText())
                            .replaceAll("?ms after the window opened")));
                }
                String dmc = record.hasNonNull("dmc") ? record.get("dmc").asText() : RUN_LEVEL;
                if (type.equals("alert")) {
                    dmc = dmc + ALERTS;
                } else if (type.equals("frame") && record.path("requestId").isNull()) {
                    dmc = dmc + " " + record.path("device").asText() + OUTSIDE_REQUESTS;
                }
                out.computeIfAbsent(dmc, k -> new ArrayList<>()).add(EvidenceJson.mapper().writeValueAsString(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + evidence, e);
        }
        return out;
    }
}
