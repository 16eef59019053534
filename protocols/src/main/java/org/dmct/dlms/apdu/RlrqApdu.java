package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The RLRQ (A-Release Request, tag 0x62) a client sends to close an association. The reason
 * ({@link #NORMAL}, {@link #URGENT}, {@link #USER_DEFINED}) and the user-information are both
 * optional; user-information, when present, is kept as the raw xDLMS APDU it contains (in
 * ciphered contexts a glo-initiate-request that proves the release comes from the client).
 *
 * @param reason the release-request-reason, or null
 * @param userInformation the xDLMS APDU inside user-information, or null
 */
public record RlrqApdu(Integer reason, byte[] userInformation) implements Apdu {

    /** Reason normal (0). */
    public static final int NORMAL = 0;
    /** Reason urgent (1). */
    public static final int URGENT = 1;
    /** Reason user-defined (30). */
    public static final int USER_DEFINED = 30;

    /** Copies the user-information. */
    public RlrqApdu {
        userInformation = userInformation == null ? null : userInformation.clone();
    }

    /**
     * An RLRQ without user-information.
     *
     * @param reason the reason, or null
     */
    public RlrqApdu(Integer reason) {
        this(reason, null);
    }

    /** @return a copy, or null */
    @Override
    public byte[] userInformation() {
        return userInformation == null ? null : userInformation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RlrqApdu r && Objects.equals(r.reason, reason) && Arrays.equals(r.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, Arrays.hashCode(userInformation));
    }

    @Override
    public String toString() {
        return "RlrqApdu[reason=" + reason
                + (userInformation != null ? ", userInformation=" + Hex.abbreviate(userInformation) : "") + "]";
    }
}
