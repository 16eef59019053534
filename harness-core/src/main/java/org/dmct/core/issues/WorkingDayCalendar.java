package org.dmct.core.issues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;

/**
 * England-and-Wales working days, for the Work Off Plan timescales of SEC Appendix AK 15.1 (20, 40 and 60 Working
 * Days from the Test Completion Certificate). A working day is any Monday to Friday that is not a bank holiday; the
 * bank holidays come from a data file the lab keeps up to date (one ISO date per line, as gov.uk publishes them,
 * substitute days included) which declares the years it covers with a {@code years: FIRST-LAST} line. Counting
 * past the covered years fails loudly instead of silently treating unknown holidays as working days.
 */
public final class WorkingDayCalendar {
    /** Where the harness ships the calendar, relative to the repository (or installation) root. */
    public static final String DEFAULT_FILE = "lab-config/calendars/england-and-wales-bank-holidays.txt";

    private static final Pattern YEARS = Pattern.compile("years:\\s*(\\d{4})\\s*-\\s*(\\d{4})\\s*");
    private static final Pattern HOLIDAY = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(?:\\s+(.*))?");

    private final Map<LocalDate, String> holidays;
    private final int firstYear;
    private final int lastYear;
    private final Path source;

    private WorkingDayCalendar(Map<LocalDate, String> holidays, int firstYear, int lastYear, Path source) {
        this.holidays = Map.copyOf(holidays);
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.source = source;
    }

    /**
     * Reads a bank holiday file. Every problem (a line that is neither a comment, the {@code years:} line nor a date,
     * an impossible date, a date on a weekend or outside the declared years, a duplicate, no {@code years:} line) is
     * a {@link ConfigException} naming the file and line.
     */
    public static WorkingDayCalendar load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read the bank holiday file: " + e));
        }
        return parse(file, lines);
    }

    static WorkingDayCalendar parse(Path file, List<String> lines) {
        List<ConfigProblem> problems = new java.util.ArrayList<>();
        Map<LocalDate, String> holidays = new TreeMap<>();
        Map<LocalDate, Integer> lineOf = new TreeMap<>();
        int first = 0;
        int last = 0;
        int yearsLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            Matcher years = YEARS.matcher(content);
            if (years.matches()) {
                if (yearsLine != 0) {
                    problems.add(new ConfigProblem(file, lineNo, 1, "years", "a second years: line (the first is on"
                            + " line " + yearsLine + ")"));
                    continue;
                }
                yearsLine = lineNo;
                first = Integer.parseInt(years.group(1));
                last = Integer.parseInt(years.group(2));
                if (last < first) {
                    problems.add(new ConfigProblem(file, lineNo, 1, "years", "the last year " + last
                            + " is before the first " + first));
                }
                continue;
            }
            Matcher h = HOLIDAY.matcher(content);
            if (!h.matches()) {
                problems.add(new ConfigProblem(file, lineNo, 1, "", "expected a date as YYYY-MM-DD (then an optional"
                        + " name) or 'years: FIRST-LAST', found '" + content + "'"));
                continue;
            }
            LocalDate date;
            try {
                date = LocalDate.parse(h.group(1));
            } catch (DateTimeParseException e) {
                problems.add(new ConfigProblem(file, lineNo, 1, h.group(1), "not a real date"));
                continue;
            }
            if (isWeekend(date)) {
                problems.add(new ConfigProblem(file, lineNo, 1, h.group(1), "falls on a " + date.getDayOfWeek()
                        + ": list the substitute weekday gov.uk gives instead"));
                continue;
            }
            if (holidays.containsKey(date)) {
                problems.add(new ConfigProblem(file, lineNo, 1, h.group(1), "listed twice (first on line "
                        + lineOf.get(date) + ")"));
                continue;
            }
            holidays.put(date, h.group(2) == null ? "" : h.group(2).strip());
            lineOf.put(date, lineNo);
        }
        if (yearsLine == 0) {
            problems.add(new ConfigProblem(file, 0, 0, "years", "missing the 'years: FIRST-LAST' line saying which"
                    + " years the file covers"));
        } else {
            for (Map.Entry<LocalDate, Integer> e : lineOf.entrySet()) {
                int y = e.getKey().getYear();
                if (y < first || y > last) {
                    problems.add(new ConfigProblem(file, e.getValue(), 1, e.getKey().toString(), "outside the years"
                            + " the file declares (" + first + "-" + last + ")"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new WorkingDayCalendar(holidays, first, last, file);
    }

    /** The file the calendar was read from. */
    public Path source() {
        return source;
    }

    /** The bank holidays, by date, with their names. */
    public Set<LocalDate> bankHolidays() {
        return holidays.keySet();
    }

    /** True for Monday to Friday when not a bank holiday. */
    public boolean isWorkingDay(LocalDate date) {
        checkCovered(date);
        return !isWeekend(date) && !holidays.containsKey(date);
    }

    /**
     * The date {@code n} working days after {@code start}: the start day itself is not counted (a certificate issued
     * on a Friday with n = 1 gives the next Monday, or the Tuesday after a bank holiday Monday).
     *
     * @throws IllegalArgumentException when n is negative
     * @throws IllegalStateException when the count runs past the years the holiday file covers
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("working days must not be negative, was " + n);
        }
        LocalDate d = start;
        int counted = 0;
        while (counted < n) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                counted++;
            }
        }
        return d;
    }

    /** Working days after {@code from} up to and including {@code to} (0 when {@code to} is not after it). */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                count++;
            }
        }
        return count;
    }

    private void checkCovered(LocalDate date) {
        if (date.getYear() < firstYear || date.getYear() > lastYear) {
            throw new IllegalStateException("cannot count working days on " + date + ": the bank holiday file "
                    + source + " covers " + firstYear + "-" + lastYear + " only; add that year's dates from"
                    + " https://www.gov.uk/bank-holidays");
        }
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
