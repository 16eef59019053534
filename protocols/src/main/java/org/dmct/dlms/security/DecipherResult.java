package org.dmct.dlms.security;

import java.util.Objects;
import java.util.Optional;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduDecodeResult;

/**
 * The outcome of opening a received ciphered APDU, carried as data: either the plain APDU with
 * its bytes, the sender's invocation counter and security control, or a {@link Failure} kind with
 * a message. Messages name counters, tags and lengths, never key bytes, so a failure can be logged
 * and written to evidence as it is.
 */
public final class DecipherResult {

    /** Why an APDU could not be opened. */
    public enum Failure {
        /** The bytes are not a well-formed APDU. */
        MALFORMED,
        /** The APDU is not a ciphered one this context opens. */
        NOT_CIPHERED,
        /** A feature the APDU asks for is not implemented (compression, broadcast key, dedicated key). */
        UNSUPPORTED,
        /** The security control byte names another suite. */
        WRONG_SECURITY_CONTROL,
        /** The APDU lacks a protection the policy requires. */
        POLICY_MISMATCH,
        /** The sender's system title is not known yet, so no nonce can be built. */
        SYSTEM_TITLE_UNKNOWN,
        /** A general-glo-ciphering APDU names another sender than the association's peer. */
        SYSTEM_TITLE_MISMATCH,
        /** The invocation counter equals the highest already accepted from the peer. */
        REPLAYED_COUNTER,
        /** The invocation counter is below the highest already accepted from the peer. */
        STALE_COUNTER,
        /** The payload is shorter than the authentication tag. */
        TRUNCATED,
        /** The authentication tag does not verify: wrong key, or the APDU was altered. */
        AUTHENTICATION_FAILED,
        /** The plaintext is not a well-formed APDU, or not the kind the ciphered tag announces. */
        MALFORMED_PLAINTEXT
    }

    private final Failure failure;
    private final String message;
    private final ApduDecodeResult plain;
    private final long invocationCounter;
    private final SecurityControl securityControl;

    private DecipherResult(Failure failure, String message, ApduDecodeResult plain, long invocationCounter,
                           SecurityControl securityControl) {
        this.failure = failure;
        this.message = message;
        this.plain = plain;
        this.invocationCounter = invocationCounter;
        this.securityControl = securityControl;
    }

    static DecipherResult success(ApduDecodeResult plain, long invocationCounter, SecurityControl sc) {
        return new DecipherResult(null, null, Objects.requireNonNull(plain), invocationCounter, sc);
    }

    static DecipherResult failure(Failure failure, String message) {
        return new DecipherResult(Objects.requireNonNull(failure), Objects.requireNonNull(message), null, -1, null);
    }

    static DecipherResult failure(Failure failure, String message, ApduDecodeResult plain, long ic,
                                  SecurityControl sc) {
        return new DecipherResult(Objects.requireNonNull(failure), Objects.requireNonNull(message), plain, ic, sc);
    }

    /** @return true if the APDU was opened and its plaintext decoded */
    public boolean isSuccess() {
        return failure == null;
    }

    /** @return the failure kind, empty on success */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return what went wrong, empty on success */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /**
     * Returns the plain APDU.
     *
     * @return the APDU
     * @throws IllegalStateException on a failure, with its message
     */
    public Apdu apdu() {
        if (failure != null) {
            throw new IllegalStateException("deciphering failed: " + failure + ": " + message);
        }
        return plain.apdu();
    }

    /**
     * @param type the expected APDU type
     * @param <T> the type
     * @return the plain APDU if it was opened and is of that type
     */
    public <T extends Apdu> Optional<T> as(Class<T> type) {
        return failure == null ? plain.as(type) : Optional.empty();
    }

    /**
     * The decoding of the plaintext: present on success, and on {@link Failure#MALFORMED_PLAINTEXT}
     * where it tells what was wrong with the plaintext and holds its bytes.
     *
     * @return the plaintext's decode result
     */
    public Optional<ApduDecodeResult> plaintext() {
        return Optional.ofNullable(plain);
    }

    /** @return the sender's invocation counter, -1 if the APDU was not read that far */
    public long invocationCounter() {
        return invocationCounter;
    }

    /** @return the received security control, empty if the APDU was not read that far */
    public Optional<SecurityControl> securityControl() {
        return Optional.ofNullable(securityControl);
    }

    @Override
    public String toString() {
        return failure == null ? "DecipherResult[success IC=" + invocationCounter + ", " + plain.apdu() + "]"
                : "DecipherResult[" + failure + ": " + message + "]";
    }
}
