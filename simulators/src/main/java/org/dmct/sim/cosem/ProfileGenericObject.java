package org.dmct.sim.cosem;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 7 "Profile generic" serving any set of columns: a buffer of rows (one value per capture object),
 * oldest first (sort method FIFO, sorted by the first column), holding at most {@code profileEntries}; the oldest row
 * is dropped when it is full. Rows arrive two ways: appended as events happen (an event log, capture period 0), or
 * captured every capture period from a sampler (a load profile, a daily read log), which the object catches up
 * with the clock it is given whenever it is read, so no timer is needed and time can be simulated.
 *
 * <p>The buffer is served whole or with selective access as the Blue Book defines it: by range (selector 1) on one
 * of the capture objects, with an optional list of the columns wanted, and by entry (selector 2) with a range of
 * rows (1-based, {@code to_entry} 0 meaning the last) and of columns ({@code to_selected_value} 0 meaning the last).
 * Rows beyond entries_in_use are not an error: the answer holds the rows that exist.
 */
public final class ProfileGenericObject extends CosemObject {
    /** The clock's logical name, the usual first column and sort object. */
    public static final ObisCode CLOCK = ObisCode.parse("0-0:1.0.0.255");
    /** The event code object an event log captures with the time (Blue Book 0-x:96.11.e.255). */
    public static final ObisCode EVENT_CODE = ObisCode.parse("0-0:96.11.0.255");

    /**
     * One capture object (a column): the attribute of a COSEM object that is copied into each row, as the Blue Book's
     * capture_object_definition {class_id, logical_name, attribute_index, data_index}.
     */
    public record CaptureObject(int classId, ObisCode logicalName, int attribute, int dataIndex) {
        public CaptureObject {
            Objects.requireNonNull(logicalName, "logicalName");
        }

        public DlmsData toData() {
            return DlmsData.structure(DlmsData.u16(classId), DlmsData.octets(logicalName.toBytes()),
                    DlmsData.i8(attribute), DlmsData.u16(dataIndex));
        }

        /** The definition a selective access names, or empty when it is not a capture_object_definition. */
        static Optional<CaptureObject> fromData(DlmsData data) {
            List<DlmsData> f = data.asList().orElse(List.of());
            if (f.size() != 4 || f.get(0).asLong().isEmpty() || f.get(1).asBytes().isEmpty()
                    || f.get(1).asBytes().get().length != 6 || f.get(2).asLong().isEmpty() || f.get(3).asLong().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CaptureObject((int) f.get(0).asLong().getAsLong(),
                    ObisCode.fromBytes(f.get(1).asBytes().get()), (int) f.get(2).asLong().getAsLong(),
                    (int) f.get(3).asLong().getAsLong()));
        }
    }

    private final List<CaptureObject> captureObjects;
    private final int profileEntries;
    private final Deque<List<DlmsData>> buffer = new ArrayDeque<>();
    private final long capturePeriodSeconds;
    private final Supplier<OffsetDateTime> clock;
    private final Function<OffsetDateTime, List<DlmsData>> sampler;
    private OffsetDateTime lastCapture;

    private ProfileGenericObject(ObisCode logicalName, List<CaptureObject> captureObjects, int profileEntries,
                                 long capturePeriodSeconds, Supplier<OffsetDateTime> clock,
                                 Function<OffsetDateTime, List<DlmsData>> sampler) {
        super(7, 1, logicalName);
        if (captureObjects.isEmpty()) {
            throw new IllegalArgumentException(logicalName + ": a profile needs at least one capture object");
        }
        if (profileEntries < 1) {
            throw new IllegalArgumentException(logicalName + ": profile_entries must be at least 1: " + profileEntries);
        }
        this.captureObjects = List.copyOf(captureObjects);
        this.profileEntries = profileEntries;
        this.capturePeriodSeconds = capturePeriodSeconds;
        this.clock = clock;
        this.sampler = sampler;
    }

    /** A profile whose rows are appended as things happen (capture period 0), such as an event log. */
    public static ProfileGenericObject appendOnly(ObisCode logicalName, List<CaptureObject> captureObjects,
                                                  int profileEntries) {
        return new ProfileGenericObject(logicalName, captureObjects, profileEntries, 0, null, null);
    }

    /** The event log of the reference meters: (clock, event code), appended as events happen. */
    public static ProfileGenericObject eventLog(ObisCode logicalName, ObisCode clock, int profileEntries) {
        return appendOnly(logicalName, List.of(new CaptureObject(8, clock, 2, 0), new CaptureObject(1, EVENT_CODE, 2, 0)),
                profileEntries);
    }

    /**
     * A profile that captures a row at every multiple of the capture period (counted from the epoch, in UTC, so
     * half-hours fall on :00 and :30 and days on midnight). The first column must be the clock; the sampler gives
     * the row captured at a time, the clock the device's time. At once the buffer is filled with the
     * {@code profileEntries} captures up to now, so a new simulated meter has a history.
     */
    public static ProfileGenericObject periodic(ObisCode logicalName, List<CaptureObject> captureObjects,
                                                int profileEntries, Duration capturePeriod,
                                                Supplier<OffsetDateTime> clock,
                                                Function<OffsetDateTime, List<DlmsData>> sampler) {
        long period = capturePeriod.getSeconds();
        if (period < 1 || capturePeriod.getNano() != 0) {
            throw new IllegalArgumentException(logicalName + ": a capture period is a whole number of seconds: " + capturePeriod);
        }
        if (captureObjects.isEmpty() || captureObjects.get(0).classId() != 8) {
            throw new IllegalArgumentException(logicalName + ": a periodic profile's first column is the clock");
        }
        ProfileGenericObject p = new ProfileGenericObject(logicalName, captureObjects, profileEntries, period,
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(sampler, "sampler"));
        p.catchUp();
        return p;
    }

    /** Appends one row (an event); the oldest row is dropped when the buffer is full. */
    public synchronized void append(List<DlmsData> row) {
        if (row.size() != captureObjects.size()) {
            throw new IllegalArgumentException(logicalName() + ": a row has " + captureObjects.size()
                    + " values, one per capture object, not " + row.size());
        }
        buffer.addLast(List.copyOf(row));
        while (buffer.size() > profileEntries) {
            buffer.removeFirst();
        }
    }

    /** The rows in the buffer now, oldest first (a periodic profile first catches up with its clock). */
    public synchronized List<List<DlmsData>> rows() {
        catchUp();
        return List.copyOf(buffer);
    }

    public List<CaptureObject> captureObjects() {
        return captureObjects;
    }

    public long capturePeriodSeconds() {
        return capturePeriodSeconds;
    }

    public int profileEntries() {
        return profileEntries;
    }

    /**
     * Captures the rows due since the last capture, up to the clock's time. Only the last {@code profileEntries} are
     * sampled, so a clock set far ahead costs no more than a full buffer; a clock set back captures nothing until it
     * passes the last capture again, as a meter does not rewrite its past.
     */
    private void catchUp() {
        if (sampler == null) {
            return;
        }
        OffsetDateTime now = clock.get();
        long latest = Math.floorDiv(now.toEpochSecond(), capturePeriodSeconds);
        long earliest = latest - profileEntries + 1;
        if (lastCapture != null) {
            earliest = Math.max(earliest, Math.floorDiv(lastCapture.toEpochSecond(), capturePeriodSeconds) + 1);
        }
        for (long slot = earliest; slot <= latest; slot++) {
            OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochSecond(slot * capturePeriodSeconds), ZoneOffset.UTC);
            append(sampler.apply(at));
            lastCapture = at;
        }
    }

    @Override
    protected synchronized AttributeRead read(int attribute, SelectiveRead selective) {
        if (attribute != 2 && selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                catchUp();
                return readBuffer(selective);
            case 3:
                return AttributeRead.of(DlmsData.array(captureObjects.stream().map(CaptureObject::toData).toList()));
            case 4:
                return AttributeRead.of(DlmsData.u32(capturePeriodSeconds));
            case 5:
                return AttributeRead.of(DlmsData.enumValue(1));
            case 6:
                return AttributeRead.of(captureObjects.get(0).toData());
            case 7:
                catchUp();
                return AttributeRead.of(DlmsData.u32(buffer.size()));
            case 8:
                return AttributeRead.of(DlmsData.u32(profileEntries));
            default:
                return undefined();
        }
    }

    private AttributeRead readBuffer(SelectiveRead selective) {
        List<List<DlmsData>> all = new ArrayList<>(buffer);
        if (selective == null) {
            return AttributeRead.of(table(all, allColumns()));
        }
        List<DlmsData> params = selective.parameters().asList().orElse(null);
        if (params == null) {
            return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
        }
        if (selective.selector() == 1 && params.size() == 4) {
            return byRange(all, params);
        }
        if (selective.selector() == 2 && params.size() == 4) {
            return byEntry(all, params);
        }
        return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
    }

    /** range_descriptor: {restricting_object, from_value, to_value, selected_values}. */
    private AttributeRead byRange(List<List<DlmsData>> all, List<DlmsData> params) {
        Optional<CaptureObject> restricting = CaptureObject.fromData(params.get(0));
        if (restricting.isEmpty()) {
            return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
        }
        int column = captureObjects.indexOf(restricting.get());
        if (column < 0) {
            // The range is on something this profile does not capture: nothing to compare against.
            return AttributeRead.error(DataAccessResult.OTHER_REASON);
        }
        List<DlmsData> selectedList = params.get(3).asList().orElse(null);
        if (selectedList == null) {
            return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
        }
        List<Integer> columns = new ArrayList<>();
        for (DlmsData s : selectedList) {
            Optional<CaptureObject> c = CaptureObject.fromData(s);
            if (c.isEmpty()) {
                return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
            }
            int index = captureObjects.indexOf(c.get());
            if (index < 0) {
                return AttributeRead.error(DataAccessResult.OTHER_REASON);
            }
            columns.add(index);
        }
        if (columns.isEmpty()) {
            columns = allColumns();
        }
        DlmsData from = params.get(1);
        DlmsData to = params.get(2);
        if (captureObjects.get(column).classId() == 8) {
            Optional<OffsetDateTime> f = from.asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
            Optional<OffsetDateTime> t = to.asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
            if (f.isEmpty() || t.isEmpty()) {
                return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
            }
            List<List<DlmsData>> rows = new ArrayList<>();
            for (List<DlmsData> row : all) {
                Optional<OffsetDateTime> at = row.get(column).asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
                if (at.isPresent() && !at.get().isBefore(f.get()) && !at.get().isAfter(t.get())) {
                    rows.add(row);
                }
            }
            return AttributeRead.of(table(rows, columns));
        }
        if (from.asBigInteger().isEmpty() || to.asBigInteger().isEmpty()) {
            return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
        }
        List<List<DlmsData>> rows = new ArrayList<>();
        for (List<DlmsData> row : all) {
            var v = row.get(column).asBigInteger();
            if (v.isPresent() && v.get().compareTo(from.asBigInteger().get()) >= 0
                    && v.get().compareTo(to.asBigInteger().get()) <= 0) {
                rows.add(row);
            }
        }
        return AttributeRead.of(table(rows, columns));
    }

    /** entry_descriptor: {from_entry, to_entry, from_selected_value, to_selected_value}, 1-based, 0 = the last. */
    private AttributeRead byEntry(List<List<DlmsData>> all, List<DlmsData> params) {
        long fromEntry = params.get(0).asLong().orElse(-1);
        long toEntry = params.get(1).asLong().orElse(-1);
        long fromValue = params.get(2).asLong().orElse(-1);
        long toValue = params.get(3).asLong().orElse(-1);
        if (fromEntry < 1 || toEntry < 0 || fromValue < 1 || toValue < 0) {
            return AttributeRead.error(DataAccessResult.OTHER_REASON);
        }
        long lastColumn = toValue == 0 ? captureObjects.size() : toValue;
        if (fromValue > captureObjects.size() || lastColumn > captureObjects.size() || lastColumn < fromValue) {
            return AttributeRead.error(DataAccessResult.OTHER_REASON);
        }
        List<Integer> columns = new ArrayList<>();
        for (long c = fromValue; c <= lastColumn; c++) {
            columns.add((int) c - 1);
        }
        long lastEntry = toEntry == 0 ? all.size() : Math.min(toEntry, all.size());
        List<List<DlmsData>> rows = new ArrayList<>();
        for (long i = fromEntry; i <= lastEntry; i++) {
            rows.add(all.get((int) i - 1));
        }
        return AttributeRead.of(table(rows, columns));
    }

    private List<Integer> allColumns() {
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < captureObjects.size(); i++) {
            columns.add(i);
        }
        return columns;
    }

    private static DlmsData table(List<List<DlmsData>> rows, List<Integer> columns) {
        List<DlmsData> out = new ArrayList<>(rows.size());
        for (List<DlmsData> row : rows) {
            List<DlmsData> cells = new ArrayList<>(columns.size());
            for (int c : columns) {
                cells.add(row.get(c));
            }
            out.add(DlmsData.structure(cells));
        }
        return DlmsData.array(out);
    }

    @Override
    protected synchronized DataAccessResult write(int attribute, DlmsData value) {
        return attribute >= 2 && attribute <= 8 ? DataAccessResult.READ_WRITE_DENIED : DataAccessResult.OBJECT_UNDEFINED;
    }

    @Override
    public int attributeCount() {
        return 8;
    }

    @Override
    public int methodCount() {
        return 4;
    }
}
