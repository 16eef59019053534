package org.dmct.dlms.apdu;

import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * The Get-Data-Result CHOICE: either the value read or the data-access-result explaining why
 * not. Exactly one of the two fields is non-null; {@link #isSuccess()} says which. Also used for
 * the return parameters of an ACTION.
 *
 * @param data the value, or null on error
 * @param error the reason, or null on success
 */
public record GetDataResult(DlmsData data, DataAccessResult error) {

    /** Exactly one of the fields must be set. */
    public GetDataResult {
        if ((data == null) == (error == null)) {
            throw new IllegalArgumentException("a get-data-result holds either data or an error, not "
                    + (data == null ? "neither" : "both"));
        }
    }

    /**
     * @param data the value
     * @return a successful result
     */
    public static GetDataResult of(DlmsData data) {
        return new GetDataResult(data, null);
    }

    /**
     * @param error the reason
     * @return a failed result
     */
    public static GetDataResult error(DataAccessResult error) {
        return new GetDataResult(null, error);
    }

    /**
     * @return true when data is present
     */
    public boolean isSuccess() {
        return data != null;
    }

    @Override
    public String toString() {
        return data != null ? "GetDataResult[" + data + "]" : "GetDataResult[" + error.dlmsName() + "]";
    }
}
