package org.dmct.sim.cosem;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.ObisCode;

/**
 * Interface class 7 "Profile generic", as an event log: a buffer of entries (date-time, event code), oldest first,
 * holding at most {@code profileEntries}; the oldest entry is dropped when it is full. The buffer can be read whole
 * or with selective access by entry (selector 2) or by range of the capture time (selector 1).
 */
public final class ProfileGenericObject extends CosemObject {
    private static final ObisCode CLOCK = ObisCode.parse("0-0:1.0.0.255");
    private static final ObisCode EVENT_CODE = ObisCode.parse("0-0:96.11.0.255");

    private final Deque<Entry> buffer = new ArrayDeque<>();
    private final int profileEntries;

    /** One log entry: when it happened and its event code. */
    public record Entry(OffsetDateTime time, int code) {
        DlmsData toData() {
            return DlmsData.structure(DlmsData.dateTimeOctets(CosemDateTime.of(time)), DlmsData.u16(code));
        }
    }

    public ProfileGenericObject(ObisCode logicalName, int profileEntries) {
        super(7, 1, logicalName);
        this.profileEntries = profileEntries;
    }

    public synchronized void append(OffsetDateTime time, int code) {
        buffer.addLast(new Entry(time, code));
        while (buffer.size() > profileEntries) {
            buffer.removeFirst();
        }
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(buffer);
    }

    @Override
    protected synchronized AttributeRead read(int attribute, SelectiveRead selective) {
        if (attribute != 2 && selective != null) {
            return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
        }
        switch (attribute) {
            case 2:
                return readBuffer(selective);
            case 3:
                return AttributeRead.of(DlmsData.array(captureObject(8, CLOCK, 2), captureObject(1, EVENT_CODE, 2)));
            case 4:
                return AttributeRead.of(DlmsData.u32(0));
            case 5:
                return AttributeRead.of(DlmsData.enumValue(1));
            case 6:
                return AttributeRead.of(captureObject(8, CLOCK, 2));
            case 7:
                return AttributeRead.of(DlmsData.u32(buffer.size()));
            case 8:
                return AttributeRead.of(DlmsData.u32(profileEntries));
            default:
                return undefined();
        }
    }

    private AttributeRead readBuffer(SelectiveRead selective) {
        List<Entry> all = new ArrayList<>(buffer);
        if (selective == null) {
            return AttributeRead.of(DlmsData.array(all.stream().map(Entry::toData).toList()));
        }
        List<DlmsData> params = selective.parameters().asList().orElse(null);
        if (params == null) {
            return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
        }
        if (selective.selector() == 2 && params.size() == 4) {
            long from = params.get(0).asLong().orElse(-1);
            long to = params.get(1).asLong().orElse(-1);
            if (from < 1 || to < 0) {
                return AttributeRead.error(DataAccessResult.OTHER_REASON);
            }
            long last = to == 0 ? all.size() : Math.min(to, all.size());
            List<DlmsData> out = new ArrayList<>();
            for (long i = from; i <= last; i++) {
                out.add(all.get((int) i - 1).toData());
            }
            return AttributeRead.of(DlmsData.array(out));
        }
        if (selective.selector() == 1 && params.size() == 4) {
            Optional<OffsetDateTime> from = params.get(1).asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
            Optional<OffsetDateTime> to = params.get(2).asDateTime().flatMap(CosemDateTime::toOffsetDateTime);
            if (from.isEmpty() || to.isEmpty()) {
                return AttributeRead.error(DataAccessResult.TYPE_UNMATCHED);
            }
            return AttributeRead.of(DlmsData.array(all.stream()
                    .filter(e -> !e.time().isBefore(from.get()) && !e.time().isAfter(to.get()))
                    .map(Entry::toData).toList()));
        }
        return AttributeRead.error(DataAccessResult.SCOPE_OF_ACCESS_VIOLATED);
    }

    @Override
    protected synchronized DataAccessResult write(int attribute, DlmsData value) {
        return attribute >= 2 && attribute <= 8 ? DataAccessResult.READ_WRITE_DENIED : DataAccessResult.OBJECT_UNDEFINED;
    }

    private static DlmsData captureObject(int classId, ObisCode obis, int attribute) {
        return DlmsData.structure(DlmsData.u16(classId), DlmsData.octets(obis.toBytes()), DlmsData.i8(attribute),
                DlmsData.u16(0));
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
