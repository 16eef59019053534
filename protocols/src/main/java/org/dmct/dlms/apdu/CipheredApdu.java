package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.apdu.internal.ApduTags;
import org.dmct.dlms.internal.Hex;

/**
 * A service-specific ciphered xDLMS APDU (glo-get-request 0xC8, glo-initiate-request 0x21, ... and
 * their ded- counterparts): the tag, then an octet string holding the security header (the
 * security control byte and the 4-byte invocation counter) and the protected payload. The payload
 * is the ciphertext (or, for authentication only, the plaintext) followed by the 12-byte
 * authentication tag when the security control asks for authentication. This record only carries
 * the bytes; the security layer ({@code org.dmct.dlms.security.CipheringContext}) interprets them.
 *
 * @param tag the APDU tag, one of the glo- or ded- ciphered service tags
 * @param securityControl the security control byte, 0..255
 * @param invocationCounter the sender's invocation counter, 0..2^32-1
 * @param payload the protected payload (ciphertext and tag), not including the security header
 */
public record CipheredApdu(int tag, int securityControl, long invocationCounter, byte[] payload) implements Apdu {

    /** Checks the ranges and copies. */
    public CipheredApdu {
        if (!ApduTags.isServiceCiphered(tag)) {
            throw new IllegalArgumentException(Hex.byteHex(tag) + " is not a glo- or ded- ciphered APDU tag");
        }
        if (securityControl < 0 || securityControl > 0xFF) {
            throw new IllegalArgumentException("security control must be 0..255, got " + securityControl);
        }
        if (invocationCounter < 0 || invocationCounter > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("invocation counter must be 0..2^32-1, got " + invocationCounter);
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return the standard name of the tag, e.g. glo-get-request */
    public String tagName() {
        return ApduTags.name(tag);
    }

    /** @return true for the ded- (dedicated key) variants */
    public boolean dedicated() {
        return ApduTags.isDedicatedCiphered(tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CipheredApdu c && c.tag == tag && c.securityControl == securityControl
                && c.invocationCounter == invocationCounter && Arrays.equals(c.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tag, securityControl, invocationCounter, Arrays.hashCode(payload));
    }

    /** Ciphertext is not secret, but is long and says nothing to a reader; only its length is shown. */
    @Override
    public String toString() {
        return "CipheredApdu[" + tagName() + ", SC=" + Hex.byteHex(securityControl) + ", IC=" + invocationCounter
                + ", payload=(" + payload.length + " bytes)]";
    }
}
