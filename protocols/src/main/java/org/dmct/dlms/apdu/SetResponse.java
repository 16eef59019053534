package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * The SET response (tag 0xC5). Only the normal form is implemented; the other forms decode as a
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
}
