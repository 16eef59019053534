package org.dmct.adapters.dlms.interop;

import java.util.List;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The client end of an interop matrix cell, in COSEM terms: whichever stack plays the client (our adapter's
 * association, the jDLMS client, the Gurux client), the cell's one test body drives it through these calls. Values
 * come back as the client's own stack decoded them, turned into {@link Plain} values so that the body can compare
 * them with what the server holds. Every call blocks until the answer (or fails with the client's own exception).
 */
interface MatrixClient extends AutoCloseable {

    /**
     * One attribute as the client read it: a value or the server's data-access-result.
     *
     * @param value the {@link Plain} value, null when {@code error} is set
     * @param error the data-access-result of a refused read, else null
     */
    record Read(Object value, DataAccessResult error) {
        static Read of(Object value) {
            return new Read(value, null);
        }

        static Read failed(DataAccessResult error) {
            return new Read(null, error);
        }
    }

    /**
     * Opens the association (and the HDLC link first where there is one) at the cell's security: lowest level, or
     * HLS with pass 3 and 4 completed, so that the next call is the first ciphered request.
     */
    void associate() throws Exception;

    Read get(AttributeDescriptor attribute) throws Exception;

    /** True when the client can send a GET-Request-With-List. */
    boolean canGetWithList();

    List<Read> getWithList(List<AttributeDescriptor> attributes) throws Exception;

    /** Writes an octet-string (all the matrix needs: the clock's date-time). */
    DataAccessResult setOctets(AttributeDescriptor attribute, byte[] value) throws Exception;

    /** Invokes a method whose parameter is integer (A-XDR tag 15), as the disconnect control's methods take. */
    ActionResult actionWithInteger(MethodDescriptor method, int parameter) throws Exception;

    /** Releases the association (RLRQ) and closes the link (HDLC: DISC). */
    void release() throws Exception;

    /** Drops whatever is still open, without a release; never fails. */
    @Override
    void close();
}
