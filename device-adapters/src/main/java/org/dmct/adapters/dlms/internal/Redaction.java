package org.dmct.adapters.dlms.internal;

/**
 * Keeps secrets out of evidence: the copy of a frame that goes to the evidence log has a secret's bytes overwritten
 * with {@code '*'} (same length, so the frame's length fields still read true). The frame on the wire is untouched.
 */
final class Redaction {
    private static final byte MASK = '*';

    private Redaction() {
    }

    /** Overwrites every occurrence of {@code secret} in {@code frame}; true when there was one. */
    static boolean mask(byte[] frame, byte[] secret) {
        if (secret.length == 0) {
            return false;
        }
        boolean found = false;
        for (int i = 0; i + secret.length <= frame.length; i++) {
            if (matches(frame, i, secret)) {
                for (int j = 0; j < secret.length; j++) {
                    frame[i + j] = MASK;
                }
                found = true;
                i += secret.length - 1;
            }
        }
        return found;
    }

    private static boolean matches(byte[] frame, int at, byte[] secret) {
        for (int j = 0; j < secret.length; j++) {
            if (frame[at + j] != secret[j]) {
                return false;
            }
        }
        return true;
    }
}
