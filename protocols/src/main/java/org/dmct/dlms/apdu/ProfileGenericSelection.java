package org.dmct.dlms.apdu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;

/**
 * The selective access of the profile generic buffer (class 7, attribute 2) as a server reads
 * it: {@link ByRange} (access selector 1, range_descriptor) or {@link ByEntry} (access selector
 * 2, entry_descriptor). {@link #read} parses a received {@link SelectiveAccess} and never throws:
 * an unknown selector or parameters of the wrong shape come back as {@link Invalid} with the
 * reason, for the server to answer with a data-access-result of its choice.
 */
public sealed interface ProfileGenericSelection permits ProfileGenericSelection.ByRange,
        ProfileGenericSelection.ByEntry {

    /**
     * range_descriptor: the entries whose restricting column lies between {@code from} and
     * {@code to} inclusive, with the columns in {@code selectedValues} (all when empty).
     *
     * @param restrictingObject the column the range applies to, usually the clock
     * @param from the lower bound, of the restricting column's type
     * @param to the upper bound
     * @param selectedValues the columns to return, empty for all
     */
    record ByRange(CaptureObjectDefinition restrictingObject, DlmsData from,
                   DlmsData to, List<CaptureObjectDefinition> selectedValues)
            implements ProfileGenericSelection {
        /** Null checks and copy of the list. */
        public ByRange {
            Objects.requireNonNull(restrictingObject, "restrictingObject");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            selectedValues = List.copyOf(selectedValues);
        }
    }

    /**
     * entry_descriptor: entries {@code fromEntry..toEntry} and columns {@code fromColumn..toColumn},
     * all numbered from 1; a {@code toEntry} or {@code toColumn} of 0 means "up to the last".
     *
     * @param fromEntry first entry, double-long-unsigned
     * @param toEntry last entry, 0 for the newest
     * @param fromColumn first column, long-unsigned
     * @param toColumn last column, 0 for the last
     */
    record ByEntry(long fromEntry, long toEntry, int fromColumn, int toColumn) implements ProfileGenericSelection {
        /** Range checks. */
        public ByEntry {
            if (fromEntry < 0 || fromEntry > 0xFFFF_FFFFL || toEntry < 0 || toEntry > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("entries are double-long-unsigned, got " + fromEntry + ".." + toEntry);
            }
            if (fromColumn < 0 || fromColumn > 0xFFFF || toColumn < 0 || toColumn > 0xFFFF) {
                throw new IllegalArgumentException("columns are long-unsigned, got " + fromColumn + ".." + toColumn);
            }
        }
    }

    /** The outcome of {@link #read}. */
    sealed interface ReadResult permits Valid, Invalid { }

    /**
     * The selective access is well formed.
     *
     * @param selection the selection
     */
    record Valid(ProfileGenericSelection selection) implements ReadResult { }

    /**
     * The selective access is not a profile generic selection.
     *
     * @param reason what is wrong, naming the selector and the offending element
     */
    record Invalid(String reason) implements ReadResult { }

    /**
     * Parses the selective access of a GET or SET of a profile generic buffer.
     *
     * @param access what the client sent
     * @return the selection or the reason it is malformed, never null
     */
    static ReadResult read(SelectiveAccess access) {
        Objects.requireNonNull(access, "access");
        if (access.accessSelector() == SelectiveAccess.BY_RANGE) {
            return readRange(access.parameters());
        }
        if (access.accessSelector() == SelectiveAccess.BY_ENTRY) {
            return readEntry(access.parameters());
        }
        return new Invalid("access selector " + access.accessSelector()
                + " is not defined for profile generic (1 by range, 2 by entry)");
    }

    private static ReadResult readRange(DlmsData p) {
        if (!(p instanceof DlmsData.StructureData s) || s.elements().size() != 4) {
            return new Invalid("range_descriptor (selector 1) must be a structure of 4 elements, got " + p);
        }
        List<DlmsData> e = s.elements();
        var restricting = CaptureObjectDefinition.fromData(e.get(0));
        if (restricting.isEmpty()) {
            return new Invalid("restricting_object of range_descriptor is not a capture_object_definition "
                    + "{long-unsigned, octet-string(6), integer, long-unsigned}: " + e.get(0));
        }
        if (!(e.get(3) instanceof DlmsData.ArrayData columns)) {
            return new Invalid("selected_values of range_descriptor must be an array, got " + e.get(3));
        }
        List<CaptureObjectDefinition> selected = new ArrayList<>();
        for (int i = 0; i < columns.elements().size(); i++) {
            var column = CaptureObjectDefinition.fromData(columns.elements().get(i));
            if (column.isEmpty()) {
                return new Invalid("selected_values[" + i + "] of range_descriptor is not a "
                        + "capture_object_definition: " + columns.elements().get(i));
            }
            selected.add(column.get());
        }
        return new Valid(new ByRange(restricting.get(), e.get(1), e.get(2), selected));
    }

    private static ReadResult readEntry(DlmsData p) {
        if (!(p instanceof DlmsData.StructureData s) || s.elements().size() != 4) {
            return new Invalid("entry_descriptor (selector 2) must be a structure of 4 elements, got " + p);
        }
        List<DlmsData> e = s.elements();
        if (!(e.get(0) instanceof DlmsData.Unsigned32 from)
                || !(e.get(1) instanceof DlmsData.Unsigned32 to)) {
            return new Invalid("from_entry and to_entry of entry_descriptor must be double-long-unsigned, got "
                    + e.get(0) + " and " + e.get(1));
        }
        if (!(e.get(2) instanceof DlmsData.Unsigned16 fromColumn)
                || !(e.get(3) instanceof DlmsData.Unsigned16 toColumn)) {
            return new Invalid("from_selected_value and to_selected_value of entry_descriptor must be "
                    + "long-unsigned, got " + e.get(2) + " and " + e.get(3));
        }
        if (to.value() != 0 && to.value() < from.value()) {
            return new Invalid("entry_descriptor selects entries " + from.value() + ".." + to.value()
                    + ": to_entry is below from_entry");
        }
        if (toColumn.value() != 0 && toColumn.value() < fromColumn.value()) {
            return new Invalid("entry_descriptor selects columns " + fromColumn.value() + ".." + toColumn.value()
                    + ": to_selected_value is below from_selected_value");
        }
        return new Valid(new ByEntry(from.value(), to.value(), fromColumn.value(), toColumn.value()));
    }
}
