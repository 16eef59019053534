package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulated time and metering through the DLMS adapter: registers advancing from the seeded consumption model with
 * the time-of-use split of the tariff, the load profile and daily log filling at their boundaries over a simulated
 * month, tariff and price updates, the display message, the device clock's drift and its correction by 6.11, and
 * the same seed giving the same values.
 */
class MeteringAgainstSimulatorTest {
    /** A midnight, so the Economy 7 boundaries (00:30, 07:30) fall at known offsets. */
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
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

    private static BigDecimal wh(Map<String, Object> values, String register) {
        return ((Quantity) values.get(register)).value();
    }

    @Test
    void registersAdvanceWithTheOffPeakRateOnlyInsideItsHoursAndRatesAddUpToTheTotal() throws Exception {
        Map<String, Object> at0000 = lab.send("4.1.1", esme).values();
        assertThat(wh(at0000, "activeImportTotal")).isEqualByComparingTo("5200000");
        lab.advance(Duration.ofMinutes(30));
        Map<String, Object> at0030 = lab.send("4.1.1", esme).values();
        assertThat(wh(at0030, "activeImportRate2")).isEqualByComparingTo(wh(at0000, "activeImportRate2"));
        assertThat(wh(at0030, "activeImportRate1")).isGreaterThan(wh(at0000, "activeImportRate1"));
        lab.advance(Duration.ofHours(7));
        Map<String, Object> at0730 = lab.send("4.1.1", esme).values();
        assertThat(wh(at0730, "activeImportRate1")).isEqualByComparingTo(wh(at0030, "activeImportRate1"));
        assertThat(wh(at0730, "activeImportRate2")).isGreaterThan(wh(at0030, "activeImportRate2"));
        lab.advance(Duration.ofDays(3).plusMinutes(17));
        Map<String, Object> later = lab.send("4.1.1", esme).values();
        for (Map<String, Object> v : List.of(at0000, at0030, at0730, later)) {
            assertThat(wh(v, "activeImportRate1").add(wh(v, "activeImportRate2"))).isEqualByComparingTo(wh(v, "activeImportTotal"));
        }
        // a domestic consumer: between 5 and 20 kWh a day
        assertThat(wh(later, "activeImportTotal").subtract(wh(at0000, "activeImportTotal")))
                .isBetween(new BigDecimal("15000"), new BigDecimal("70000"));
        Map<String, Object> tou = lab.send("4.1.2", esme).values();
        // 07:47 on day four: peak rate again
        assertThat(tou).containsEntry("currentRate", 1L);
        lab.advance(Duration.ofHours(17));
        assertThat(lab.send("4.1.2", esme).values()).containsEntry("currentRate", 2L);
    }

    @Test
    void theSameSeedGivesTheSameValuesOnAnotherInstallation() throws Exception {
        lab.advance(Duration.ofDays(5).plusMinutes(11));
        Map<String, Object> first = lab.send("4.1.1", esme).values();
        ServiceResponse firstProfile = lab.send("4.8.1", esme, Map.of("from", "2026-03-06T00:00:00Z",
                "to", "2026-03-07T00:00:00Z"));
        try (SimulatedTimeLab again = new SimulatedTimeLab("ci-prepay.yaml", "DMC-ECHO", START)) {
            again.advance(Duration.ofDays(5).plusMinutes(11));
            assertThat(again.send("4.1.1", esme).values()).isEqualTo(first);
            assertThat(again.send("4.8.1", esme, Map.of("from", "2026-03-06T00:00:00Z", "to", "2026-03-07T00:00:00Z"))
                    .values()).isEqualTo(firstProfile.values());
        }
        // the gas meter of the same installation has its own seed: its values are not the electricity meter's
        LabDevice gsme = lab.device("DMC-ECHO", "ECHO-GSME");
        assertThat(lab.send("4.1.1", gsme).values().get("activeImportTotal")).isNotEqualTo(first.get("activeImportTotal"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadProfileEntriesAppearAtHalfHourBoundariesAndTheDailyLogFillsOverAMonth() throws Exception {
        // £200 of credit: enough for a month, so the supply stays on and the meter keeps measuring
        String utrn = esme.profile().simulation().metering().prepayment().utrn().mint(esme.serialNumber(), 20_000, 1);
        assertThat(lab.send("2.2", esme, Map.of("utrn", utrn)).succeeded()).isTrue();
        lab.advance(Duration.ofMinutes(29).plusSeconds(59));
        Map<String, Object> window = Map.of("from", "2026-03-01T23:00:00Z", "to", "2026-03-02T01:00:00Z");
        List<Map<String, Object>> before = (List<Map<String, Object>>) lab.send("4.8.1", esme, window).values().get("entries");
        assertThat(before.get(before.size() - 1).get("time")).isEqualTo(OffsetDateTime.parse("2026-03-02T00:00:00Z"));
        lab.advance(Duration.ofSeconds(1));
        List<Map<String, Object>> after = (List<Map<String, Object>>) lab.send("4.8.1", esme, window).values().get("entries");
        assertThat(after.get(after.size() - 1).get("time")).isEqualTo(OffsetDateTime.parse("2026-03-02T00:30:00Z"));
        assertThat(after).hasSize(before.size() + 1);

        lab.advance(Duration.ofDays(30));
        ServiceResponse month = lab.send("4.8.1", esme, Map.of("from", "2026-03-02T00:30:00Z", "to", "2026-04-01T00:30:00Z"));
        List<Map<String, Object>> halfHours = (List<Map<String, Object>>) month.values().get("entries");
        assertThat(halfHours).hasSize(30 * 48 + 1);
        for (int i = 1; i < halfHours.size(); i++) {
            OffsetDateTime t = (OffsetDateTime) halfHours.get(i).get("time");
            assertThat(t).isEqualTo(((OffsetDateTime) halfHours.get(i - 1).get("time")).plusMinutes(30));
            assertThat(((Quantity) halfHours.get(i).get("value")).value())
                    .isGreaterThan(((Quantity) halfHours.get(i - 1).get("value")).value());
        }

        ServiceResponse daily = lab.send("4.17", esme, Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-04-01T00:00:00Z"));
        assertThat(daily.succeeded()).as(daily.detail()).isTrue();
        List<Map<String, Object>> days = (List<Map<String, Object>>) daily.values().get("days");
        assertThat(days).hasSize(30);
        assertThat(days.get(0)).containsEntry("date", "2026-03-02");
        assertThat(days.get(29)).containsEntry("date", "2026-03-31");
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, Object> day : days) {
            BigDecimal used = ((Quantity) day.get("consumption")).value();
            assertThat(used).isBetween(new BigDecimal("3000"), new BigDecimal("20000"));
            sum = sum.add(used);
        }
        assertThat(((Quantity) daily.values().get("totalConsumption")).value()).isEqualByComparingTo(sum);
        // the daily log's midnights are the load profile's values at the same times
        Quantity midnight = (Quantity) halfHours.get(47).get("value");
        assertThat(halfHours.get(47).get("time")).isEqualTo(OffsetDateTime.parse("2026-03-03T00:00:00Z"));
        Quantity firstDay = (Quantity) days.get(0).get("consumption");
        ServiceResponse log = lab.send("4.6.1", esme, Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-03-03T00:00:00Z"));
        List<Map<String, Object>> midnights = (List<Map<String, Object>>) log.values().get("entries");
        assertThat(midnights.get(1).get("value")).isEqualTo(midnight);
        assertThat(((Quantity) midnights.get(1).get("value")).value().subtract(((Quantity) midnights.get(0).get("value")).value()))
                .isEqualByComparingTo(firstDay.value());
    }

    @Test
    void theClockDriftsAtTheProfilesRateAndSynchronisingCorrectsIt() throws Exception {
        OffsetDateTime first = (OffsetDateTime) lab.send("4.1.2", esme).values().get("deviceClock");
        assertThat(first).isEqualTo(OffsetDateTime.ofInstant(START, ZoneOffset.UTC));
        lab.advance(Duration.ofDays(10));
        OffsetDateTime drifted = (OffsetDateTime) lab.send("4.1.2", esme).values().get("deviceClock");
        // Cobalt gains 2 s a day: 20 s after ten days
        assertThat(Duration.between(lab.clock.instant(), drifted.toInstant())).isEqualTo(Duration.ofSeconds(20));
        ServiceResponse sync = lab.send("6.11", esme);
        assertThat(sync.succeeded()).as(sync.detail()).isTrue();
        assertThat(((OffsetDateTime) sync.values().get("deviceClock")).toInstant()).isEqualTo(lab.clock.instant());
        // the meter logs that its clock was set (Cobalt logs it under the vendor code 0x0051)
        ServiceResponse log = lab.send("6.13", esme, Map.of("lastEntries", "1"));
        assertThat(log.values().get("entries")).isEqualTo(List.of(Map.of("time", sync.values().get("deviceClock"), "code", "0x0051")));
        lab.advance(Duration.ofDays(1));
        OffsetDateTime dayLater = (OffsetDateTime) lab.send("4.1.2", esme).values().get("deviceClock");
        assertThat(Duration.between(lab.clock.instant(), dayLater.toInstant())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tariffAndPriceUpdatesChangeHowConsumptionIsSplitAndCharged() throws Exception {
        Map<String, Object> tariff = lab.send("4.11.1", esme).values();
        assertThat(tariff.get("switches")).isEqualTo(List.of(Map.of("at", "00:00", "rate", 1L),
                Map.of("at", "00:30", "rate", 2L), Map.of("at", "07:30", "rate", 1L)));
        assertThat((List<BigDecimal>) tariff.get("ratePricesPencePerKWh")).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("28.60"), new BigDecimal("14.20"));

        // all day on rate 1 from now: rate 2 stops advancing
        ServiceResponse updated = lab.send("1.1.1", esme, Map.of("switches", "00:00=1"));
        assertThat(updated.succeeded()).as(updated.detail()).isTrue();
        assertThat(updated.values().get("switches")).isEqualTo(List.of(Map.of("at", "00:00", "rate", 1L)));
        Map<String, Object> before = lab.send("4.1.1", esme).values();
        lab.advance(Duration.ofHours(6));
        Map<String, Object> after = lab.send("4.1.1", esme).values();
        assertThat(wh(after, "activeImportRate2")).isEqualByComparingTo(wh(before, "activeImportRate2"));
        assertThat(wh(after, "activeImportRate1")).isGreaterThan(wh(before, "activeImportRate1"));

        // a table using a rate without a price is refused by the meter
        ServiceResponse noPrice = lab.send("1.1.1", esme, Map.of("switches", "00:00=1,12:00=3"));
        assertThat(noPrice.deviceResult()).isEqualTo("other-reason");

        // free energy and no standing charge: the balance stops moving
        lab.send("1.2.1", esme, Map.of("prices", "0,0", "standingCharge", "0"));
        Object balance = lab.send("4.18", esme).values().get("meterBalance");
        lab.advance(Duration.ofDays(2));
        assertThat(lab.send("4.18", esme).values().get("meterBalance")).isEqualTo(balance);
        Map<String, Object> read = lab.send("4.11.1", esme).values();
        assertThat(read.get("standingChargePencePerDay")).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void aDisplayMessageIsStoredForTheMeterAndItsIhd() throws Exception {
        ServiceResponse shown = lab.send("3.1", esme, Map.of("message", "Your tariff changes on 1 April"));
        assertThat(shown.values()).containsEntry("message", "Your tariff changes on 1 April");
        ServiceResponse tooLong = lab.send("3.1", esme, Map.of("message", "x".repeat(161)));
        assertThat(tooLong.deviceResult()).isEqualTo("other-reason");
        assertThat(lab.simulators.simulator("DMC-ECHO").orElseThrow().device("ECHO-ESME").orElseThrow()
                .metering().displayMessage()).isEqualTo("Your tariff changes on 1 April");
    }
}
