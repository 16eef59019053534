package org.dmct.sim.device;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The firmware image container the simulated devices accept through image transfer (class 18), documented in
 * lab-config/README.md: a header naming the firmware identifier the image installs and the SHA-256 of its payload,
 * then the payload. Real images are vendor formats; this one carries exactly what a device checks in image_verify
 * (that the image is whole, is for the identifier it was initiated with, and that its hash matches), so a corrupted
 * or wrongly declared image fails verification the way a real one does.
 *
 * <pre>
 * offset      size  field
 * 0           8     magic "DMCTFW01" (ASCII)
 * 8           1     L, length of the identifier (1..64)
 * 9           L     target firmware identifier (ASCII), the value 11.2 reads after activation
 * 9+L         4     payload length P, unsigned big-endian
 * 13+L        32    SHA-256 of the payload
 * 45+L        P     payload
 * </pre>
 */
public final class FirmwareImage {
    /** The container's first 8 bytes. */
    public static final byte[] MAGIC = "DMCTFW01".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_LENGTH = 32;

    private FirmwareImage() {
    }

    /** An image that installs {@code identifier} with {@code payload}, its hash computed over the payload. */
    public static byte[] build(String identifier, byte[] payload) {
        return build(identifier, payload, sha256(payload));
    }

    /** An image whose header declares {@code declaredHash}, right or not (tests make wrong ones with it). */
    public static byte[] build(String identifier, byte[] payload, byte[] declaredHash) {
        byte[] id = identifier.getBytes(StandardCharsets.US_ASCII);
        if (id.length < 1 || id.length > 64) {
            throw new IllegalArgumentException("a firmware identifier is 1..64 ASCII characters, got " + id.length);
        }
        if (declaredHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes, got " + declaredHash.length);
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 1 + id.length + 4 + HASH_LENGTH + payload.length);
        b.put(MAGIC).put((byte) id.length).put(id).putInt(payload.length).put(declaredHash).put(payload);
        return b.array();
    }

    /**
     * Checks an image as image_verify does.
     *
     * @param image the bytes transferred
     * @param initiatedIdentifier the identifier image_transfer_initiate named
     * @return the identifier the image installs, or the reason verification fails
     */
    public static Verification verify(byte[] image, String initiatedIdentifier) {
        Objects.requireNonNull(image, "image");
        if (image.length < MAGIC.length + 1 || !Arrays.equals(Arrays.copyOf(image, MAGIC.length), MAGIC)) {
            return Verification.failed("not a DMCTFW01 image: the first 8 bytes are not the magic");
        }
        int idLength = image[MAGIC.length] & 0xFF;
        int headerLength = MAGIC.length + 1 + idLength + 4 + HASH_LENGTH;
        if (idLength < 1 || idLength > 64 || image.length < headerLength) {
            return Verification.failed("image header is truncated or names an identifier of " + idLength + " bytes");
        }
        String identifier = new String(image, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.wrap(image, MAGIC.length + 1 + idLength, 4 + HASH_LENGTH);
        long payloadLength = b.getInt() & 0xFFFF_FFFFL;
        byte[] declared = new byte[HASH_LENGTH];
        b.get(declared);
        if (image.length - headerLength != payloadLength) {
            return Verification.failed("header declares a payload of " + payloadLength + " bytes but "
                    + (image.length - headerLength) + " follow");
        }
        if (initiatedIdentifier != null && !initiatedIdentifier.equals(identifier)) {
            return Verification.failed("image installs '" + identifier + "' but the transfer was initiated for '"
                    + initiatedIdentifier + "'");
        }
        byte[] actual = sha256(Arrays.copyOfRange(image, headerLength, image.length));
        if (!MessageDigest.isEqual(actual, declared)) {
            return Verification.failed("SHA-256 of the payload is " + HexFormat.of().formatHex(actual)
                    + " but the header declares " + HexFormat.of().formatHex(declared));
        }
        return new Verification(identifier, declared, null);
    }

    /** The declared SHA-256 (the image's signature in image_to_activate_info), or null if the header is unreadable. */
    static byte[] declaredHash(byte[] image) {
        if (image.length < MAGIC.length + 1) {
            return null;
        }
        int idLength = image[MAGIC.length] & 0xFF;
        int at = MAGIC.length + 1 + idLength + 4;
        return image.length < at + HASH_LENGTH ? null : Arrays.copyOfRange(image, at, at + HASH_LENGTH);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The outcome of image_verify: the identifier to install and the image's hash, or why not. */
    public record Verification(String identifier, byte[] hash, String failure) {
        static Verification failed(String reason) {
            return new Verification(null, null, reason);
        }

        public boolean verified() {
            return failure == null;
        }
    }
}
