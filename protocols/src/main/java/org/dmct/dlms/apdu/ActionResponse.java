package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.ActionResult;

/**
 * The ACTION response (tag 0xC7) in two forms: {@link Normal} with one result and {@link WithList}
 * with one result per method of an action-request-with-list. The block transfer forms decode as a
 * failure naming the unsupported choice.
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

    /**
     * action-response-with-list [3].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param results one per method of the request, in request order
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<ActionResponseWithOptionalData> results)
            implements ActionResponse {
        /** Null checks and copy of the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
        }
    }
}
