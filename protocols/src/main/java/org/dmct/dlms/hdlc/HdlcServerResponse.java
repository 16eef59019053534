package org.dmct.dlms.hdlc;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.internal.Hex;

/**
 * What the handler after the server's HDLC link writes: an APDU for the client on one data-link
 * connection (client address, logical device). A response goes out in I-frames when the client
 * gives the server the line, segmented and windowed as negotiated; an unsolicited one (a push,
 * e.g. an event notification) goes out at once in UI frames, which need no poll. The APDU is kept
 * as bytes, so that bytes the codec does not model (or deliberately wrong ones) can be sent too.
 * The write's future fails if no link is open for the pair.
 *
 * @param clientAddress the client address
 * @param serverLogicalAddress the logical device answering
 * @param apdu the APDU bytes, without the LLC header
 * @param unsolicited true for a push in UI frames
 */
public record HdlcServerResponse(int clientAddress, int serverLogicalAddress, byte[] apdu, boolean unsolicited) {

    /** Copies the bytes. */
    public HdlcServerResponse {
        apdu = Objects.requireNonNull(apdu, "apdu").clone();
    }

    /**
     * @param clientAddress the client address
     * @param serverLogicalAddress the logical device
     * @param apdu the response APDU
     * @return a response
     */
    public static HdlcServerResponse of(int clientAddress, int serverLogicalAddress, Apdu apdu) {
        return new HdlcServerResponse(clientAddress, serverLogicalAddress, ApduCodec.encode(apdu), false);
    }

    /**
     * @param clientAddress the client address
     * @param serverLogicalAddress the logical device
     * @param apdu the APDU bytes
     * @return a response carrying them unchanged
     */
    public static HdlcServerResponse raw(int clientAddress, int serverLogicalAddress, byte[] apdu) {
        return new HdlcServerResponse(clientAddress, serverLogicalAddress, apdu, false);
    }

    /**
     * @param clientAddress the client address
     * @param serverLogicalAddress the logical device
     * @param apdu the APDU bytes to push
     * @return an unsolicited message
     */
    public static HdlcServerResponse push(int clientAddress, int serverLogicalAddress, byte[] apdu) {
        return new HdlcServerResponse(clientAddress, serverLogicalAddress, apdu, true);
    }

    /** @return a copy of the APDU bytes */
    @Override
    public byte[] apdu() {
        return apdu.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcServerResponse r && r.clientAddress == clientAddress
                && r.serverLogicalAddress == serverLogicalAddress && r.unsolicited == unsolicited
                && Arrays.equals(r.apdu, apdu);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientAddress, serverLogicalAddress, unsolicited, Arrays.hashCode(apdu));
    }

    @Override
    public String toString() {
        return "HdlcServerResponse[" + serverLogicalAddress + " -> " + clientAddress + (unsolicited ? ", push" : "")
                + ", " + apdu.length + " bytes " + Hex.abbreviate(apdu) + "]";
    }
}
