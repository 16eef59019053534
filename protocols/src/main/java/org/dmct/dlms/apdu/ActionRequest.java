package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The ACTION request (tag 0xC3). Only the normal form is implemented; the block transfer and
 * with-list forms decode as a failure naming the unsupported choice.
 */
public sealed interface ActionRequest extends ServiceApdu {

    /**
     * action-request-normal [1]: invoke one method.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param method the method
     * @param parameters the method-invocation-parameters, or null when absent
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, MethodDescriptor method, DlmsData parameters)
            implements ActionRequest {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(method, "method");
        }
    }
}
