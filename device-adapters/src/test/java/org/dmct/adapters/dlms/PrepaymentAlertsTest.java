package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.AlertEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alerts a prepayment meter raises as its credit changes, received by the DLMS adapter and translated through
 * the Cobalt profile's event map: low credit and emergency credit available when the balance falls, emergency credit
 * activated, then emergency credit exhausted and credit below the disablement threshold when simulated days run it
 * all down, and supply armed after a top-up.
 */
class PrepaymentAlertsTest {
    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");
    private SimulatedTimeLab lab;
    private LabDevice esme;

    @BeforeEach
    void start() {
        lab = new SimulatedTimeLab("ci-prepay.yaml", "DMC-ECHO", START);
        esme = lab.device("DMC-ECHO", "ECHO-ESME");
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private List<String> codes() {
        return lab.alerts.stream().filter(a -> a.deviceId().equals("ECHO-ESME")).map(AlertEvent::codeHex).toList();
    }

    private void awaitCodes(String... expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(codes()).contains(expected));
    }

    @Test
    void creditStateChangesRaiseTheirAlerts() throws Exception {
        assertThat(lab.send("4.18", esme).succeeded()).isTrue();
        assertThat(codes()).isEmpty();
        lab.send("1.5", esme, Map.of("adjustmentPence", "-950"));
        awaitCodes("0x810D", "0x8119");
        assertThat(lab.send("2.5", esme).succeeded()).isTrue();
        awaitCodes("0x81AB");
        for (int day = 0; day < 10 && !codes().contains("0x8F0F"); day++) {
            lab.advance(Duration.ofDays(1));
            lab.send("7.4", esme);
        }
        awaitCodes("0x81AA", "0x8F0F");
        assertThat(lab.send("7.4", esme).values()).containsEntry("supplyStatus", "disconnected");
        String utrn = esme.profile().simulation().metering().prepayment().utrn().mint(esme.serialNumber(), 1000, 1);
        assertThat(lab.send("2.2", esme, Map.of("utrn", utrn)).succeeded()).isTrue();
        awaitCodes("0x8F32");
        // each state change raised its alert once
        assertThat(codes().stream().filter("0x810D"::equals)).hasSize(1);
        assertThat(codes().stream().filter("0x8F0F"::equals)).hasSize(1);
    }
}
