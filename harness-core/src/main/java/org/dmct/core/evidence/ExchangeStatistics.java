package org.dmct.core.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a run exchanged on the wire, counted from its evidence log: the installations that sent frames, the exchanges
 * (a frame sent to a device followed by the frame it answered with: one request/response pair) and their latency
 * (time of the received frame's record minus the sent one's, so millisecond resolution, as the log keeps it). The
 * log is read as a stream, one line at a time, so a run of a thousand installations is counted in constant memory
 * apart from the latency samples (4 bytes each).
 *
 * @param installations the DMCs with at least one frame
 * @param exchanges request/response pairs
 * @param unanswered frames sent with no frame received from that device before the next sent frame or the end
 */
public record ExchangeStatistics(int installations, long exchanges, long unanswered, int[] latenciesMillis) {
    /** Reads a log written by {@link EvidenceWriter}. */
    public static ExchangeStatistics read(Path evidence) throws IOException {
        JsonFactory json = new JsonFactory();
        Set<String> dmcs = new HashSet<>();
        Map<String, Instant> pending = new HashMap<>();
        long exchanges = 0;
        long unanswered = 0;
        int[] latencies = new int[1024];
        try (BufferedReader in = Files.newBufferedReader(evidence, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                // Cheap test first: most lines of a large run are frames, but the rest need no parse at all.
                if (!line.contains("\"type\":\"frame\"")) {
                    continue;
                }
                String time = null;
                String dmc = null;
                String device = null;
                String direction = null;
                try (JsonParser p = json.createParser(line)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                            p.skipChildren();
                            continue;
                        }
                        switch (name) {
                            case "time" -> time = p.getText();
                            case "dmc" -> dmc = p.getText();
                            case "device" -> device = p.getText();
                            case "direction" -> direction = p.getText();
                            default -> { }
                        }
                    }
                }
                if (dmc == null || device == null || direction == null || time == null) {
                    continue;
                }
                dmcs.add(dmc);
                String key = dmc + "\u0000" + device;
                Instant at = Instant.parse(time);
                if (direction.equals("sent")) {
                    if (pending.put(key, at) != null) {
                        unanswered++;
                    }
                } else {
                    Instant sent = pending.remove(key);
                    if (sent != null) {
                        if (exchanges == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[(int) exchanges] = (int) Math.max(0, at.toEpochMilli() - sent.toEpochMilli());
                        exchanges++;
                    }
                }
            }
        }
        unanswered += pending.size();
        int[] samples = Arrays.copyOf(latencies, (int) exchanges);
        Arrays.sort(samples);
        return new ExchangeStatistics(dmcs.size(), exchanges, unanswered, samples);
    }

    /** The latency at or below which {@code percent} of the exchanges were answered, in ms; 0 with no exchange. */
    public int percentileMillis(double percent) {
        if (latenciesMillis.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * latenciesMillis.length) - 1;
        return latenciesMillis[Math.max(0, Math.min(latenciesMillis.length - 1, index))];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExchangeStatistics s && s.installations == installations && s.exchanges == exchanges
                && s.unanswered == unanswered && Arrays.equals(s.latenciesMillis, latenciesMillis);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(exchanges) * 31 + installations;
    }

    @Override
    public String toString() {
        return installations + " installations, " + exchanges + " exchanges, p50 " + percentileMillis(50) + " ms, p99 "
                + percentileMillis(99) + " ms";
    }
}
