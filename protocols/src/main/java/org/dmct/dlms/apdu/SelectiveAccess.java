package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;

/**
 * The Selective-Access-Descriptor of a GET or SET: an access selector defined by the interface
 * class (for profile generic, 1 = range by value, 2 = by entry) and its parameters.
 * {@link #byRange} and {@link #byEntry} build the two profile generic selectors as the Blue Book
 * defines them; {@link ProfileGenericSelection#read} parses them back on the server.
 *
 * @param accessSelector 0..255
 * @param parameters the selector's parameters
 */
public record SelectiveAccess(int accessSelector, DlmsData parameters) {

    /** Profile generic access selector 1: range_descriptor. */
    public static final int BY_RANGE = 1;
    /** Profile generic access selector 2: entry_descriptor. */
    public static final int BY_ENTRY = 2;

    /** Range and null checks. */
    public SelectiveAccess {
        if (accessSelector < 0 || accessSelector > 255) {
            throw new IllegalArgumentException("access selector is an Unsigned8, got " + accessSelector);
        }
        Objects.requireNonNull(parameters, "parameters");
    }

    /**
     * Profile generic selection by range (selector 1): the entries whose restricting column lies
     * between {@code from} and {@code to} inclusive.
     *
     * @param restrictingObject the column to restrict on, usually the clock (class 8, attribute 2)
     * @param from the lower bound, of that column's type (a clock column takes a 12-byte octet-string)
     * @param to the upper bound
     * @param selectedColumns the columns to return, empty for all
     * @return the selective access
     */
    public static SelectiveAccess byRange(CaptureObjectDefinition restrictingObject, DlmsData from, DlmsData to,
                                          List<CaptureObjectDefinition> selectedColumns) {
        Objects.requireNonNull(restrictingObject, "restrictingObject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new SelectiveAccess(BY_RANGE, DlmsData.structure(restrictingObject.toData(), from, to,
                DlmsData.array(selectedColumns.stream().map(CaptureObjectDefinition::toData).toList())));
    }

    /**
     * Profile generic selection by entry (selector 2), entries and columns numbered from 1.
     *
     * @param fromEntry first entry, 1..2^32-1
     * @param toEntry last entry, 0 for the newest
     * @param fromColumn first column, 1..65535
     * @param toColumn last column, 0 for the last
     * @return the selective access
     */
    public static SelectiveAccess byEntry(long fromEntry, long toEntry, int fromColumn, int toColumn) {
        return new SelectiveAccess(BY_ENTRY, DlmsData.structure(DlmsData.u32(fromEntry), DlmsData.u32(toEntry),
                DlmsData.u16(fromColumn), DlmsData.u16(toColumn)));
    }
}
