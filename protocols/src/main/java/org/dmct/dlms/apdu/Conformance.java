package org.dmct.dlms.apdu;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The xDLMS conformance block: the set of services and options a client proposes in the
 * InitiateRequest and a server grants in the InitiateResponse. On the wire it is a 24-bit BIT
 * STRING tagged [APPLICATION 31] ({@code 5F 1F 04 00 b0 b1 b2}); {@link #toBits()} gives the
 * three bytes as an int, e.g. 0x00FE1D.
 *
 * @param bits the bits set; copied into an unmodifiable set
 */
public record Conformance(Set<ConformanceBit> bits) {

    /** Copies the set. */
    public Conformance {
        EnumSet<ConformanceBit> copy = EnumSet.noneOf(ConformanceBit.class);
        copy.addAll(bits);
        bits = Collections.unmodifiableSet(copy);
    }

    /**
     * @param bits the bits
     * @return a block with exactly these bits
     */
    public static Conformance of(ConformanceBit... bits) {
        EnumSet<ConformanceBit> set = EnumSet.noneOf(ConformanceBit.class);
        Collections.addAll(set, bits);
        return new Conformance(set);
    }

    /**
     * @param value the 24-bit value, first byte most significant
     * @return the block
     */
    public static Conformance fromBits(int value) {
        if ((value & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("conformance is 24 bits, got 0x" + Integer.toHexString(value));
        }
        EnumSet<ConformanceBit> set = EnumSet.noneOf(ConformanceBit.class);
        for (ConformanceBit b : ConformanceBit.values()) {
            if ((value & b.mask()) != 0) {
                set.add(b);
            }
        }
        return new Conformance(set);
    }

    /**
     * @return the 24-bit value, first byte most significant
     */
    public int toBits() {
        int v = 0;
        for (ConformanceBit b : bits) {
            v |= b.mask();
        }
        return v;
    }

    /**
     * @param bit a bit
     * @return whether it is set
     */
    public boolean contains(ConformanceBit bit) {
        return bits.contains(bit);
    }

    /**
     * The bits both blocks have, which is how a server derives the negotiated block.
     *
     * @param other the other block
     * @return the intersection
     */
    public Conformance intersect(Conformance other) {
        EnumSet<ConformanceBit> set = EnumSet.noneOf(ConformanceBit.class);
        set.addAll(bits);
        set.retainAll(other.bits);
        return new Conformance(set);
    }

    @Override
    public String toString() {
        return String.format("Conformance[0x%06X %s]", toBits(), bits);
    }
}
