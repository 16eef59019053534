package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.cosem.AttributeDescriptor;

/**
 * One entry of a GET-with-list: the attribute and optional selective access
 * (Cosem-Attribute-Descriptor-With-Selection).
 *
 * @param attribute the attribute
 * @param selectiveAccess selective access, or null
 */
public record AttributeRequest(AttributeDescriptor attribute, SelectiveAccess selectiveAccess) {

    /** Null check of the attribute. */
    public AttributeRequest {
        Objects.requireNonNull(attribute, "attribute");
    }

    /**
     * @param attribute the attribute
     * @return a request without selective access
     */
    public static AttributeRequest of(AttributeDescriptor attribute) {
        return new AttributeRequest(attribute, null);
    }
}
