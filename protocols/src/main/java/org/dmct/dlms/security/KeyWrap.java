package org.dmct.dlms.security;

import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES key wrap (RFC 3394, the default initial value A6A6A6A6A6A6A6A6) as DLMS uses it to carry new keys in
 * Security setup's {@code global_key_transfer} (class 64 method 2): each key is wrapped with the master key (KEK), so
 * a 16-byte key travels as 24 bytes whose integrity check fails on a wrong KEK. Unwrapping a wrapped key made with
 * another KEK, or an altered one, is a {@link Result} carrying the reason, never an exception.
 */
public final class KeyWrap {
    /** What unwrapping gave: the key, or why there is none. */
    public record Result(byte[] key, String failure) {
        public boolean isSuccess() {
            return key != null;
        }

        @Override
        public String toString() {
            // a key is never shown
            return isSuccess() ? "KeyWrap.Result[unwrapped " + key.length + " bytes]" : "KeyWrap.Result[" + failure + "]";
        }
    }

    private KeyWrap() {
    }

    /**
     * Wraps {@code key} (a multiple of 8 bytes, at least 16) with {@code kek} (16, 24 or 32 bytes).
     *
     * @throws IllegalArgumentException on a key or KEK of a length RFC 3394 does not allow (lengths only)
     */
    public static byte[] wrap(byte[] kek, byte[] key) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(key, "key");
        checkKek(kek);
        if (key.length < 16 || key.length % 8 != 0) {
            throw new IllegalArgumentException("AES key wrap needs a key of 16 bytes or more in 8-byte steps, got "
                    + key.length + " bytes");
        }
        AESWrapEngine engine = new AESWrapEngine();
        engine.init(true, new KeyParameter(kek));
        return engine.wrap(key, 0, key.length);
    }

    /** Unwraps; a wrong KEK or an altered wrapped key fails the RFC 3394 integrity check. */
    public static Result unwrap(byte[] kek, byte[] wrapped) {
        Objects.requireNonNull(kek, "kek");
        Objects.requireNonNull(wrapped, "wrapped");
        try {
            checkKek(kek);
        } catch (IllegalArgumentException e) {
            return new Result(null, e.getMessage());
        }
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            return new Result(null, "a wrapped key is 24 bytes or more in 8-byte steps, got " + wrapped.length);
        }
        AESWrapEngine engine = new AESWrapEngine();
        engine.init(false, new KeyParameter(kek));
        try {
            return new Result(engine.unwrap(wrapped, 0, wrapped.length), null);
        } catch (InvalidCipherTextException e) {
            return new Result(null, "the wrapped key fails the RFC 3394 integrity check (wrong KEK or altered)");
        }
    }

    private static void checkKek(byte[] kek) {
        if (kek.length != 16 && kek.length != 24 && kek.length != 32) {
            throw new IllegalArgumentException("a KEK is an AES key of 16, 24 or 32 bytes, got " + kek.length);
        }
    }
}
