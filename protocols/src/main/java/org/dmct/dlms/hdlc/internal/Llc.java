package org.dmct.dlms.hdlc.internal;

import java.util.Arrays;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.internal.Hex;

/**
 * The IEC 62056-46 LLC sub-layer header in front of every APDU carried over HDLC: destination
 * LSAP 0xE6, source LSAP 0xE6 from the client (command) or 0xE7 from the server (response), and
 * the quality byte 0x00. A client also accepts E6 E6 00 in answers, because OpenMUC jDLMS 1.8.0
 * servers send that (see the capture in shared/vectors); anything else fails the APDU.
 */
public final class Llc {

    /** The header a client puts in front of an APDU. */
    public static final byte[] REQUEST = {(byte) 0xE6, (byte) 0xE6, 0x00};
    /** The header a server puts in front of an APDU. */
    public static final byte[] RESPONSE = {(byte) 0xE6, (byte) 0xE7, 0x00};

    private Llc() { }

    /**
     * @param header {@link #REQUEST} or {@link #RESPONSE}
     * @param apdu the APDU bytes
     * @return header and APDU
     */
    public static byte[] prefix(byte[] header, byte[] apdu) {
        byte[] out = new byte[header.length + apdu.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(apdu, 0, out, header.length, apdu.length);
        return out;
    }

    /**
     * Checks the header of an answer from a server (E6 E7 00, or E6 E6 00 as jDLMS sends) and
     * decodes the APDU behind it.
     *
     * @param bytes the reassembled information
     * @return the decoded APDU, or a failure naming a wrong or missing header
     */
    public static ApduDecodeResult decodeResponse(byte[] bytes) {
        return decode(bytes.length >= 3 && bytes[1] == REQUEST[1] ? REQUEST : RESPONSE, bytes);
    }

    /**
     * Checks the header and decodes the APDU behind it.
     *
     * @param header the header expected
     * @param bytes the reassembled information
     * @return the decoded APDU, or a failure naming a wrong or missing header
     */
    public static ApduDecodeResult decode(byte[] header, byte[] bytes) {
        if (bytes.length < header.length
                || !Arrays.equals(bytes, 0, header.length, header, 0, header.length)) {
            return ApduDecodeResult.failure("LLC header " + Hex.format(Arrays.copyOf(bytes, Math.min(3, bytes.length)))
                    + " is not the expected " + Hex.format(header), 0, bytes);
        }
        return ApduCodec.decode(Arrays.copyOfRange(bytes, header.length, bytes.length));
    }
}
