package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.cosem.ActionResult;

/**
 * The ACTION response (tag 0xC7). Only the normal form is implemented; the other forms decode as
 * a failure naming the unsupported choice.
 */
public sealed interface ActionResponse extends ServiceApdu {

    /**
     * action-response-normal [1].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param result success or the reason the method did not run
     * @param returnParameters the return-parameters (data or data-access-result), or null when absent
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, ActionResult result, GetDataResult returnParameters)
            implements ActionResponse {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }

        /**
         * A response without return parameters.
         *
         * @param invokeIdAndPriority invoke id and priority
         * @param result the result
         */
        public Normal(InvokeIdAndPriority invokeIdAndPriority, ActionResult result) {
            this(invokeIdAndPriority, result, null);
        }
    }
}
