package org.dmct.sim.cosem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;
import org.dmct.sim.cosem.CosemObject.AttributeRead;
import org.dmct.sim.cosem.CosemObject.SelectiveRead;
import org.dmct.sim.cosem.ProfileGenericObject.CaptureObject;
import org.junit.jupiter.api.Test;

/**
 * The profile generic object's attributes and selective access as the Blue Book defines them, for an event log
 * (rows appended) and a periodic profile (rows captured from a sampler as a controllable clock advances).
 */
class ProfileGenericObjectTest {
    private static final ObisCode LOG = ObisCode.parse("0-0:99.98.0.255");
    private static final ObisCode PROFILE = ObisCode.parse("1-0:99.1.0.255");
    private static final CaptureObject CLOCK = new CaptureObject(8, ObisCode.parse("0-0:1.0.0.255"), 2, 0);
    private static final CaptureObject REGISTER = new CaptureObject(3, ObisCode.parse("1-0:1.8.0.255"), 2, 0);
    private static final CaptureObject STATUS = new CaptureObject(1, ObisCode.parse("0-0:96.10.1.255"), 2, 0);
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-03-01T00:00:00Z");

    private static DlmsData time(OffsetDateTime t) {
        return DlmsData.dateTimeOctets(CosemDateTime.of(t));
    }

    private static ProfileGenericObject eventLog(int events) {
        ProfileGenericObject log = ProfileGenericObject.eventLog(LOG, ProfileGenericObject.CLOCK, 10);
        for (int i = 1; i <= events; i++) {
            log.append(List.of(time(T0.plusHours(i)), DlmsData.u16(i)));
        }
        return log;
    }

    private static List<DlmsData> rows(AttributeRead read) {
        assertThat(read.isSuccess()).as("read failed: %s", read.error()).isTrue();
        return read.data().asList().orElseThrow();
    }

    private static List<DlmsData> cells(DlmsData row) {
        return row.asList().orElseThrow();
    }

    private static SelectiveRead byEntry(long from, long to, int fromColumn, int toColumn) {
        return new SelectiveRead(2, DlmsData.structure(DlmsData.u32(from), DlmsData.u32(to), DlmsData.u16(fromColumn),
                DlmsData.u16(toColumn)));
    }

    private static SelectiveRead byRange(CaptureObject on, DlmsData from, DlmsData to, CaptureObject... columns) {
        return new SelectiveRead(1, DlmsData.structure(on.toData(), from, to,
                DlmsData.array(java.util.Arrays.stream(columns).map(CaptureObject::toData).toList())));
    }

    @Test
    void eventLogKeepsTheNewestProfileEntriesAndServesItsAttributes() {
        ProfileGenericObject log = eventLog(12);
        assertThat(rows(log.get(2, null))).hasSize(10);
        assertThat(cells(rows(log.get(2, null)).get(0)).get(1)).isEqualTo(DlmsData.u16(3));
        assertThat(log.get(3, null).data()).isEqualTo(DlmsData.array(CLOCK.toData(),
                new CaptureObject(1, ProfileGenericObject.EVENT_CODE, 2, 0).toData()));
        assertThat(log.get(4, null).data()).isEqualTo(DlmsData.u32(0));
        assertThat(log.get(5, null).data()).isEqualTo(DlmsData.enumValue(1));
        assertThat(log.get(6, null).data()).isEqualTo(CLOCK.toData());
        assertThat(log.get(7, null).data()).isEqualTo(DlmsData.u32(10));
        assertThat(log.get(8, null).data()).isEqualTo(DlmsData.u32(10));
        assertThat(log.get(9, null).error()).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        assertThat(log.set(7, DlmsData.u32(1))).isEqualTo(DataAccessResult.READ_WRITE_DENIED);
    }

    @Test
    void byEntryBeyondEntriesInUseAnswersTheEntriesThatExist() {
        ProfileGenericObject log = eventLog(5);
        List<DlmsData> rows = rows(log.get(2, byEntry(4, 100, 1, 0)));
        assertThat(rows).hasSize(2);
        assertThat(cells(rows.get(1)).get(1)).isEqualTo(DlmsData.u16(5));
        assertThat(rows(log.get(2, byEntry(6, 0, 1, 0)))).isEmpty();
        assertThat(rows(log.get(2, byEntry(1, 0, 1, 0)))).hasSize(5);
    }

    @Test
    void byEntrySelectsColumns() {
        ProfileGenericObject log = eventLog(5);
        List<DlmsData> codes = rows(log.get(2, byEntry(2, 3, 2, 2)));
        assertThat(codes).containsExactly(DlmsData.structure(DlmsData.u16(2)), DlmsData.structure(DlmsData.u16(3)));
        List<DlmsData> times = rows(log.get(2, byEntry(2, 2, 1, 1)));
        assertThat(times).containsExactly(DlmsData.structure(time(T0.plusHours(2))));
        // Columns that do not exist, or a from after the to, are refused.
        assertThat(log.get(2, byEntry(1, 0, 3, 0)).error()).isEqualTo(DataAccessResult.OTHER_REASON);
        assertThat(log.get(2, byEntry(1, 0, 2, 1)).error()).isEqualTo(DataAccessResult.OTHER_REASON);
        assertThat(log.get(2, byEntry(0, 0, 1, 0)).error()).isEqualTo(DataAccessResult.OTHER_REASON);
    }

    @Test
    void byRangeFiltersOnTheRestrictingColumnAndSelectsColumns() {
        ProfileGenericObject log = eventLog(8);
        List<DlmsData> rows = rows(log.get(2, byRange(CLOCK, time(T0.plusHours(3)), time(T0.plusHours(5)))));
        assertThat(rows).extracting(r -> cells(r).get(1)).containsExactly(DlmsData.u16(3), DlmsData.u16(4), DlmsData.u16(5));
        CaptureObject code = new CaptureObject(1, ProfileGenericObject.EVENT_CODE, 2, 0);
        List<DlmsData> codesOnly = rows(log.get(2, byRange(CLOCK, time(T0.plusHours(3)), time(T0.plusHours(5)), code)));
        assertThat(codesOnly).extracting(r -> cells(r)).containsExactly(List.of(DlmsData.u16(3)), List.of(DlmsData.u16(4)),
                List.of(DlmsData.u16(5)));
        // By range on a numeric column, with the columns in the order asked for.
        List<DlmsData> swapped = rows(log.get(2, byRange(code, DlmsData.u16(7), DlmsData.u16(100), code, CLOCK)));
        assertThat(swapped).extracting(r -> cells(r)).containsExactly(List.of(DlmsData.u16(7), time(T0.plusHours(7))),
                List.of(DlmsData.u16(8), time(T0.plusHours(8))));
        // A range on, or a column of, something the profile does not capture is refused; so are malformed limits.
        assertThat(log.get(2, byRange(REGISTER, DlmsData.u32(0), DlmsData.u32(9))).error())
                .isEqualTo(DataAccessResult.OTHER_REASON);
        assertThat(log.get(2, byRange(CLOCK, time(T0), time(T0.plusDays(1)), STATUS)).error())
                .isEqualTo(DataAccessResult.OTHER_REASON);
        assertThat(log.get(2, byRange(CLOCK, DlmsData.u32(0), time(T0))).error()).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
        assertThat(log.get(2, new SelectiveRead(3, DlmsData.array())).error())
                .isEqualTo(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        assertThat(log.get(2, new SelectiveRead(1, DlmsData.u8(1))).error()).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
    }

    @Test
    void periodicProfileStartsFullAlignedToThePeriodAndCatchesUpWithTheClock() {
        AtomicReference<OffsetDateTime> now = new AtomicReference<>(T0.plusMinutes(75));
        ProfileGenericObject p = ProfileGenericObject.periodic(PROFILE, List.of(CLOCK, REGISTER), 4, Duration.ofMinutes(30),
                now::get, at -> List.of(time(at), DlmsData.u32(at.toEpochSecond() / 60)));
        assertThat(p.get(4, null).data()).isEqualTo(DlmsData.u32(1800));
        assertThat(p.get(7, null).data()).isEqualTo(DlmsData.u32(4));
        assertThat(p.get(8, null).data()).isEqualTo(DlmsData.u32(4));
        assertThat(p.get(3, null).data()).isEqualTo(DlmsData.array(CLOCK.toData(), REGISTER.toData()));
        assertThat(rows(p.get(2, null))).extracting(r -> cells(r).get(0)).containsExactly(time(T0.minusMinutes(30)),
                time(T0), time(T0.plusMinutes(30)), time(T0.plusMinutes(60)));

        now.set(T0.plusMinutes(125));
        assertThat(rows(p.get(2, null))).extracting(r -> cells(r).get(0)).containsExactly(time(T0.plusMinutes(30)),
                time(T0.plusMinutes(60)), time(T0.plusMinutes(90)), time(T0.plusMinutes(120)));
        // A clock set back captures nothing until it passes the last capture again.
        now.set(T0);
        assertThat(rows(p.get(2, null))).hasSize(4);
        assertThat(cells(rows(p.get(2, byEntry(0 + 4, 4, 1, 0))).get(0)).get(0)).isEqualTo(time(T0.plusMinutes(120)));
        // A clock set far ahead costs one buffer, not every missed period.
        now.set(T0.plusYears(5));
        List<DlmsData> later = rows(p.get(2, null));
        assertThat(later).hasSize(4);
        assertThat(cells(later.get(3)).get(1)).isEqualTo(DlmsData.u32(T0.plusYears(5).toEpochSecond() / 60));
    }
}
