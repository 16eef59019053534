package org.dmct.dlms.cosem;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The 12-byte COSEM date-time of the Blue Book: year, month, day of month, day of week, hour,
 * minute, second, hundredths, deviation and clock status, where any field may be "not specified"
 * (0xFF, 0xFFFF for the year, 0x8000 for the deviation) and month and day have the special
 * values 0xFD/0xFE for daylight-saving end/begin and second-last/last day. It is carried either
 * as the date-time data type or, as most meters do for the clock, as a 12-byte octet-string.
 *
 * <p>The deviation is in minutes from local time to UTC, so it has the opposite sign of an ISO
 * offset: a meter at UTC+01:00 reports -60. {@link #of(OffsetDateTime)} and
 * {@link #toOffsetDateTime()} apply that convention.
 *
 * @param year 0..0xFFFE, or {@link #YEAR_NOT_SPECIFIED}
 * @param month 1..12, {@link #DAYLIGHT_SAVINGS_END}, {@link #DAYLIGHT_SAVINGS_BEGIN} or {@link #NOT_SPECIFIED}
 * @param dayOfMonth 1..31, {@link #SECOND_LAST_DAY}, {@link #LAST_DAY} or {@link #NOT_SPECIFIED}
 * @param dayOfWeek 1 (Monday)..7 (Sunday) or {@link #NOT_SPECIFIED}
 * @param hour 0..23 or {@link #NOT_SPECIFIED}
 * @param minute 0..59 or {@link #NOT_SPECIFIED}
 * @param second 0..59 or {@link #NOT_SPECIFIED}
 * @param hundredths 0..99 or {@link #NOT_SPECIFIED}
 * @param deviation -720..720 minutes, or {@link #DEVIATION_NOT_SPECIFIED}
 * @param clockStatus the status bits (see the {@code STATUS_} constants), 0xFF when not specified
 */
public record CosemDateTime(int year, int month, int dayOfMonth, int dayOfWeek, int hour, int minute,
                            int second, int hundredths, int deviation, int clockStatus) {

    /** Length of the encoding. */
    public static final int LENGTH = 12;
    /** "Not specified" for every one-byte field. */
    public static final int NOT_SPECIFIED = 0xFF;
    /** "Not specified" for the year. */
    public static final int YEAR_NOT_SPECIFIED = 0xFFFF;
    /** "Not specified" for the deviation. */
    public static final int DEVIATION_NOT_SPECIFIED = 0x8000;
    /** Month value meaning "the month daylight saving ends". */
    public static final int DAYLIGHT_SAVINGS_END = 0xFD;
    /** Month value meaning "the month daylight saving begins". */
    public static final int DAYLIGHT_SAVINGS_BEGIN = 0xFE;
    /** Day-of-month value meaning "second last day of the month". */
    public static final int SECOND_LAST_DAY = 0xFD;
    /** Day-of-month value meaning "last day of the month". */
    public static final int LAST_DAY = 0xFE;
    /** Clock status bit: the time is invalid. */
    public static final int STATUS_INVALID_VALUE = 0x01;
    /** Clock status bit: the time is doubtful. */
    public static final int STATUS_DOUBTFUL_VALUE = 0x02;
    /** Clock status bit: the clock runs from a different base than specified. */
    public static final int STATUS_DIFFERENT_CLOCK_BASE = 0x04;
    /** Clock status bit: the clock status itself is invalid. */
    public static final int STATUS_INVALID_CLOCK_STATUS = 0x08;
    /** Clock status bit: daylight saving is active. */
    public static final int STATUS_DAYLIGHT_SAVING_ACTIVE = 0x80;

    /** Rejects field values the Blue Book does not define. */
    public CosemDateTime {
        if (year < 0 || year > 0xFFFF) {
            throw new IllegalArgumentException("date-time year must be 0..65534 or 0xFFFF, got " + year);
        }
        if (!(month >= 1 && month <= 12 || month >= 0xFD && month <= 0xFF)) {
            throw new IllegalArgumentException("date-time month must be 1..12, 0xFD, 0xFE or 0xFF, got " + month);
        }
        if (!(dayOfMonth >= 1 && dayOfMonth <= 31 || dayOfMonth >= 0xFD && dayOfMonth <= 0xFF)) {
            throw new IllegalArgumentException(
                    "date-time day of month must be 1..31, 0xFD, 0xFE or 0xFF, got " + dayOfMonth);
        }
        if (!(dayOfWeek >= 1 && dayOfWeek <= 7 || dayOfWeek == NOT_SPECIFIED)) {
            throw new IllegalArgumentException("date-time day of week must be 1..7 or 0xFF, got " + dayOfWeek);
        }
        checkField("hour", hour, 23);
        checkField("minute", minute, 59);
        checkField("second", second, 59);
        checkField("hundredths", hundredths, 99);
        if (!(deviation >= -720 && deviation <= 720 || deviation == DEVIATION_NOT_SPECIFIED)) {
            throw new IllegalArgumentException(
                    "date-time deviation must be -720..720 minutes or 0x8000, got " + deviation);
        }
        if (clockStatus < 0 || clockStatus > 0xFF) {
            throw new IllegalArgumentException("date-time clock status must be one byte, got " + clockStatus);
        }
    }

    private static void checkField(String name, int value, int max) {
        if (!(value >= 0 && value <= max || value == NOT_SPECIFIED)) {
            throw new IllegalArgumentException(
                    "date-time " + name + " must be 0.." + max + " or 0xFF, got " + value);
        }
    }

    /**
     * Builds a fully specified date-time from an instant with offset, clock status 0 (valid).
     *
     * @param time the time; its offset must be a whole number of minutes within 12 hours
     * @return the date-time
     * @throws IllegalArgumentException if the year or offset cannot be represented
     */
    public static CosemDateTime of(OffsetDateTime time) {
        int offsetSeconds = time.getOffset().getTotalSeconds();
        if (offsetSeconds % 60 != 0) {
            throw new IllegalArgumentException("offset " + time.getOffset() + " is not a whole number of minutes");
        }
        if (time.getYear() < 0 || time.getYear() >= YEAR_NOT_SPECIFIED) {
            throw new IllegalArgumentException("year " + time.getYear() + " cannot be encoded");
        }
        return new CosemDateTime(time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
                time.getDayOfWeek().getValue(), time.getHour(), time.getMinute(), time.getSecond(),
                time.getNano() / 10_000_000, -offsetSeconds / 60, 0);
    }

    /**
     * Builds a date-time from a local time with the deviation left unspecified, as meters do for
     * times that follow the local clock wherever it is.
     *
     * @param time the local time
     * @return the date-time, clock status 0
     */
    public static CosemDateTime ofLocal(LocalDateTime time) {
        if (time.getYear() < 0 || time.getYear() >= YEAR_NOT_SPECIFIED) {
            throw new IllegalArgumentException("year " + time.getYear() + " cannot be encoded");
        }
        return new CosemDateTime(time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
                time.getDayOfWeek().getValue(), time.getHour(), time.getMinute(), time.getSecond(),
                time.getNano() / 10_000_000, DEVIATION_NOT_SPECIFIED, 0);
    }

    /**
     * Decodes the 12-byte encoding.
     *
     * @param bytes exactly 12 bytes
     * @return the date-time
     * @throws IllegalArgumentException if the length is wrong or a field is out of range
     */
    public static CosemDateTime fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a COSEM date-time is 12 bytes, got "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        int rawDeviation = ((bytes[9] & 0xFF) << 8) | (bytes[10] & 0xFF);
        int deviation = rawDeviation == DEVIATION_NOT_SPECIFIED ? DEVIATION_NOT_SPECIFIED : (short) rawDeviation;
        return new CosemDateTime(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF), bytes[2] & 0xFF,
                bytes[3] & 0xFF, bytes[4] & 0xFF, bytes[5] & 0xFF, bytes[6] & 0xFF, bytes[7] & 0xFF,
                bytes[8] & 0xFF, deviation, bytes[11] & 0xFF);
    }

    /**
     * Returns the 12-byte encoding.
     *
     * @return a new array
     */
    public byte[] toBytes() {
        return new byte[] {(byte) (year >> 8), (byte) year, (byte) month, (byte) dayOfMonth,
                (byte) dayOfWeek, (byte) hour, (byte) minute, (byte) second, (byte) hundredths,
                (byte) (deviation >> 8), (byte) deviation, (byte) clockStatus};
    }

    /**
     * Returns the local date and time when year, month, day, hour, minute and second are all
     * concrete (no wildcards or special values); unspecified hundredths count as zero.
     *
     * @return the local time, or empty
     */
    public Optional<LocalDateTime> toLocalDateTime() {
        if (year == YEAR_NOT_SPECIFIED || month > 12 || dayOfMonth > 31 || hour == NOT_SPECIFIED
                || minute == NOT_SPECIFIED || second == NOT_SPECIFIED) {
            return Optional.empty();
        }
        try {
            int nanos = hundredths == NOT_SPECIFIED ? 0 : hundredths * 10_000_000;
            return Optional.of(LocalDateTime.of(year, month, dayOfMonth, hour, minute, second, nanos));
        } catch (DateTimeException e) {
            // e.g. 31 February: a field combination a meter may send but that is no point in time
            return Optional.empty();
        }
    }

    /**
     * Returns the point in time when {@link #toLocalDateTime()} is present and the deviation is
     * specified; the offset is the negated deviation.
     *
     * @return the time with its offset, or empty
     */
    public Optional<OffsetDateTime> toOffsetDateTime() {
        if (deviation == DEVIATION_NOT_SPECIFIED) {
            return Optional.empty();
        }
        return toLocalDateTime().map(t -> t.atOffset(ZoneOffset.ofTotalSeconds(-deviation * 60)));
    }

    /**
     * Tells whether the daylight-saving-active bit is set in a specified clock status.
     *
     * @return true when the status is specified and has bit 7 set
     */
    public boolean daylightSavingActive() {
        return clockStatus != NOT_SPECIFIED && (clockStatus & STATUS_DAYLIGHT_SAVING_ACTIVE) != 0;
    }

    /** Wildcards print as asterisks and special values in hex, so logs show what was on the wire. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CosemDateTime[");
        sb.append(year == YEAR_NOT_SPECIFIED ? "****" : String.format("%04d", year)).append('-');
        sb.append(field(month)).append('-').append(field(dayOfMonth));
        sb.append(" dow ").append(dayOfWeek == NOT_SPECIFIED ? "*" : String.valueOf(dayOfWeek)).append(' ');
        sb.append(field(hour)).append(':').append(field(minute)).append(':').append(field(second));
        sb.append('.').append(field(hundredths));
        sb.append(" deviation ").append(deviation == DEVIATION_NOT_SPECIFIED ? "*" : String.valueOf(deviation));
        sb.append(" status ").append(String.format("0x%02X", clockStatus)).append(']');
        return sb.toString();
    }

    private static String field(int v) {
        if (v == NOT_SPECIFIED) {
            return "**";
        }
        return v > 99 ? String.format("%02X", v) : String.format("%02d", v);
    }
}
