package org.dmct.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabLoader;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.sim.cosem.CosemObject.AttributeRead;
import org.junit.jupiter.api.Test;

/**
 * The simulated load profile and daily read log of the CI lab's meters: built from the profile's functions and
 * simulation section, consistent with the register, aligned to the device clock, and the same on every build.
 */
class RegisterProfilesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:47:12Z");
    private static final Lab LAB = new LabLoader().load(Path.of(System.getProperty("user.dir"))
            .resolve("../lab-config/labs/ci-simulated.yaml").normalize());

    private static SimulatedDevice device(String dmc, String id) {
        LabDevice d = LAB.dmc(dmc).orElseThrow().device(id).orElseThrow();
        return new SimulatedDevice(d, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<DlmsData> buffer(SimulatedDevice device, String obis) {
        AttributeRead read = device.get(AttributeDescriptor.of(7, obis, 2), null);
        assertThat(read.isSuccess()).as("%s", read.error()).isTrue();
        return read.data().asList().orElseThrow();
    }

    private static OffsetDateTime time(DlmsData row) {
        return row.asList().orElseThrow().get(0).asDateTime().flatMap(CosemDateTime::toOffsetDateTime).orElseThrow();
    }

    private static long value(DlmsData row) {
        return row.asList().orElseThrow().get(1).asLong().orElseThrow();
    }

    @Test
    void loadProfileEndsAtTheRegisterAndGoesBackHalfHourByHalfHour() {
        SimulatedDevice esme = device("DMC-ALPHA", "ALPHA-ESME");
        List<DlmsData> rows = buffer(esme, "1-0:99.1.0.255");
        assertThat(rows).hasSize(480);
        assertThat(time(rows.get(479))).isEqualTo(OffsetDateTime.parse("2026-11-23T10:30:00Z"));
        assertThat(time(rows.get(0))).isEqualTo(OffsetDateTime.parse("2026-11-23T10:30:00Z").minusMinutes(30L * 479));
        // The register reads its initial value at the moment the device is built (10:47:12); the capture at 10:30
        // holds what it read then, 17 minutes of consumption less.
        assertThat(1_234_568L - value(rows.get(479))).isBetween(0L, 570L);
        for (int i = 1; i < rows.size(); i++) {
            long step = value(rows.get(i)) - value(rows.get(i - 1));
            // Between 45 Wh (night, lowest jitter) and 570 Wh (evening peak, highest jitter) a half-hour.
            assertThat(step).as("consumption before %s", time(rows.get(i))).isBetween(45L, 570L);
        }
        DlmsData register = esme.get(AttributeDescriptor.of(3, "1-0:1.8.0.255", 2), null).data();
        assertThat(register.asLong().orElseThrow()).isEqualTo(1_234_568L);
    }

    @Test
    void dailyReadLogHoldsTheHalfHourlyValueAtEachMidnight() {
        SimulatedDevice gsme = device("DMC-ALPHA", "ALPHA-GSME");
        List<DlmsData> daily = buffer(gsme, "7-0:99.2.0.255");
        List<DlmsData> halfHourly = buffer(gsme, "7-0:99.1.0.255");
        assertThat(daily).hasSize(31);
        assertThat(time(daily.get(30))).isEqualTo(OffsetDateTime.parse("2026-11-23T00:00:00Z"));
        int matched = 0;
        for (DlmsData day : daily) {
            assertThat(time(day).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
            for (DlmsData slot : halfHourly) {
                if (time(slot).equals(time(day))) {
                    assertThat(value(slot)).as("at %s", time(day)).isEqualTo(value(day));
                    matched++;
                }
            }
        }
        // Ten days of half-hours cover the last ten midnights.
        assertThat(matched).isEqualTo(10);
        assertThat(value(daily.get(30))).isLessThan(4_521_337L);
        assertThat(gsme.get(AttributeDescriptor.of(7, "7-0:99.2.0.255", 4), null).data()).isEqualTo(DlmsData.u32(86_400));
    }

    @Test
    void theHistoryIsTheSameOnEveryBuildAndDiffersBetweenMeters() {
        List<DlmsData> once = buffer(device("DMC-ALPHA", "ALPHA-GSME"), "7-0:99.1.0.255");
        List<DlmsData> again = buffer(device("DMC-ALPHA", "ALPHA-GSME"), "7-0:99.1.0.255");
        List<DlmsData> otherMeter = buffer(device("DMC-BRAVO", "BRAVO-GSME"), "7-0:99.1.0.255");
        assertThat(again).isEqualTo(once);
        assertThat(otherMeter).isNotEqualTo(once);
        // Both start from the profile's initial value; only their pasts differ.
        assertThat(value(otherMeter.get(otherMeter.size() - 1))).isLessThanOrEqualTo(4_521_337L);
        assertThat(value(once.get(once.size() - 1))).isLessThanOrEqualTo(4_521_337L);
    }

    @Test
    void aProfileWithoutTheRegisterProfilesLeavesThemUndefined() {
        SimulatedDevice chf = device("DMC-ALPHA", "ALPHA-CHF");
        assertThat(chf.get(AttributeDescriptor.of(7, "1-0:99.1.0.255", 2), null).error())
                .isEqualTo(org.dmct.dlms.cosem.DataAccessResult.OBJECT_UNDEFINED);
    }
}
