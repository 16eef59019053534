package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.cosem.ActionResult;

/**
 * One entry of an ACTION-with-list response (Action-Response-With-Optional-Data): the result of
 * one method and its optional return parameters.
 *
 * @param result success or the reason the method did not run
 * @param returnParameters the return-parameters (data or data-access-result), or null when absent
 */
public record ActionResponseWithOptionalData(ActionResult result, GetDataResult returnParameters) {

    /** Null check of the result. */
    public ActionResponseWithOptionalData {
        Objects.requireNonNull(result, "result");
    }

    /**
     * A result without return parameters.
     *
     * @param result the result
     */
    public ActionResponseWithOptionalData(ActionResult result) {
        this(result, null);
    }
}
