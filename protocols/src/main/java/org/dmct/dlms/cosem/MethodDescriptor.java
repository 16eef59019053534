package org.dmct.dlms.cosem;

import java.util.Objects;

/**
 * The Cosem-Method-Descriptor of LN referencing: interface class, logical name and method index
 * an ACTION invokes. Like attribute ids, method ids are Integer8 on the wire.
 *
 * @param classId interface class id, 0..65535
 * @param instance logical name of the object
 * @param methodId method index, -128..127
 */
public record MethodDescriptor(int classId, ObisCode instance, int methodId) {

    /** Validates the ranges the wire encoding can carry. */
    public MethodDescriptor {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id must be 0..65535, got " + classId);
        }
        Objects.requireNonNull(instance, "instance");
        if (methodId < -128 || methodId > 127) {
            throw new IllegalArgumentException("method id is an Integer8 (-128..127), got " + methodId);
        }
    }

    /**
     * Shorthand taking the logical name as text.
     *
     * @param classId interface class id
     * @param instance OBIS code text such as {@code "0-0:96.3.10.255"}
     * @param methodId method index
     * @return the descriptor
     */
    public static MethodDescriptor of(int classId, String instance, int methodId) {
        return new MethodDescriptor(classId, ObisCode.parse(instance), methodId);
    }

    @Override
    public String toString() {
        return "class " + classId + " " + instance + " method " + methodId;
    }
}
