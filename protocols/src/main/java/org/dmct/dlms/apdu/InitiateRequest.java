package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;

/**
 * The xDLMS InitiateRequest (tag 0x01) a client sends inside the AARQ's user-information: the
 * DLMS version, the conformance block it proposes and the largest APDU it can receive. A
 * dedicated key is only present in ciphered contexts. {@code responseAllowed} true is encoded
 * as the ASN.1 default (absent), false explicitly.
 *
 * @param dedicatedKey the dedicated key, or null
 * @param responseAllowed false for an unconfirmed association
 * @param proposedQualityOfService Integer8 QoS, or null
 * @param proposedDlmsVersion the DLMS version, normally 6
 * @param proposedConformance the services proposed
 * @param clientMaxReceivePduSize largest APDU the client accepts, 0..65535
 */
public record InitiateRequest(byte[] dedicatedKey, boolean responseAllowed, Integer proposedQualityOfService,
                              int proposedDlmsVersion, Conformance proposedConformance,
                              int clientMaxReceivePduSize) implements Apdu {

    /** Range checks and copy of the key. */
    public InitiateRequest {
        dedicatedKey = dedicatedKey == null ? null : dedicatedKey.clone();
        if (dedicatedKey != null && dedicatedKey.length > 0xFFFF) {
            throw new IllegalArgumentException("dedicated key too long: " + dedicatedKey.length);
        }
        if (proposedQualityOfService != null && (proposedQualityOfService < -128 || proposedQualityOfService > 127)) {
            throw new IllegalArgumentException("quality of service is an Integer8, got " + proposedQualityOfService);
        }
        if (proposedDlmsVersion < 0 || proposedDlmsVersion > 255) {
            throw new IllegalArgumentException("DLMS version is an Unsigned8, got " + proposedDlmsVersion);
        }
        Objects.requireNonNull(proposedConformance, "proposedConformance");
        if (clientMaxReceivePduSize < 0 || clientMaxReceivePduSize > 0xFFFF) {
            throw new IllegalArgumentException("client-max-receive-pdu-size is an Unsigned16, got "
                    + clientMaxReceivePduSize);
        }
    }

    /**
     * The usual request: no key, response allowed, no QoS, DLMS version 6.
     *
     * @param conformance the services proposed
     * @param clientMaxReceivePduSize largest APDU the client accepts
     * @return the request
     */
    public static InitiateRequest of(Conformance conformance, int clientMaxReceivePduSize) {
        return new InitiateRequest(null, true, null, 6, conformance, clientMaxReceivePduSize);
    }

    /**
     * @return a copy of the dedicated key, or null
     */
    @Override
    public byte[] dedicatedKey() {
        return dedicatedKey == null ? null : dedicatedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InitiateRequest r && Arrays.equals(r.dedicatedKey, dedicatedKey)
                && r.responseAllowed == responseAllowed
                && Objects.equals(r.proposedQualityOfService, proposedQualityOfService)
                && r.proposedDlmsVersion == proposedDlmsVersion
                && r.proposedConformance.equals(proposedConformance)
                && r.clientMaxReceivePduSize == clientMaxReceivePduSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(dedicatedKey), responseAllowed, proposedQualityOfService,
                proposedDlmsVersion, proposedConformance, clientMaxReceivePduSize);
    }

    /** The dedicated key is a secret, so only its presence and length are shown. */
    @Override
    public String toString() {
        return "InitiateRequest[dedicatedKey=" + (dedicatedKey == null ? "none" : "(" + dedicatedKey.length + " bytes)")
                + ", responseAllowed=" + responseAllowed + ", proposedQualityOfService=" + proposedQualityOfService
                + ", proposedDlmsVersion=" + proposedDlmsVersion + ", proposedConformance=" + proposedConformance
                + ", clientMaxReceivePduSize=" + clientMaxReceivePduSize + "]";
    }
}
