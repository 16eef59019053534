package org.dmct.dlms.hdlc;

import java.util.Objects;
import org.dmct.dlms.apdu.ApduDecodeResult;

/**
 * What the server's HDLC link passes to the next handler for every complete APDU a client sent:
 * which client (its one-byte address) sent it to which logical device, and the APDU decoded from
 * the reassembled information fields with the LLC header E6 E6 00 removed (or a failure naming a
 * wrong header or undecodable bytes). Answer it with an {@link HdlcServerResponse} to the same pair.
 *
 * @param clientAddress the client address
 * @param serverLogicalAddress the logical device addressed
 * @param result the decoded APDU or the failure
 */
public record HdlcServerRequest(int clientAddress, int serverLogicalAddress, ApduDecodeResult result) {

    /** Null check. */
    public HdlcServerRequest {
        Objects.requireNonNull(result, "result");
    }
}
