package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.ActionResult;

/**
 * The ACTION response (tag 0xC7): {@link Normal} with one result, {@link WithList} with one result
 * per method of an action-request-with-list, {@link WithPblock} carrying one block of return
 * parameters too long for one APDU, and {@link NextPblock} acknowledging a block of long
 * request parameters.
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

    /**
     * action-response-with-pblock [2]: one block of the encoded return parameters (the Data the
     * method returned; a failed method answers with {@link Normal} instead).
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param block the block
     */
    record WithPblock(InvokeIdAndPriority invokeIdAndPriority, DataBlock block) implements ActionResponse {
        /** Null checks. */
        public WithPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(block, "block");
        }
    }

    /**
     * action-response-next-pblock [4]: the server received block {@code blockNumber} of the
     * request parameters and asks for the next.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param blockNumber the number of the block received
     */
    record NextPblock(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements ActionResponse {
        /** Checks. */
        public NextPblock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
            }
        }
    }
}
