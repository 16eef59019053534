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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.profile.UtrnRule;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.device.PrepaymentState;
import org.dmct.sim.device.SimulatedDevice;
import org.dmct.sim.time.SimulatedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code keypad-entry} over real HTTP on the prepayment ESME of the CI prepay lab: the digits typed go to the meter's
 * prepayment as a UTRN; a valid one (minted with the profile's UTRN rule) raises the balance, a reused or malformed
 * one is refused with its reason, and the sixth entry after five invalid ones is refused because the keypad locked.
 * Simulated time stands still (a manual clock), so no standing charge blurs the balance.
 */
class KeypadEntryControlTest {
    private EventLoopGroup group;
    private SimulatorHost host;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(Path.of("../lab-config/labs/ci-prepay.yaml").toAbsolutePath().normalize());
        host = SimulatorHost.start(lab, group, SimulatedClock.manual(Instant.parse("2026-03-02T10:00:00Z")),
                SecretResolver.ENVIRONMENT, true);
    }

    @AfterEach
    void stop() {
        host.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private JsonNode type(String device, String digits) throws Exception {
        URI uri = URI.create(host.lab().dmc("DMC-ECHO").orElseThrow().controlEndpoint().orElseThrow()
                + "/devices/" + device + "/stimuli");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"keypad-entry\",\"digits\":\"" + digits + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = EvidenceJson.mapper().readTree(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json;
    }

    private SimulatedDevice esme() {
        return host.simulator("DMC-ECHO").orElseThrow().device("ECHO-ESME").orElseThrow();
    }

    private String mint(long pence, int sequence) {
        LabDevice d = esme().declaration();
        UtrnRule rule = d.profile().simulation().metering().prepayment().utrn();
        return rule.mint(d.serialNumber(), pence, sequence);
    }

    @Test
    void aValidUtrnTypedOnTheKeypadRaisesTheBalanceAndIsRefusedWhenReused() throws Exception {
        PrepaymentState prepayment = esme().metering().prepayment().orElseThrow();
        long before = prepayment.balancePence();
        String utrn = mint(418, 41);

        JsonNode accepted = type("ECHO-ESME", utrn);
        assertThat(accepted.at("/applied").asText()).isEqualTo("keypad-entry");
        assertThat(accepted.at("/keypad/accepted").asBoolean()).isTrue();
        assertThat(accepted.at("/keypad/amountPence").asLong()).isEqualTo(418);
        assertThat(prepayment.balancePence()).isEqualTo(before + 418);

        JsonNode reused = type("ECHO-ESME", utrn);
        assertThat(reused.at("/keypad/accepted").asBoolean()).isFalse();
        assertThat(reused.at("/keypad/reason").asText()).isEqualTo("UTRN already used");
        assertThat(prepayment.balancePence()).isEqualTo(before + 418);
    }

    @Test
    void fiveInvalidEntriesLockTheKeypadAndTheSixthIsRefusedAsLocked() throws Exception {
        String valid = mint(500, 7);
        String wrongCheckDigits = valid.substring(0, 19) + (valid.charAt(19) == '0' ? '1' : '0');
        assertThat(type("ECHO-ESME", wrongCheckDigits).at("/keypad/result").asText())
                .isEqualTo("authentication-failure");
        for (int i = 0; i < 4; i++) {
            JsonNode refused = type("ECHO-ESME", "12345");
            assertThat(refused.at("/keypad/accepted").asBoolean()).isFalse();
            assertThat(refused.at("/keypad/reason").asText()).contains("20-digit");
        }
        JsonNode sixth = type("ECHO-ESME", valid);
        assertThat(sixth.at("/keypad/accepted").asBoolean()).isFalse();
        assertThat(sixth.at("/keypad/reason").asText()).isEqualTo("keypad locked");
    }

    @Test
    void keypadEntryWithoutDigitsIsABadRequest() throws Exception {
        URI uri = URI.create(host.lab().dmc("DMC-ECHO").orElseThrow().controlEndpoint().orElseThrow()
                + "/devices/ECHO-ESME/stimuli");
        for (String body : new String[] {"{\"kind\":\"keypad-entry\"}", "{\"kind\":\"keypad-entry\",\"digits\":\"12a4\"}"}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(EvidenceJson.mapper().readTree(r.body()).at("/error").asText()).contains("digits");
        }
    }
}
