package org.dmct.dlms.security;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.GeneralGloCipheredApdu;
import org.dmct.dlms.apdu.internal.ApduTags;
import org.dmct.dlms.internal.Hex;
import org.dmct.dlms.security.DecipherResult.Failure;
import org.dmct.dlms.security.internal.AesGcm;

/**
 * The ciphering state of one association, on either side: the suite and policy, the global
 * unicast encryption key and the authentication key (bytes supplied by the caller, copied, never
 * shown), our system title and invocation counter, and, once known, the peer's system title and
 * the highest invocation counter accepted from it. It wraps plain APDUs into glo- or
 * general-glo-ciphered ones and opens received ones into a {@link DecipherResult}; a replayed or
 * stale counter, a wrong key, an altered byte, a foreign suite or a policy mismatch is a failed
 * result, never an exception. The peer's counter only advances when an APDU authenticates, so
 * forged APDUs cannot push it forward. Methods are synchronized: a context may be shared between
 * the event loop and a caller's thread.
 */
public final class CipheringContext {

    /** Length of the AES-128 keys of suites 0 and 1. */
    public static final int KEY_LENGTH = 16;

    private static final long MAX_COUNTER = 0xFFFFFFFFL;

    private final SecuritySuite suite;
    private final SecurityPolicy policy;
    private final SystemTitle ownSystemTitle;
    private final byte[] encryptionKey;
    private final byte[] authenticationKey;
    private SystemTitle peerSystemTitle;
    private long nextInvocationCounter;
    private long highestPeerInvocationCounter = -1;

    private CipheringContext(Builder b) {
        this.suite = Objects.requireNonNull(b.suite, "suite");
        this.policy = Objects.requireNonNull(b.policy, "policy");
        this.ownSystemTitle = Objects.requireNonNull(b.ownSystemTitle, "ownSystemTitle");
        this.encryptionKey = checkedKey(b.encryptionKey, "block cipher (encryption) key");
        this.authenticationKey = checkedKey(b.authenticationKey, "authentication key");
        this.peerSystemTitle = b.peerSystemTitle;
        if (b.invocationCounter < 0 || b.invocationCounter > MAX_COUNTER) {
            throw new IllegalArgumentException("invocation counter must be 0..2^32-1, got " + b.invocationCounter);
        }
        this.nextInvocationCounter = b.invocationCounter;
        if (b.highestPeerInvocationCounter < -1 || b.highestPeerInvocationCounter > MAX_COUNTER) {
            throw new IllegalArgumentException("highest peer invocation counter must be -1..2^32-1");
        }
        this.highestPeerInvocationCounter = b.highestPeerInvocationCounter;
    }

    private byte[] checkedKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_LENGTH) {
            // the length is not secret; the bytes are never shown
            throw new IllegalArgumentException(what + " must be " + KEY_LENGTH + " bytes for " + suite + ", got "
                    + key.length);
        }
        return key.clone();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the security suite */
    public SecuritySuite suite() {
        return suite;
    }

    /** @return the policy the peer's APDUs must meet and ours are ciphered with */
    public SecurityPolicy policy() {
        return policy;
    }

    /** @return the security control byte our ciphered APDUs carry */
    public SecurityControl securityControl() {
        return SecurityControl.of(suite, policy);
    }

    /** @return our system title */
    public SystemTitle ownSystemTitle() {
        return ownSystemTitle;
    }

    /** @return the peer's system title, empty until learnt from the AARQ/AARE or set */
    public synchronized Optional<SystemTitle> peerSystemTitle() {
        return Optional.ofNullable(peerSystemTitle);
    }

    /**
     * Records the peer's system title, as read from the calling or responding AP title. A
     * different title from the one already known starts a new peer, so its counter history is
     * forgotten.
     *
     * @param title the peer's title
     */
    public synchronized void peerSystemTitle(SystemTitle title) {
        Objects.requireNonNull(title, "title");
        if (!title.equals(peerSystemTitle)) {
            highestPeerInvocationCounter = -1;
        }
        peerSystemTitle = title;
    }

    /** @return the invocation counter the next protected APDU or HLS proof will use */
    public synchronized long nextInvocationCounter() {
        return nextInvocationCounter;
    }

    /** @return the highest invocation counter accepted from the peer, -1 if none yet */
    public synchronized long highestPeerInvocationCounter() {
        return highestPeerInvocationCounter;
    }

    /**
     * Takes our next invocation counter. Each value is used once: GCM with a repeated nonce under
     * one key gives away the authentication key, so exhaustion is an error, not a wrap.
     */
    synchronized long takeInvocationCounter() {
        if (nextInvocationCounter > MAX_COUNTER) {
            throw new IllegalStateException("invocation counter exhausted (2^32 values used); new keys are needed");
        }
        return nextInvocationCounter++;
    }

    byte[] encryptionKey() {
        return encryptionKey;
    }

    byte[] authenticationKey() {
        return authenticationKey;
    }

    /**
     * Ciphers a plain xDLMS APDU into its glo- form with the context's policy.
     *
     * @param plain the APDU, e.g. a GetRequest or InitiateRequest
     * @return the ciphered APDU, ready for {@link ApduCodec#encode(Apdu)}
     * @throws IllegalArgumentException if the APDU has no glo- form (use {@link #cipherGeneral})
     * @throws IllegalStateException if the policy is NONE or the counter is exhausted
     */
    public CipheredApdu cipher(Apdu plain) {
        return cipher(ApduCodec.encode(plain));
    }

    /**
     * Ciphers the bytes of a plain xDLMS APDU into its glo- form.
     *
     * @param plainApdu the encoded APDU; its first byte selects the glo- tag
     * @return the ciphered APDU
     */
    public CipheredApdu cipher(byte[] plainApdu) {
        Objects.requireNonNull(plainApdu, "plainApdu");
        if (plainApdu.length == 0) {
            throw new IllegalArgumentException("empty APDU");
        }
        int tag = ApduTags.gloTagOf(plainApdu[0] & 0xFF);
        if (tag < 0) {
            throw new IllegalArgumentException(describe(plainApdu[0] & 0xFF)
                    + " has no glo- ciphered form; use general-glo-ciphering");
        }
        requireProtection();
        int sc = securityControl().value();
        long ic = takeInvocationCounter();
        return new CipheredApdu(tag, sc, ic,
                AesGcm.protect(sc, ownSystemTitle.bytes(), ic, encryptionKey, authenticationKey, plainApdu));
    }

    /**
     * Ciphers any xDLMS APDU into general-glo-ciphering, which names our system title.
     *
     * @param plain the APDU
     * @return the ciphered APDU
     */
    public GeneralGloCipheredApdu cipherGeneral(Apdu plain) {
        return cipherGeneral(ApduCodec.encode(plain));
    }

    /**
     * Ciphers the bytes of any xDLMS APDU into general-glo-ciphering.
     *
     * @param plainApdu the encoded APDU
     * @return the ciphered APDU
     */
    public GeneralGloCipheredApdu cipherGeneral(byte[] plainApdu) {
        Objects.requireNonNull(plainApdu, "plainApdu");
        requireProtection();
        int sc = securityControl().value();
        long ic = takeInvocationCounter();
        return new GeneralGloCipheredApdu(ownSystemTitle.bytes(), sc, ic,
                AesGcm.protect(sc, ownSystemTitle.bytes(), ic, encryptionKey, authenticationKey, plainApdu));
    }

    private void requireProtection() {
        if (!policy.authentication() && !policy.encryption()) {
            throw new IllegalStateException("security policy NONE: nothing to cipher with; send the plain APDU");
        }
    }

    /**
     * Decodes and opens received bytes.
     *
     * @param apduBytes one whole APDU as received
     * @return the result, never null
     */
    public DecipherResult decipher(byte[] apduBytes) {
        ApduDecodeResult decoded = ApduCodec.decode(apduBytes);
        if (decoded.isFailure()) {
            return DecipherResult.failure(Failure.MALFORMED, decoded.reason() + " (at byte offset "
                    + decoded.offset() + ")");
        }
        return decipher(decoded.apdu());
    }

    /**
     * Opens a received ciphered APDU.
     *
     * @param received a {@link CipheredApdu} or {@link GeneralGloCipheredApdu}
     * @return the result, never null
     */
    public synchronized DecipherResult decipher(Apdu received) {
        byte[] senderTitle;
        int sc;
        long ic;
        byte[] payload;
        int expectedPlainTag = -1;
        String name;
        if (received instanceof CipheredApdu c) {
            name = c.tagName();
            if (c.dedicated()) {
                return DecipherResult.failure(Failure.UNSUPPORTED, name
                        + " is ciphered with a dedicated key, which this context does not hold");
            }
            if (peerSystemTitle == null) {
                return DecipherResult.failure(Failure.SYSTEM_TITLE_UNKNOWN, name
                        + " received before the peer's system title is known (no AP title in the AARQ/AARE?)");
            }
            senderTitle = peerSystemTitle.bytes();
            sc = c.securityControl();
            ic = c.invocationCounter();
            payload = c.payload();
            expectedPlainTag = ApduTags.plainTagOf(c.tag());
        } else if (received instanceof GeneralGloCipheredApdu g) {
            name = "general-glo-ciphering";
            SystemTitle title = SystemTitle.of(g.systemTitle());
            if (peerSystemTitle != null && !peerSystemTitle.equals(title)) {
                return DecipherResult.failure(Failure.SYSTEM_TITLE_MISMATCH, name + " from " + title
                        + " but the peer of this association is " + peerSystemTitle);
            }
            senderTitle = g.systemTitle();
            sc = g.securityControl();
            ic = g.invocationCounter();
            payload = g.payload();
        } else {
            return DecipherResult.failure(Failure.NOT_CIPHERED, "not a ciphered APDU: "
                    + (received == null ? "null" : received.getClass().getSimpleName()));
        }
        SecurityControl control = new SecurityControl(sc);
        if (control.suiteId() != suite.id()) {
            return DecipherResult.failure(Failure.WRONG_SECURITY_CONTROL, name + " has " + control
                    + " but this association uses suite " + suite.id());
        }
        if (control.compression()) {
            return DecipherResult.failure(Failure.UNSUPPORTED, name + " has " + control
                    + ": compression is not supported");
        }
        if (control.broadcastKey()) {
            return DecipherResult.failure(Failure.UNSUPPORTED, name + " has " + control
                    + ": the broadcast key is not held by this context");
        }
        if (!control.authentication() && !control.encryption()) {
            return DecipherResult.failure(Failure.WRONG_SECURITY_CONTROL, name + " has " + control
                    + ": a ciphered APDU must be authenticated, encrypted or both");
        }
        if (!policy.isMetBy(control)) {
            return DecipherResult.failure(Failure.POLICY_MISMATCH, name + " has " + control + " but the policy "
                    + policy + " requires more");
        }
        if (ic == highestPeerInvocationCounter) {
            return DecipherResult.failure(Failure.REPLAYED_COUNTER, name + " repeats invocation counter " + ic);
        }
        if (ic < highestPeerInvocationCounter) {
            return DecipherResult.failure(Failure.STALE_COUNTER, name + " has invocation counter " + ic
                    + ", below " + highestPeerInvocationCounter + " already accepted");
        }
        if (control.authentication() && payload.length < AesGcm.TAG_LENGTH) {
            return DecipherResult.failure(Failure.TRUNCATED, name + " payload is " + payload.length
                    + " bytes, shorter than the " + AesGcm.TAG_LENGTH + "-byte authentication tag");
        }
        byte[] plaintext;
        try {
            plaintext = AesGcm.unprotect(sc, senderTitle, ic, encryptionKey, authenticationKey, payload);
        } catch (AesGcm.TagMismatch e) {
            return DecipherResult.failure(Failure.AUTHENTICATION_FAILED, name + " with invocation counter " + ic
                    + ": authentication tag does not verify (wrong key, or the APDU was altered)");
        }
        highestPeerInvocationCounter = ic;
        ApduDecodeResult plain = ApduCodec.decode(plaintext);
        if (plain.isFailure()) {
            return DecipherResult.failure(Failure.MALFORMED_PLAINTEXT, name + " deciphered to a malformed APDU: "
                    + plain.reason() + " (at byte offset " + plain.offset() + ")", plain, ic, control);
        }
        if (expectedPlainTag >= 0 && (plaintext[0] & 0xFF) != expectedPlainTag) {
            return DecipherResult.failure(Failure.MALFORMED_PLAINTEXT, name + " carried " + describe(plaintext[0] & 0xFF)
                    + " instead of " + describe(expectedPlainTag), plain, ic, control);
        }
        return DecipherResult.success(plain, ic, control);
    }

    private static String describe(int tag) {
        String name = ApduTags.name(tag);
        return (name == null ? "tag" : name) + " (" + Hex.byteHex(tag) + ")";
    }

    @Override
    public synchronized String toString() {
        return "CipheringContext[" + suite + ", " + policy + ", own " + ownSystemTitle + ", peer "
                + (peerSystemTitle == null ? "unknown" : peerSystemTitle.toString()) + ", next IC "
                + nextInvocationCounter + ", highest peer IC " + highestPeerInvocationCounter + "]";
    }

    /** Collects the settings of a {@link CipheringContext}; key arrays are copied by {@link #build()}. */
    public static final class Builder {
        private SecuritySuite suite = SecuritySuite.SUITE_0;
        private SecurityPolicy policy = SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED;
        private SystemTitle ownSystemTitle;
        private SystemTitle peerSystemTitle;
        private byte[] encryptionKey;
        private byte[] authenticationKey;
        private long invocationCounter;
        private long highestPeerInvocationCounter = -1;

        private Builder() { }

        /** @param value the suite (default suite 0) @return this */
        public Builder suite(SecuritySuite value) {
            suite = value;
            return this;
        }

        /** @param value the policy (default authenticated and encrypted) @return this */
        public Builder policy(SecurityPolicy value) {
            policy = value;
            return this;
        }

        /** @param value our system title @return this */
        public Builder ownSystemTitle(SystemTitle value) {
            ownSystemTitle = value;
            return this;
        }

        /** @param value the peer's system title if known in advance @return this */
        public Builder peerSystemTitle(SystemTitle value) {
            peerSystemTitle = value;
            return this;
        }

        /** @param value the global unicast encryption key (16 bytes) @return this */
        public Builder encryptionKey(byte[] value) {
            encryptionKey = value == null ? null : value.clone();
            return this;
        }

        /** @param value the authentication key (16 bytes) @return this */
        public Builder authenticationKey(byte[] value) {
            authenticationKey = value == null ? null : value.clone();
            return this;
        }

        /** @param value our first invocation counter (default 0); persist and restore it across associations @return this */
        public Builder invocationCounter(long value) {
            invocationCounter = value;
            return this;
        }

        /** @param value the highest counter already accepted from the peer, -1 for none (default) @return this */
        public Builder highestPeerInvocationCounter(long value) {
            highestPeerInvocationCounter = value;
            return this;
        }

        /** @return the context */
        public CipheringContext build() {
            try {
                return new CipheringContext(this);
            } finally {
                if (encryptionKey != null) {
                    Arrays.fill(encryptionKey, (byte) 0);
                }
                if (authenticationKey != null) {
                    Arrays.fill(authenticationKey, (byte) 0);
                }
                encryptionKey = null;
                authenticationKey = null;
            }
        }
    }
}
