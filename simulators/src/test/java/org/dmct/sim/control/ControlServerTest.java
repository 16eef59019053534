package org.dmct.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control interface over real HTTP on loopback: every stimulus raises its event on the device named, the state
 * answer shows it, and bad requests get their status with a JSON reason.
 */
class ControlServerTest {
    private static EventLoopGroup group;
    private static SimulatorHost host;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(Path.of("../lab-config/labs/ci-simulated.yaml").toAbsolutePath().normalize());
        host = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
    }

    @AfterAll
    static void stop() {
        host.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static URI control(String dmc) {
        return host.lab().dmc(dmc).orElseThrow().controlEndpoint().orElseThrow();
    }

    private static HttpResponse<String> post(String dmc, String device, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(control(dmc) + "/devices/" + device + "/stimuli"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return EvidenceJson.mapper().readTree(r.body());
    }

    @Test
    void everyInstallationOfTheLabHasItsControlEndpointOnLoopback() {
        assertThat(host.lab().dmcs()).allSatisfy(d -> assertThat(d.controlEndpoint()).hasValueSatisfying(u ->
                assertThat(u.toString()).startsWith("http://127.0.0.1:").endsWith("/installations/" + d.id())));
    }

    @Test
    void aRemovedCoverRaisesTheTamperEventAndShowsInTheState() throws Exception {
        HttpResponse<String> r = post("DMC-ALPHA", "ALPHA-ESME", "{\"kind\":\"cover-removed\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).at("/event/event").asText()).isEqualTo("TAMPER_DETECTED");
        assertThat(json(r).at("/applied").asText()).isEqualTo("cover-removed");

        JsonNode state = json(get(control("DMC-ALPHA") + "/devices/ALPHA-ESME/state"));
        assertThat(state.at("/physical/terminalCover").asText()).isEqualTo("removed");
        assertThat(state.at("/stimuliRaised/0/event").asText()).isEqualTo("TAMPER_DETECTED");
        assertThat(state.at("/clock").asText()).isNotBlank();
        assertThat(state.at("/registers").size()).isPositive();
        assertThat(state.at("/eventLogTail").size()).isPositive();

        HttpResponse<String> again = post("DMC-ALPHA", "ALPHA-ESME", "{\"kind\":\"cover-removed\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).at("/error").asText()).contains("already off");
    }

    @Test
    void aPowerCutAndRestoreFollowTheMains() throws Exception {
        assertThat(post("DMC-BRAVO", "BRAVO-ESME", "{\"kind\":\"power-cut\"}").statusCode()).isEqualTo(200);
        assertThat(json(get(control("DMC-BRAVO") + "/devices/BRAVO-ESME/state")).at("/physical/mains").asText())
                .isEqualTo("off");
        HttpResponse<String> restore = post("DMC-BRAVO", "BRAVO-ESME", "{\"kind\":\"power-restore\"}");
        assertThat(json(restore).at("/event/event").asText()).isEqualTo("SUPPLY_RESTORED");
        assertThat(json(get(control("DMC-BRAVO") + "/devices/BRAVO-ESME/state")).at("/physical/mains").asText())
                .isEqualTo("on");
        assertThat(json(post("DMC-BRAVO", "BRAVO-GSME", "{\"kind\":\"battery-low\"}")).at("/event/event").asText())
                .isEqualTo("LOW_BATTERY");
        assertThat(json(post("DMC-BRAVO", "BRAVO-GSME", "{\"kind\":\"magnetic-tamper\"}")).at("/event/event")
                .asText()).isEqualTo("TAMPER_DETECTED");
    }

    @Test
    void badRequestsAreRefusedWithAJsonReason() throws Exception {
        HttpResponse<String> unknownKind = post("DMC-ALPHA", "ALPHA-GSME", "{\"kind\":\"earthquake\"}");
        assertThat(unknownKind.statusCode()).isEqualTo(400);
        assertThat(json(unknownKind).at("/error").asText()).contains("earthquake").contains("cover-removed");

        HttpResponse<String> notJson = post("DMC-ALPHA", "ALPHA-GSME", "kind=power-cut");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).at("/error").asText()).contains("not JSON");

        HttpResponse<String> noKind = post("DMC-ALPHA", "ALPHA-GSME", "{\"event\":\"power-cut\"}");
        assertThat(noKind.statusCode()).isEqualTo(400);

        HttpResponse<String> unknownDevice = post("DMC-ALPHA", "NO-SUCH-METER", "{\"kind\":\"power-cut\"}");
        assertThat(unknownDevice.statusCode()).isEqualTo(404);
        assertThat(json(unknownDevice).at("/error").asText()).contains("NO-SUCH-METER").contains("ALPHA-ESME");

        HttpResponse<String> unknownInstallation = get(control("DMC-ALPHA").toString().replace("DMC-ALPHA", "DMC-ZULU")
                + "/devices/X/state");
        assertThat(unknownInstallation.statusCode()).isEqualTo(404);

        HttpResponse<String> wrongMethod = get(control("DMC-ALPHA") + "/devices/ALPHA-ESME/stimuli");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);

        // ALPHA-ESME is a credit meter: no prepayment, so no keypad to type a UTRN on
        HttpResponse<String> keypad = post("DMC-ALPHA", "ALPHA-ESME", "{\"kind\":\"keypad-entry\",\"digits\":\"1234\"}");
        assertThat(keypad.statusCode()).isEqualTo(409);
        assertThat(json(keypad).at("/error").asText()).contains("ALPHA-ESME").contains("no prepayment");

        HttpResponse<String> digitsElsewhere = post("DMC-ALPHA", "ALPHA-ESME",
                "{\"kind\":\"battery-low\",\"digits\":\"1234\"}");
        assertThat(digitsElsewhere.statusCode()).isEqualTo(400);
        assertThat(json(digitsElsewhere).at("/error").asText()).contains("keypad-entry only");
    }
}
