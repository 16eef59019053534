package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.dmct.dlms.internal.Hex;

/**
 * The outcome of decoding one APDU, carried as data in the manner of Netty's DecoderResult:
 * either the decoded {@link Apdu}, or a failure with the reason, the byte offset where decoding
 * stopped and the bytes that were being decoded. Both kinds keep the input bytes, so a caller
 * can record exactly what was received whatever the outcome.
 */
public final class ApduDecodeResult {

    private final Apdu apdu;
    private final String reason;
    private final int offset;
    private final byte[] bytes;

    private ApduDecodeResult(Apdu apdu, String reason, int offset, byte[] bytes) {
        this.apdu = apdu;
        this.reason = reason;
        this.offset = offset;
        this.bytes = bytes.clone();
    }

    /**
     * @param apdu the decoded APDU
     * @param bytes the bytes it was decoded from
     * @return a successful result
     */
    public static ApduDecodeResult success(Apdu apdu, byte[] bytes) {
        return new ApduDecodeResult(Objects.requireNonNull(apdu, "apdu"), null, -1, bytes);
    }

    /**
     * @param reason what was wrong
     * @param offset where decoding stopped, from the start of the bytes
     * @param bytes the bytes that could not be decoded
     * @return a failed result
     */
    public static ApduDecodeResult failure(String reason, int offset, byte[] bytes) {
        return new ApduDecodeResult(null, Objects.requireNonNull(reason, "reason"), offset, bytes);
    }

    /**
     * @return true if an APDU was decoded
     */
    public boolean isSuccess() {
        return apdu != null;
    }

    /**
     * @return true if decoding failed
     */
    public boolean isFailure() {
        return apdu == null;
    }

    /**
     * Returns the decoded APDU.
     *
     * @return the APDU
     * @throws IllegalStateException on a failed result, with the failure reason
     */
    public Apdu apdu() {
        if (apdu == null) {
            throw new IllegalStateException("APDU decoding failed: " + reason + " (at byte offset " + offset + ")");
        }
        return apdu;
    }

    /**
     * @return the APDU, or empty on failure
     */
    public Optional<Apdu> toOptional() {
        return Optional.ofNullable(apdu);
    }

    /**
     * @param type the expected APDU type
     * @param <T> the type
     * @return the APDU if decoding succeeded and it is of that type
     */
    public <T extends Apdu> Optional<T> as(Class<T> type) {
        return type.isInstance(apdu) ? Optional.of(type.cast(apdu)) : Optional.empty();
    }

    /**
     * Returns what was wrong.
     *
     * @return the reason
     * @throws IllegalStateException on a successful result
     */
    public String reason() {
        requireFailure();
        return reason;
    }

    /**
     * Returns where decoding stopped.
     *
     * @return the offset from the start of {@link #bytes()}
     * @throws IllegalStateException on a successful result
     */
    public int offset() {
        requireFailure();
        return offset;
    }

    /**
     * @return a copy of the whole input
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the input from the failure offset on, the part the decoder choked on.
     *
     * @return a copy, empty if the failure is at the end (truncation)
     * @throws IllegalStateException on a successful result
     */
    public byte[] offendingBytes() {
        requireFailure();
        return Arrays.copyOfRange(bytes, Math.min(Math.max(offset, 0), bytes.length), bytes.length);
    }

    private void requireFailure() {
        if (apdu != null) {
            throw new IllegalStateException("the APDU was decoded successfully: " + apdu);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApduDecodeResult r && Objects.equals(r.apdu, apdu) && Objects.equals(r.reason, reason)
                && r.offset == offset && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apdu, reason, offset, Arrays.hashCode(bytes));
    }

    /** A failure shows the bytes before and after the offset separated by " | ". */
    @Override
    public String toString() {
        if (apdu != null) {
            return "ApduDecodeResult[success " + apdu + "]";
        }
        int cut = Math.min(Math.max(offset, 0), bytes.length);
        return "ApduDecodeResult[failure at byte offset " + offset + ": " + reason + "; bytes "
                + Hex.abbreviate(Arrays.copyOfRange(bytes, 0, cut)) + " | "
                + Hex.abbreviate(Arrays.copyOfRange(bytes, cut, bytes.length)) + "]";
    }
}
