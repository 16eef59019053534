package org.dmct.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.model.PhysicalEvent;
import org.dmct.core.spi.Stimuli;

/**
 * The harness side of a simulator's control interface: one {@code POST .../devices/{device}/stimuli} per stimulus,
 * asynchronous (the JDK client's own threads, never the event loop). A refusal or an unreachable interface is an
 * UNAVAILABLE outcome carrying the status and the simulator's reason.
 */
public final class ControlInterfaceClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ControlInterfaceClient() {
    }

    public static CompletableFuture<Stimuli.Outcome> stimulate(HttpClient http, URI installation, String deviceId,
                                                               PhysicalEvent event, Clock clock) {
        return stimulate(http, installation, deviceId, event, null, clock);
    }

    /** @param digits the digits typed of a keypad-entry, sent as {@code "digits"}; null for other events */
    public static CompletableFuture<Stimuli.Outcome> stimulate(HttpClient http, URI installation, String deviceId,
                                                               PhysicalEvent event, String digits, Clock clock) {
        URI target = URI.create(installation.toString().replaceAll("/+$", "") + "/devices/" + deviceId + "/stimuli");
        var body = EvidenceJson.mapper().createObjectNode().put("kind", event.label());
        if (digits != null) {
            body.put("digits", digits);
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).handle((r, e) -> {
            if (e != null) {
                return new Stimuli.Outcome(Stimuli.Result.UNAVAILABLE, "control", target.toString(), null,
                        clock.instant(), "the simulator's control interface " + target + " cannot be reached: " + e);
            }
            if (r.statusCode() != 200) {
                return new Stimuli.Outcome(Stimuli.Result.UNAVAILABLE, "control", target.toString(), r.body(),
                        clock.instant(), "the simulator's control interface refused " + event.label() + " on "
                        + deviceId + ": HTTP " + r.statusCode() + " " + reason(r.body()));
            }
            return new Stimuli.Outcome(Stimuli.Result.APPLIED, "control", target.toString(), r.body(),
                    clock.instant(), "the simulator applied " + event.label() + " to " + deviceId + " ("
                    + reason(r.body()) + ")");
        });
    }

    /** The simulator's error reason, or the raised event, from its JSON answer; the raw body if it is not JSON. */
    private static String reason(String body) {
        try {
            JsonNode n = EvidenceJson.mapper().readTree(body);
            if (n.has("error")) {
                return n.get("error").asText();
            }
            if (n.has("keypad")) {
                JsonNode k = n.get("keypad");
                return "keypad entry " + (k.path("accepted").asBoolean() ? "accepted" : "refused") + ": "
                        + k.path("reason").asText() + (k.path("amountPence").asLong() > 0
                        ? ", " + k.path("amountPence").asLong() + "p credited" : "");
            }
            if (n.has("event")) {
                return "raised " + n.at("/event/event").asText() + ", alert " + n.at("/event/alertCode").asText();
            }
            return body;
        } catch (java.io.IOException | RuntimeException notJson) {
            return body;
        }
    }
}
