package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.profile.UtrnRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Cobalt C7 prepayment ESME simulator driven through the DLMS adapter on simulated time: top-ups with UTRNs
 * (valid, reused, malformed, wrong check digits, keypad lock), credit running down with the standing charge and
 * the energy used at the tariff's prices, emergency credit, supply interruption when credit runs out, debt and
 * configuration updates. Each test has a fresh installation starting at the same simulated instant.
 */
class PrepaymentAgainstSimulatorTest {
    private static final Instant START = Instant.parse("2026-03-02T12:00:00Z");
    private SimulatedTimeLab lab;
    private LabDevice esme;
    private UtrnRule utrns;

    @BeforeEach
    void start() {
        lab = new SimulatedTimeLab("ci-prepay.yaml", "DMC-ECHO", START);
        esme = lab.device("DMC-ECHO", "ECHO-ESME");
        utrns = esme.profile().simulation().metering().prepayment().utrn();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static Quantity gbp(String value) {
        return new Quantity(new BigDecimal(value), "GBP");
    }

    private String utrn(long pence, int sequence) {
        return utrns.mint(esme.serialNumber(), pence, sequence);
    }

    private ServiceResponse topUp(String utrn) throws Exception {
        return lab.send("2.2", esme, Map.of("utrn", utrn));
    }

    @SuppressWarnings("unchecked")
    private List<String> eventCodes() throws Exception {
        ServiceResponse log = lab.send("6.13", esme, Map.of("lastEntries", "40"));
        assertThat(log.succeeded()).as(log.detail()).isTrue();
        return ((List<Map<String, Object>>) log.values().get("entries")).stream()
                .map(e -> (String) e.get("code")).toList();
    }

    @Test
    void aValidUtrnTopsUpOnceAndIsRefusedWhenReusedMalformedOrForged() throws Exception {
        assertThat(lab.send("4.18", esme).values()).containsEntry("meterBalance", gbp("10.00"));
        String valid = utrn(2000, 1);
        ServiceResponse accepted = topUp(valid);
        assertThat(accepted.succeeded()).as(accepted.detail()).isTrue();
        assertThat(accepted.values()).containsEntry("tokenStatus", "accepted").containsEntry("meterBalance", gbp("30.00"));

        ServiceResponse reused = topUp(valid);
        assertThat(reused.code()).isEqualTo(ResponseCode.I0);
        assertThat(reused.succeeded()).isFalse();
        assertThat(reused.deviceResult()).isEqualTo("token-validation-failure");

        assertThat(topUp("1234").deviceResult()).isEqualTo("token-format-failure");
        assertThat(topUp("0000200000000A123456").deviceResult()).isEqualTo("token-format-failure");
        String forged = valid.substring(0, 19) + (char) ('0' + (valid.charAt(19) - '0' + 1) % 10);
        assertThat(topUp(forged).deviceResult()).isEqualTo("token-authentication-failure");
        // A UTRN minted for another meter fails its check digits here.
        assertThat(topUp(utrns.mint("COB-C7-9999999", 2000, 2)).deviceResult()).isEqualTo("token-authentication-failure");

        assertThat(lab.send("4.18", esme).values()).containsEntry("meterBalance", gbp("30.00"));
        assertThat(eventCodes()).contains("0x0060", "0x0061");
    }

    @Test
    void fiveInvalidEntriesLockTheKeypadUntilTheLockTimePasses() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(topUp("9999999999999999999" + i).deviceResult()).isEqualTo("token-authentication-failure");
        }
        // the fifth invalid entry in a row, of whatever kind, locks the keypad
        assertThat(topUp("12345").deviceResult()).isEqualTo("token-format-failure");
        ServiceResponse locked = topUp(utrn(500, 10));
        assertThat(locked.succeeded()).isFalse();
        assertThat(locked.deviceResult()).isEqualTo("temporary-failure");
        assertThat(eventCodes()).contains("0x0062");

        lab.advance(Duration.ofMinutes(59));
        assertThat(topUp(utrn(500, 10)).deviceResult()).isEqualTo("temporary-failure");
        lab.advance(Duration.ofMinutes(1));
        ServiceResponse unlocked = topUp(utrn(500, 10));
        assertThat(unlocked.succeeded()).as(unlocked.detail()).isTrue();
    }

    @Test
    void theStandingChargeRunsTheBalanceDownAsSimulatedTimePasses() throws Exception {
        // With the supply off no energy is used: only the standing charge (53p a day) is taken.
        assertThat(lab.send("7.2", esme).values()).containsEntry("supplyStatus", "disconnected");
        lab.advance(Duration.ofDays(1));
        assertThat(lab.send("4.18", esme).values()).containsEntry("meterBalance", gbp("9.47"));
        lab.advance(Duration.ofHours(12));
        assertThat(lab.send("4.18", esme).values()).containsEntry("meterBalance", gbp("9.20"));
        // 1.5 days of standing charge: 79.5p, the half penny still owed inside the meter
        lab.advance(Duration.ofHours(12));
        assertThat(lab.send("4.18", esme).values()).containsEntry("meterBalance", gbp("8.94"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void energyIsChargedAtThePriceOfTheRateInForce() throws Exception {
        Map<String, Object> before = lab.send("4.1.1", esme).values();
        lab.advance(Duration.ofDays(1));
        Map<String, Object> after = lab.send("4.1.1", esme).values();
        long rate1 = delta(before, after, "activeImportRate1");
        long rate2 = delta(before, after, "activeImportRate2");
        assertThat(rate1).isPositive();
        assertThat(rate2).isPositive();
        // millionths of a penny: Wh x hundredths of a penny per kWh x 10, plus 53p standing charge
        long cost = rate1 * 2860 * 10 + rate2 * 1420 * 10 + 53_000_000L;
        long expectedPence = Math.floorDiv(1000_000_000L - cost, 1_000_000L);
        assertThat(lab.send("4.18", esme).values())
                .containsEntry("meterBalance", new Quantity(BigDecimal.valueOf(expectedPence, 2), "GBP"));
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String register) {
        return ((Quantity) after.get(register)).value().subtract(((Quantity) before.get(register)).value()).longValueExact();
    }

    @Test
    void emergencyCreditIsOfferedBelowItsThresholdAndTheSupplyIsInterruptedWhenAllCreditIsGone() throws Exception {
        ServiceResponse tooEarly = lab.send("2.5", esme);
        assertThat(tooEarly.deviceResult()).isEqualTo("temporary-failure");

        ServiceResponse lowered = lab.send("1.5", esme, Map.of("adjustmentPence", "-950"));
        assertThat(lowered.values()).containsEntry("meterBalance", gbp("0.50"));
        assertThat(lab.send("4.18", esme).values()).containsEntry("emergencyCreditStatus", "selectable")
                .containsEntry("emergencyCreditRemaining", gbp("5.00"));

        ServiceResponse activated = lab.send("2.5", esme);
        assertThat(activated.succeeded()).as(activated.detail()).isTrue();
        assertThat(activated.values()).containsEntry("emergencyCreditStatus", "in-use");
        assertThat(eventCodes()).contains("0x2010", "0x2012", "0x2013");

        // About 50p of credit and £5 of emergency credit last a few days at 53p a day plus the energy used.
        for (int day = 0; day < 10 && lab.send("7.4", esme).values().get("supplyStatus").equals("connected"); day++) {
            lab.advance(Duration.ofDays(1));
        }
        Map<String, Object> prepay = lab.send("4.3", esme).values();
        assertThat(prepay).containsEntry("supplyStatus", "disconnected").containsEntry("meterBalance", gbp("0.00"))
                .containsEntry("emergencyCreditRemaining", gbp("0.00")).containsEntry("emergencyCreditStatus", "exhausted");
        assertThat(eventCodes()).contains("0x2014", "0x2011");

        // A top-up repays the emergency credit used (£5) and arms the switch; the consumer's button reconnects.
        ServiceResponse topUp = topUp(utrn(1000, 3));
        assertThat(topUp.succeeded()).as(topUp.detail()).isTrue();
        assertThat(((Quantity) topUp.values().get("meterBalance")).value()).isBetween(new BigDecimal("4.90"), new BigDecimal("5.00"));
        assertThat(lab.send("7.4", esme).values()).containsEntry("supplyStatus", "armed");
        assertThat(eventCodes()).contains("0x2001");
    }

    @Test
    void debtIsRecoveredFromTheBalanceAtItsDailyRate() throws Exception {
        lab.send("7.2", esme);
        ServiceResponse debt = lab.send("2.3", esme, Map.of("debtPence", "300", "recoveryPencePerDay", "100"));
        assertThat(debt.values()).containsEntry("debt", gbp("3.00")).containsEntry("debtRecoveryPerDay", gbp("1.00"));
        lab.advance(Duration.ofDays(2));
        Map<String, Object> values = lab.send("4.3", esme).values();
        // two days: £2 recovered into the debt, £1.06 standing charge
        assertThat(values).containsEntry("debt", gbp("1.00")).containsEntry("meterBalance", gbp("6.94"));
        lab.advance(Duration.ofDays(2));
        assertThat(lab.send("4.3", esme).values()).containsEntry("debt", gbp("0.00")).containsEntry("meterBalance", gbp("4.88"));
        // a malformed parameter is the pack's mistake, not the device's: the request fails before reaching the meter
        assertThatThrownBy(() -> lab.send("2.3", esme, Map.of("debtPence", "-1")))
                .hasMessageContaining("debtPence '-1' is not a whole number of pence");
    }

    @Test
    void prepaymentConfigurationIsUpdatedAndReadBack() throws Exception {
        assertThat(lab.send("4.13", esme).values()).containsEntry("lowCreditThreshold", gbp("3.00"))
                .containsEntry("emergencyCreditLimit", gbp("5.00")).containsEntry("emergencyCreditThreshold", gbp("1.00"))
                .containsEntry("maxMeterBalance", gbp("250.00"));
        ServiceResponse updated = lab.send("2.1", esme, Map.of("maxMeterBalancePence", "2500",
                "emergencyCreditLimitPence", "1000"));
        assertThat(updated.values()).containsEntry("maxMeterBalance", gbp("25.00")).containsEntry("emergencyCreditLimit", gbp("10.00"))
                .containsEntry("lowCreditThreshold", gbp("3.00"));
        assertThat(lab.send("4.13", esme).values()).containsEntry("maxMeterBalance", gbp("25.00"));
        // The new maximum balance applies at once: a top-up past it is refused and the UTRN stays unused.
        assertThat(topUp(utrn(2000, 4)).deviceResult()).isEqualTo("token-execution-failure");
        assertThat(topUp(utrn(1000, 5)).succeeded()).isTrue();
    }

    @Test
    void aMeterWithoutPrepaymentAnswersE11() throws Exception {
        try (SimulatedTimeLab credit = new SimulatedTimeLab("ci-simulated.yaml", "DMC-ALPHA", START)) {
            LabDevice acme = credit.device("DMC-ALPHA", "ALPHA-ESME");
            for (String srv : List.of("2.2", "4.18", "4.3", "2.5", "2.3", "1.5", "4.13", "2.1", "1.1.1", "4.11.1",
                    "1.2.1", "4.1.2", "4.17", "3.1")) {
                assertThat(credit.send(srv, acme, Map.of("utrn", "1")).code()).as(srv).isEqualTo(ResponseCode.E11);
            }
        }
    }
}
