package org.dmct.core.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Working-day arithmetic over the shipped England-and-Wales bank holiday file, with real dates. */
class WorkingDayCalendarTest {
    static final Path SHIPPED = repo().resolve(WorkingDayCalendar.DEFAULT_FILE);

    static Path repo() {
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    final WorkingDayCalendar cal = WorkingDayCalendar.load(SHIPPED);

    @TempDir
    Path dir;

    @Test
    void theShippedFileHoldsGovUkDatesForEveryYear() {
        assertThat(cal.bankHolidays()).hasSize(40);
        assertThat(cal.bankHolidays()).contains(
                LocalDate.parse("2024-03-29"), LocalDate.parse("2024-12-26"),
                LocalDate.parse("2025-04-21"), LocalDate.parse("2025-08-25"),
                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06"),
                LocalDate.parse("2026-05-04"), LocalDate.parse("2026-05-25"), LocalDate.parse("2026-08-31"),
                LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-28"),
                LocalDate.parse("2027-03-26"), LocalDate.parse("2027-12-27"), LocalDate.parse("2027-12-28"),
                LocalDate.parse("2028-01-03"), LocalDate.parse("2028-04-14"), LocalDate.parse("2028-05-01"));
        // Boxing Day 2026 is a Saturday: the holiday is the substitute Monday, the Saturday is a weekend anyway.
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-12-28"))).isFalse();
        assertThat(cal.isWorkingDay(LocalDate.parse("2026-12-29"))).isTrue();
    }

    @Test
    void countingSkipsWeekendsAndBankHolidays() {
        // Friday 2026-04-02 + 1: Good Friday, the weekend, Easter Monday are skipped: Tuesday 7 April.
        assertThat(cal.addWorkingDays(LocalDate.parse("2026-04-02"), 1)).isEqualTo("2026-04-07");
        // Certificate on Friday 2026-11-20: 20 working days (no holiday in between) is Friday 18 December.
        assertThat(cal.addWorkingDays(LocalDate.parse("2026-11-20"), 20)).isEqualTo("2026-12-18");
        // Certificate on Monday 2026-12-07: 20 working days skip 25 and 28 December and 1 January 2027 (Friday):
        // 8-11 Dec (4), 14-18 (9), 21-24 (13), 29-31 (16), 4-7 Jan (20).
        assertThat(cal.addWorkingDays(LocalDate.parse("2026-12-07"), 20)).isEqualTo("2027-01-07");
        // 40 working days from Monday 2026-11-23, the same three holidays skipped.
        assertThat(cal.addWorkingDays(LocalDate.parse("2026-11-23"), 40)).isEqualTo("2027-01-21");
        // 60 working days from 2027-02-01 crosses Good Friday and Easter Monday 2027 (26 and 29 March).
        assertThat(cal.addWorkingDays(LocalDate.parse("2027-02-01"), 60)).isEqualTo("2027-04-28");
        assertThat(cal.addWorkingDays(LocalDate.parse("2026-11-20"), 0)).isEqualTo("2026-11-20");
        assertThat(cal.workingDaysBetween(LocalDate.parse("2026-12-24"), LocalDate.parse("2027-01-04"))).isEqualTo(4);
    }

    @Test
    void countingPastTheCoveredYearsFailsLoudly() {
        assertThatThrownBy(() -> cal.addWorkingDays(LocalDate.parse("2028-12-01"), 40))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("covers 2024-2028")
                .hasMessageContaining("2029-01-01");
        assertThatThrownBy(() -> cal.addWorkingDays(LocalDate.parse("2026-01-05"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyMalformedLineIsNamedWithFileAndLine() throws Exception {
        Path f = dir.resolve("holidays.txt");
        Files.write(f, List.of("years: 2026-2026", "2026-01-01 ok", "2026-02-30 impossible", "2026-12-26 Saturday",
                "2026-01-01 again", "2027-01-01 outside", "what is this", "years: 2026-2027"));
        assertThatThrownBy(() -> WorkingDayCalendar.load(f)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).hasSize(6);
            assertThat(e.getMessage()).contains(f + ":3:1: 2026-02-30: not a real date")
                    .contains(f + ":4:1: 2026-12-26: falls on a SATURDAY")
                    .contains(f + ":5:1: 2026-01-01: listed twice (first on line 2)")
                    .contains(f + ":7:1: expected a date")
                    .contains(f + ":8:1: years: a second years: line")
                    .contains(f + ":6:1: 2027-01-01: outside the years");
        });
        Path noYears = dir.resolve("no-years.txt");
        Files.write(noYears, List.of("2026-01-01"));
        assertThatThrownBy(() -> WorkingDayCalendar.load(noYears)).hasMessageContaining("missing the 'years:");
        Path backwards = dir.resolve("backwards.txt");
        Files.write(backwards, List.of("years: 2027-2026"));
        assertThatThrownBy(() -> WorkingDayCalendar.load(backwards)).hasMessageContaining("is before the first");
        assertThatThrownBy(() -> WorkingDayCalendar.load(dir.resolve("absent.txt")))
                .hasMessageContaining("cannot read the bank holiday file");
    }
}
