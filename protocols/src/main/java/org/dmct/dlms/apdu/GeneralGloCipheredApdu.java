package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The general-glo-ciphering APDU (tag 0xDB): it can protect any xDLMS APDU, and unlike the
 * service-specific glo- APDUs it names the sender, so a receiver that has not yet learnt the
 * peer's system title (an event push, for example) can still build the nonce. On the wire: the tag,
 * the system title as an octet string (8 bytes), then an octet string of the security control
 * byte, the 4-byte invocation counter and the protected payload (ciphertext and 12-byte tag).
 *
 * @param systemTitle the sender's system title, 8 bytes
 * @param securityControl the security control byte, 0..255
 * @param invocationCounter the sender's invocation counter, 0..2^32-1
 * @param payload the protected payload, not including the security header
 */
public record GeneralGloCipheredApdu(byte[] systemTitle, int securityControl, long invocationCounter, byte[] payload)
        implements Apdu {

    /** Length of a system title. */
    public static final int SYSTEM_TITLE_LENGTH = 8;

    /** Checks the ranges and copies. */
    public GeneralGloCipheredApdu {
        Objects.requireNonNull(systemTitle, "systemTitle");
        if (systemTitle.length != SYSTEM_TITLE_LENGTH) {
            throw new IllegalArgumentException("a system title is 8 bytes, got " + systemTitle.length);
        }
        if (securityControl < 0 || securityControl > 0xFF) {
            throw new IllegalArgumentException("security control must be 0..255, got " + securityControl);
        }
        if (invocationCounter < 0 || invocationCounter > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("invocation counter must be 0..2^32-1, got " + invocationCounter);
        }
        systemTitle = systemTitle.clone();
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    /** @return a copy of the system title */
    @Override
    public byte[] systemTitle() {
        return systemTitle.clone();
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneralGloCipheredApdu c && Arrays.equals(c.systemTitle, systemTitle)
                && c.securityControl == securityControl && c.invocationCounter == invocationCounter
                && Arrays.equals(c.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(systemTitle), securityControl, invocationCounter, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "GeneralGloCipheredApdu[systemTitle=" + Hex.format(systemTitle) + ", SC=" + Hex.byteHex(securityControl)
                + ", IC=" + invocationCounter + ", payload=(" + payload.length + " bytes)]";
    }
}
