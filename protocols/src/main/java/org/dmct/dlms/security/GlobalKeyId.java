package org.dmct.dlms.security;

import java.util.Optional;

/**
 * The key_id enum of the Security setup methods global_key_transfer and key_agreement: which
 * global key a key_data entry concerns.
 */
public enum GlobalKeyId {
    /** (0) global unicast encryption key. */
    GLOBAL_UNICAST_ENCRYPTION(0),
    /** (1) global broadcast encryption key. */
    GLOBAL_BROADCAST_ENCRYPTION(1),
    /** (2) authentication key. */
    AUTHENTICATION(2),
    /** (3) master key (KEK). */
    MASTER(3);

    private final int value;

    GlobalKeyId(int value) {
        this.value = value;
    }

    /** @return the enum value on the wire */
    public int value() {
        return value;
    }

    /**
     * @param value a wire value
     * @return the key id, empty if undefined
     */
    public static Optional<GlobalKeyId> fromValue(long value) {
        for (GlobalKeyId k : values()) {
            if (k.value == value) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
