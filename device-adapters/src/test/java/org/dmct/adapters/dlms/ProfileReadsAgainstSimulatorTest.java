package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.FrameDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 4.8.1 (half-hourly profile), 4.6.1 (daily read log) and 6.13 by entry, through the DLMS adapter against the
 * simulators of the CI lab: default windows, explicit ranges, an empty range, reads beyond entries_in_use, the units
 * from the register's scaler_unit, agreement with the register and between the two profiles, and the loud errors.
 */
class ProfileReadsAgainstSimulatorTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestLab lab;

    @BeforeAll
    static void start() {
        lab = new TestLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static ServiceRequest request(String srv, String device, DeviceType type, Map<String, Object> params) {
        return new ServiceRequest("p" + IDS.incrementAndGet(), srv, device, type, params, 1);
    }

    private static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type,
                                        Map<String, Object> params) throws Exception {
        ServiceResponse r = adapter.execute(request(srv, device, type, params)).get(30, TimeUnit.SECONDS);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(ServiceResponse r) {
        assertThat(r.succeeded()).as(r.detail()).isTrue();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
        assertThat(r.values().get("entryCount")).isEqualTo((long) entries.size());
        return entries;
    }

    private static OffsetDateTime time(Map<String, Object> entry) {
        return (OffsetDateTime) entry.get("time");
    }

    private static Quantity value(Map<String, Object> entry) {
        return (Quantity) entry.get("value");
    }

    private static OffsetDateTime lastHalfHour() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        return now.withMinute(now.getMinute() < 30 ? 0 : 30);
    }

    @Test
    void halfHourlyProfileOfTheLastDayEndsAtTheRegistersValueAndNeverGoesBackwards() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "4.8.1", "ALPHA-ESME", DeviceType.ESME, Map.of());
            List<Map<String, Object>> entries = entries(r);
            // 24 hours of half-hours, both ends inclusive: 48, or 49 when the window starts on a boundary.
            assertThat(entries.size()).isBetween(48, 49);
            for (int i = 1; i < entries.size(); i++) {
                assertThat(Duration.between(time(entries.get(i - 1)), time(entries.get(i)))).isEqualTo(Duration.ofMinutes(30));
                assertThat(value(entries.get(i)).value()).isGreaterThanOrEqualTo(value(entries.get(i - 1)).value());
            }
            assertThat(time(entries.get(entries.size() - 1)).getMinute() % 30).isZero();
            Quantity register = (Quantity) send(a, "4.1.1", "ALPHA-ESME", DeviceType.ESME, Map.of()).values()
                    .get("activeImportTotal");
            // The register advances within the half-hour since the last capture: by at most a peak half-hour's use.
            Quantity last = value(entries.get(entries.size() - 1));
            assertThat(register.value().subtract(last.value())).isBetween(BigDecimal.ZERO, new BigDecimal("570"));
            assertThat(r.values().get("lastValue")).isEqualTo(last);
            assertThat(r.values().get("firstValue")).isEqualTo(value(entries.get(0)));
            // Consumption happened in the day: the history is not flat.
            assertThat(value(entries.get(0)).value()).isLessThan(register.value());
        }
    }

    @Test
    void halfHourlyProfileByRangeHasExactlyTheCapturesInTheRange() throws Exception {
        OffsetDateTime from = lastHalfHour().minusHours(5);
        try (DlmsAdapter b = lab.open("DMC-BRAVO")) {
            ServiceResponse r = send(b, "4.8.1", "BRAVO-ESME", DeviceType.ESME,
                    Map.of("from", from.toString(), "to", from.plusMinutes(90).toString()));
            List<Map<String, Object>> entries = entries(r);
            assertThat(entries).extracting(e -> time(e).toInstant()).containsExactly(from.toInstant(),
                    from.plusMinutes(30).toInstant(), from.plusMinutes(60).toInstant(), from.plusMinutes(90).toInstant());
            // Borealis counts in units of 10 Wh: the values are whole multiples of 10 Wh.
            assertThat(entries).allSatisfy(e -> {
                assertThat(value(e).unit()).isEqualTo("Wh");
                assertThat(value(e).value().remainder(BigDecimal.TEN)).isEqualByComparingTo("0");
            });
            // The gas meter's profile comes in m3 with its scaler of -3.
            ServiceResponse gas = send(b, "4.8.1", "BRAVO-GSME", DeviceType.GSME,
                    Map.of("from", from.toString(), "to", from.plusMinutes(90).toString()));
            assertThat(entries(gas)).hasSize(4).allSatisfy(e -> assertThat(value(e).unit()).isEqualTo("m3"));
            assertThat(value(entries(gas).get(3)).value()).isLessThanOrEqualTo(new BigDecimal("4521.337"));
        }
    }

    @Test
    void dailyReadLogHasOneEntryPerMidnightAgreeingWithTheHalfHourlyProfile() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            List<Map<String, Object>> week = entries(send(a, "4.6.1", "ALPHA-GSME", DeviceType.GSME, Map.of()));
            assertThat(week.size()).isBetween(7, 8);
            assertThat(week).allSatisfy(e -> {
                assertThat(time(e).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
                assertThat(value(e).unit()).isEqualTo("m3");
            });
            for (int i = 1; i < week.size(); i++) {
                assertThat(Duration.between(time(week.get(i - 1)), time(week.get(i)))).isEqualTo(Duration.ofDays(1));
                assertThat(value(week.get(i)).value()).isGreaterThanOrEqualTo(value(week.get(i - 1)).value());
            }

            OffsetDateTime midnight = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(2);
            Map<String, Object> at = Map.of("from", midnight.toString(), "to", midnight.toString());
            List<Map<String, Object>> daily = entries(send(a, "4.6.1", "ALPHA-ESME", DeviceType.ESME, at));
            List<Map<String, Object>> halfHourly = entries(send(a, "4.8.1", "ALPHA-ESME", DeviceType.ESME, at));
            assertThat(daily).hasSize(1);
            assertThat(halfHourly).hasSize(1);
            assertThat(time(daily.get(0))).isEqualTo(time(halfHourly.get(0)));
            assertThat(value(daily.get(0))).isEqualTo(value(halfHourly.get(0)));
        }
    }

    @Test
    void aRangeWithNoCapturesIsAnEmptyAnswerNotAnError() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            Map<String, Object> longAgo = Map.of("from", "2001-01-01T00:00:00Z", "to", "2001-01-31T00:00:00Z");
            for (String srv : List.of("4.8.1", "4.6.1")) {
                ServiceResponse r = send(a, srv, "ALPHA-ESME", DeviceType.ESME, longAgo);
                assertThat(entries(r)).isEmpty();
                assertThat(r.values()).containsEntry("entryCount", 0L).doesNotContainKeys("firstValue", "lastValue");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventLogByLastEntriesReadsTheNewestOnesAndNoMoreThanExist() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            List<Map<String, Object>> whole = entries(send(a, "6.13", "ALPHA-ESME", DeviceType.ESME, Map.of()));
            assertThat(whole).hasSizeGreaterThanOrEqualTo(40);

            ServiceResponse last5 = send(a, "6.13", "ALPHA-ESME", DeviceType.ESME, Map.of("lastEntries", 5));
            assertThat(entries(last5)).isEqualTo(whole.subList(whole.size() - 5, whole.size()));
            // entries_in_use (attribute 7) first, then the buffer by entry (selector 2): two GETs on the wire.
            List<byte[]> gets = lab.frames.stream().filter(f -> last5.requestId().equals(f.requestId())
                    && f.direction() == FrameDirection.SENT && f.bytes()[8] == (byte) 0xC0).map(TestLab.Frame::bytes).toList();
            assertThat(gets).hasSize(2);
            assertThat(gets.get(0)[8 + 2 + 1 + 2 + 6]).as("attribute of the first GET").isEqualTo((byte) 7);
            assertThat(gets.get(1)[8 + 2 + 1 + 2 + 6]).as("attribute of the second GET").isEqualTo((byte) 2);
            assertThat(gets.get(1)[8 + 2 + 1 + 2 + 6 + 1 + 1]).as("access selector").isEqualTo((byte) 2);

            // More than entries_in_use: the device answers the entries it has, as the Blue Book says.
            ServiceResponse all = send(a, "6.13", "ALPHA-ESME", DeviceType.ESME, Map.of("lastEntries", 100_000));
            assertThat(entries(all)).isEqualTo(whole);
        }
    }

    @Test
    void malformedParametersFailLoudly() {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            assertLoud(a, request("4.8.1", "ALPHA-ESME", DeviceType.ESME, Map.of("from", "yesterday")),
                    "SRV 4.8.1 parameters from/to must be ISO-8601");
            assertLoud(a, request("4.6.1", "ALPHA-ESME", DeviceType.ESME, Map.of("to", "2026-13-01T00:00:00Z")),
                    "SRV 4.6.1 parameters from/to must be ISO-8601");
            assertLoud(a, request("4.8.1", "ALPHA-ESME", DeviceType.ESME,
                    Map.of("from", "2026-01-02T00:00:00Z", "to", "2026-01-01T00:00:00Z")), "is after to");
            assertLoud(a, request("6.13", "ALPHA-ESME", DeviceType.ESME, Map.of("lastEntries", "-3")),
                    "lastEntries '-3' is not a whole number");
            assertLoud(a, request("6.13", "ALPHA-ESME", DeviceType.ESME, Map.of("lastEntries", "five")),
                    "lastEntries 'five'");
            assertLoud(a, request("6.13", "ALPHA-ESME", DeviceType.ESME,
                    Map.of("lastEntries", 5, "from", "2026-01-01T00:00:00Z")), "either lastEntries or from/to");
        }
    }

    private static void assertLoud(DlmsAdapter a, ServiceRequest request, String message) {
        assertThatThrownBy(() -> a.execute(request).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(lab.frames).noneMatch(f -> request.requestId().equals(f.requestId()));
    }

    @Test
    void aProfileWithoutTheSrvIsE11WithoutTouchingTheDevice() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            for (String srv : List.of("4.8.1", "4.6.1")) {
                ServiceResponse r = send(a, srv, "ALPHA-CHF", DeviceType.CHF, Map.of());
                assertThat(r.code()).isEqualTo(ResponseCode.E11);
                assertThat(lab.frames).noneMatch(f -> r.requestId().equals(f.requestId()));
            }
        }
    }

    @Test
    void aDeviceAnsweringWithTheWrongShapeIsE20NamingWhatItSent() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(lab.group, ScriptedPeer.Behaviour.ANSWER)) {
            LabDmc dmc = lab.dmc("DMC-ALPHA");
            dmc = dmc.withLink(dmc.link().withPort(peer.port()));
            try (DlmsAdapter a = (DlmsAdapter) new DlmsAdapterProvider().open(lab.context(dmc, Duration.ofSeconds(5)))) {
                ServiceResponse r = send(a, "4.8.1", "ALPHA-ESME", DeviceType.ESME, Map.of());
                assertThat(r.code()).isEqualTo(ResponseCode.E20);
                assertThat(r.detail()).contains("ALPHA-ESME answered loadProfile capture_objects with octet-string");
            }
        }
    }
}
