package org.dmct.dlms.cosem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosemDateTimeTest {

    @Test
    void decodesTheVectorClock() {
        CosemDateTime t = CosemDateTime.fromBytes(Vectors.bytes("07EA0B16FF0B0D2AFF000000"));
        assertThat(t).isEqualTo(new CosemDateTime(2026, 11, 22, 0xFF, 11, 13, 42, 0xFF, 0, 0));
        assertThat(t.toOffsetDateTime()).contains(OffsetDateTime.of(2026, 11, 22, 11, 13, 42, 0, ZoneOffset.UTC));
        assertThat(Vectors.hex(t.toBytes())).isEqualTo("07EA0B16FF0B0D2AFF000000");
        assertThat(t.toString()).isEqualTo("CosemDateTime[2026-11-22 dow * 11:13:42.** deviation 0 status 0x00]");
    }

    @Test
    void deviationHasTheOppositeSignOfTheIsoOffset() {
        OffsetDateTime paris = OffsetDateTime.of(2026, 7, 1, 14, 30, 5, 120_000_000, ZoneOffset.ofHours(2));
        CosemDateTime t = CosemDateTime.of(paris);
        assertThat(t.deviation()).isEqualTo(-120);
        assertThat(t.dayOfWeek()).isEqualTo(3); // Wednesday
        assertThat(t.hundredths()).isEqualTo(12);
        assertThat(t.clockStatus()).isZero();
        assertThat(Vectors.hex(t.toBytes())).isEqualTo("07EA0701030E1E050CFF8800");
        assertThat(t.toOffsetDateTime()).contains(paris);
        assertThat(CosemDateTime.of(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5))).deviation())
                .isEqualTo(300);
    }

    @Test
    void roundTripsThroughBytes() {
        CosemDateTime t = CosemDateTime.of(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 990_000_000, ZoneOffset.ofHoursMinutes(5, 45)));
        assertThat(CosemDateTime.fromBytes(t.toBytes())).isEqualTo(t);
        assertThat(CosemDateTime.fromBytes(t.toBytes()).hashCode()).isEqualTo(t.hashCode());
    }

    @Test
    void unspecifiedFieldsGiveNoInstant() {
        CosemDateTime wild = CosemDateTime.fromBytes(Vectors.bytes("FFFFFFFFFFFFFFFFFF8000FF"));
        assertThat(wild.year()).isEqualTo(CosemDateTime.YEAR_NOT_SPECIFIED);
        assertThat(wild.deviation()).isEqualTo(CosemDateTime.DEVIATION_NOT_SPECIFIED);
        assertThat(wild.toOffsetDateTime()).isEmpty();
        assertThat(wild.toLocalDateTime()).isEmpty();
        assertThat(Vectors.hex(wild.toBytes())).isEqualTo("FFFFFFFFFFFFFFFFFF8000FF");
        assertThat(wild.toString()).contains("****-**-**").contains("deviation *");

        CosemDateTime noDeviation = CosemDateTime.ofLocal(LocalDateTime.of(2026, 11, 22, 12, 0));
        assertThat(noDeviation.toLocalDateTime()).contains(LocalDateTime.of(2026, 11, 22, 12, 0));
        assertThat(noDeviation.toOffsetDateTime()).isEmpty();

        CosemDateTime lastDay = new CosemDateTime(2026, 3, CosemDateTime.LAST_DAY, 0xFF, 1, 0, 0, 0, 0, 0);
        assertThat(lastDay.toOffsetDateTime()).isEmpty();
        CosemDateTime noSeconds = new CosemDateTime(2026, 3, 1, 0xFF, 1, 0, 0xFF, 0xFF, 0, 0);
        assertThat(noSeconds.toOffsetDateTime()).isEmpty();
        CosemDateTime feb30 = new CosemDateTime(2026, 2, 30, 0xFF, 1, 0, 0, 0, 0, 0);
        assertThat(feb30.toOffsetDateTime()).isEmpty();
    }

    @Test
    void daylightSavingBit() {
        assertThat(new CosemDateTime(2026, 7, 1, 0xFF, 1, 0, 0, 0, -60, 0x80).daylightSavingActive()).isTrue();
        assertThat(new CosemDateTime(2026, 7, 1, 0xFF, 1, 0, 0, 0, -60, 0xFF).daylightSavingActive()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "07EA0D16FF0B0D2AFF000000, month",
            "07EA0B00FF0B0D2AFF000000, day of month",
            "07EA0B1608000D2AFF000000, day of week",
            "07EA0B16FF180D2AFF000000, hour",
            "07EA0B16FF0B3C2AFF000000, minute",
            "07EA0B16FF0B0D3CFF000000, second",
            "07EA0B16FF0B0D2A64000000, hundredths",
            "07EA0B16FF0B0D2AFF02D100, deviation",
            "07EA0B16FF0B0D2AFFFD2F00, deviation"})
    void rejectsOutOfRangeFields(String hex, String field) {
        assertThatThrownBy(() -> CosemDateTime.fromBytes(Vectors.bytes(hex)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    void rejectsWrongLengthAndUnencodableTimes() {
        assertThatThrownBy(() -> CosemDateTime.fromBytes(new byte[11])).hasMessageContaining("12 bytes, got 11");
        assertThatThrownBy(() -> CosemDateTime.of(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(14))))
                .hasMessageContaining("deviation");
        assertThatThrownBy(() -> CosemDateTime.of(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(30))))
                .hasMessageContaining("whole number of minutes");
        assertThatThrownBy(() -> CosemDateTime.of(OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .hasMessageContaining("year");
    }
}
