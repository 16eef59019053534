package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * The RLRE (A-Release Response, tag 0x63) a server sends to confirm the release. The reason
 * ({@link #NORMAL}, {@link #NOT_FINISHED}, {@link #USER_DEFINED}) and the user-information are
 * optional; user-information is kept as the raw xDLMS APDU it contains.
 *
 * @param reason the release-response-reason, or null
 * @param userInformation the xDLMS APDU inside user-information, or null
 */
public record RlreApdu(Integer reason, byte[] userInformation) implements Apdu {

    /** Reason normal (0). */
    public static final int NORMAL = 0;
    /** Reason not-finished (1). */
    public static final int NOT_FINISHED = 1;
    /** Reason user-defined (30). */
    public static final int USER_DEFINED = 30;

    /** Copies the user-information. */
    public RlreApdu {
        userInformation = userInformation == null ? null : userInformation.clone();
    }

    /**
     * An RLRE without user-information.
     *
     * @param reason the reason, or null
     */
    public RlreApdu(Integer reason) {
        this(reason, null);
    }

    /** @return a copy, or null */
    @Override
    public byte[] userInformation() {
        return userInformation == null ? null : userInformation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RlreApdu r && Objects.equals(r.reason, reason) && Arrays.equals(r.userInformation, userInformation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, Arrays.hashCode(userInformation));
    }

    @Override
    public String toString() {
        return "RlreApdu[reason=" + reason
                + (userInformation != null ? ", userInformation=" + Hex.abbreviate(userInformation) : "") + "]";
    }
}
