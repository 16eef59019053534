package org.dmct.dlms.apdu;

import java.util.Objects;

/**
 * The xDLMS InitiateResponse (tag 0x08) a server returns inside an accepting AARE: the DLMS
 * version, the conformance block it grants, the largest APDU it can receive, and the VAA name
 * ({@link #VAA_NAME_LN} 0x0007 for LN referencing, {@link #VAA_NAME_SN} 0xFA00 for SN).
 *
 * @param negotiatedQualityOfService Integer8 QoS, or null
 * @param negotiatedDlmsVersion the DLMS version, normally 6
 * @param negotiatedConformance the services granted
 * @param serverMaxReceivePduSize largest APDU the server accepts, 0..65535
 * @param vaaName the VAA name as its 16 bits, 0..65535
 */
public record InitiateResponse(Integer negotiatedQualityOfService, int negotiatedDlmsVersion,
                               Conformance negotiatedConformance, int serverMaxReceivePduSize, int vaaName)
        implements Apdu {

    /** VAA name of LN referencing. */
    public static final int VAA_NAME_LN = 0x0007;
    /** VAA name of SN referencing. */
    public static final int VAA_NAME_SN = 0xFA00;

    /** Range checks. */
    public InitiateResponse {
        if (negotiatedQualityOfService != null
                && (negotiatedQualityOfService < -128 || negotiatedQualityOfService > 127)) {
            throw new IllegalArgumentException("quality of service is an Integer8, got " + negotiatedQualityOfService);
        }
        if (negotiatedDlmsVersion < 0 || negotiatedDlmsVersion > 255) {
            throw new IllegalArgumentException("DLMS version is an Unsigned8, got " + negotiatedDlmsVersion);
        }
        Objects.requireNonNull(negotiatedConformance, "negotiatedConformance");
        if (serverMaxReceivePduSize < 0 || serverMaxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("server-max-receive-pdu-size is an Unsigned16, got "
                    + serverMaxReceivePduSize);
        }
        if (vaaName < 0 || vaaName > 0xFFFF) {
            throw new IllegalArgumentException("vaa-name is 16 bits, got " + vaaName);
        }
    }

    /**
     * The usual LN response: no QoS, DLMS version 6, VAA name 0x0007.
     *
     * @param conformance the services granted
     * @param serverMaxReceivePduSize largest APDU the server accepts
     * @return the response
     */
    public static InitiateResponse of(Conformance conformance, int serverMaxReceivePduSize) {
        return new InitiateResponse(null, 6, conformance, serverMaxReceivePduSize, VAA_NAME_LN);
    }
}
