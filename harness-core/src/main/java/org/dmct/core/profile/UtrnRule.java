package org.dmct.core.profile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a simulated prepayment model checks a 20-digit UTRN (Unique Transaction Reference Number), a rule of this
 * project's own since the real ones are vendor secrets. Digits 1-8 are the amount in pence, digits 9-14 a sequence
 * number the head-end never repeats, digits 15-20 a check value: the first four bytes of
 * HMAC-SHA256(device key, first 14 digits) as an unsigned number, modulo 1,000,000. The device key is
 * HMAC-SHA256(model key, serial number), so a UTRN minted for one meter is refused by every other. The model key is
 * a simulation setting, never printed ({@link #toString()} hides it).
 */
public final class UtrnRule {
    /** Why a UTRN is refused, named as the Blue Book's token gateway token_status codes. */
    public enum Failure {
        /** Not 20 decimal digits: token_status 4, token format failure. */
        FORMAT,
        /** The check digits do not match: token_status 5, authentication failure. */
        AUTHENTICATION,
        /** Already used on this meter: token_status 6, validation failure. */
        VALIDATION
    }

    /** A UTRN that passed the format and check-digit tests. */
    public record Token(long amountPence, int sequence) { }

    private final byte[] modelKey;

    public UtrnRule(String modelKey) {
        if (modelKey == null || modelKey.isBlank()) {
            throw new IllegalArgumentException("a UTRN rule needs a model key");
        }
        this.modelKey = modelKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks format and check digits; reuse is the meter's business (it keeps the sequence numbers it has seen). */
    public Optional<Failure> check(String serialNumber, String utrn) {
        if (utrn == null || utrn.length() != 20 || !utrn.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(Failure.FORMAT);
        }
        return checkDigits(serialNumber, utrn.substring(0, 14)).equals(utrn.substring(14))
                ? Optional.empty() : Optional.of(Failure.AUTHENTICATION);
    }

    /** The amount and sequence number of a UTRN that {@link #check} accepted. */
    public static Token parse(String utrn) {
        return new Token(Long.parseLong(utrn.substring(0, 8)), Integer.parseInt(utrn.substring(8, 14)));
    }

    /** Makes a valid UTRN, as a head-end would: for tests and for the stimulus of a consumer's top-up. */
    public String mint(String serialNumber, long amountPence, int sequence) {
        if (amountPence < 0 || amountPence > 99_999_999L || sequence < 0 || sequence > 999_999) {
            throw new IllegalArgumentException("a UTRN carries 0..99999999 pence and sequence 0..999999");
        }
        String body = String.format("%08d%06d", amountPence, sequence);
        return body + checkDigits(serialNumber, body);
    }

    private String checkDigits(String serialNumber, String body) {
        byte[] deviceKey = hmac(modelKey, serialNumber.getBytes(StandardCharsets.UTF_8));
        byte[] mac = hmac(deviceKey, body.getBytes(StandardCharsets.US_ASCII));
        long v = ((mac[0] & 0xFFL) << 24) | ((mac[1] & 0xFFL) << 16) | ((mac[2] & 0xFFL) << 8) | (mac[3] & 0xFFL);
        return String.format("%06d", v % 1_000_000L);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtrnRule other && java.util.Arrays.equals(modelKey, other.modelKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(modelKey);
    }

    @Override
    public String toString() {
        return "UtrnRule[hmac-sha256, key hidden]";
    }
}
