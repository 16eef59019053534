package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * The SET response (tag 0xC5) in two forms: {@link Normal} with one result and {@link WithList}
 * with one result per attribute of a set-request-with-list. The block transfer forms decode as a
 * failure naming the unsupported choice.
 */
public sealed interface SetResponse extends ServiceApdu {

    /**
     * set-response-normal [1].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param result success or the reason the write failed
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, DataAccessResult result) implements SetResponse {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * set-response-with-list [5].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param results one per attribute of the request, in request order: success or the reason that write failed
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<DataAccessResult> results) implements SetResponse {
        /** Null checks and copy of the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
        }
    }
}
