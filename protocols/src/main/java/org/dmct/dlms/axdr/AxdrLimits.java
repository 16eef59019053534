package org.dmct.dlms.axdr;

/**
 * Bounds that keep the decoder safe on hostile input: how deep arrays and structures may nest
 * and how many data values one decode may produce in total. Counts claimed by the input are also
 * never trusted beyond the bytes actually present, so memory stays proportional to the input.
 *
 * @param maxDepth deepest nesting allowed; a scalar at top level has depth 1
 * @param maxElements most values (including containers) one decode may produce
 */
public record AxdrLimits(int maxDepth, int maxElements) {

    /** Depth 32 and one million values: far beyond any COSEM object, small enough for any stack. */
    public static final AxdrLimits DEFAULT = new AxdrLimits(32, 1_000_000);

    /** Rejects limits that would not allow a single value. */
    public AxdrLimits {
        if (maxDepth < 1 || maxElements < 1) {
            throw new IllegalArgumentException("limits must be positive: depth " + maxDepth
                    + ", elements " + maxElements);
        }
    }
}
