package org.dmct.dlms.cosem;

import java.util.Objects;

/**
 * The Cosem-Attribute-Descriptor of LN referencing: interface class, logical name and attribute
 * index of the attribute a GET or SET addresses. The attribute id is an Integer8 on the wire,
 * so manufacturer-specific attributes carry negative ids; attribute 0 means all attributes.
 *
 * @param classId interface class id, 0..65535
 * @param instance logical name of the object
 * @param attributeId attribute index, -128..127
 */
public record AttributeDescriptor(int classId, ObisCode instance, int attributeId) {

    /** Validates the ranges the wire encoding can carry. */
    public AttributeDescriptor {
        if (classId < 0 || classId > 0xFFFF) {
            throw new IllegalArgumentException("class id must be 0..65535, got " + classId);
        }
        Objects.requireNonNull(instance, "instance");
        if (attributeId < -128 || attributeId > 127) {
            throw new IllegalArgumentException("attribute id is an Integer8 (-128..127; "
                    + "manufacturer-specific ids are negative), got " + attributeId);
        }
    }

    /**
     * Shorthand taking the logical name as text.
     *
     * @param classId interface class id
     * @param instance OBIS code text such as {@code "0-0:1.0.0.255"}
     * @param attributeId attribute index
     * @return the descriptor
     */
    public static AttributeDescriptor of(int classId, String instance, int attributeId) {
        return new AttributeDescriptor(classId, ObisCode.parse(instance), attributeId);
    }

    @Override
    public String toString() {
        return "class " + classId + " " + instance + " attr " + attributeId;
    }
}
