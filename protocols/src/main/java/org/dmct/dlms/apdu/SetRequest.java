package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;

/**
 * The SET request (tag 0xC1). Only the normal form is implemented; the block transfer and
 * with-list forms decode as a failure naming the unsupported choice.
 */
public sealed interface SetRequest extends ServiceApdu {

    /**
     * set-request-normal [1]: write one attribute.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param attribute the attribute
     * @param selectiveAccess selective access, or null
     * @param value the value to write
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute,
                  SelectiveAccess selectiveAccess, DlmsData value) implements SetRequest {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(value, "value");
        }

        /**
         * A request without selective access.
         *
         * @param invokeIdAndPriority invoke id and priority
         * @param attribute the attribute
         * @param value the value to write
         */
        public Normal(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute, DlmsData value) {
            this(invokeIdAndPriority, attribute, null, value);
        }
    }
}
