package org.dmct.dlms.wrapper;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * One IEC 62056-47 wrapper transport unit: the header fields and the payload (one APDU). wPorts
 * identify the application processes at each end: the client SAP (e.g. 16 public, 1 management)
 * and the server logical device (1 for the management logical device). Equality compares the
 * payload by content.
 *
 * @param version the wrapper version, 0x0001 for the current standard
 * @param sourceWPort the sender's wPort, 0..65535
 * @param destinationWPort the receiver's wPort, 0..65535
 * @param payload the APDU, at most 65535 bytes
 */
public record WrapperFrame(int version, int sourceWPort, int destinationWPort, byte[] payload) {

    /** The only version IEC 62056-47 defines. */
    public static final int VERSION = 0x0001;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 8;
    /** Largest payload the 16-bit length field can announce. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    /** Range checks and copy. */
    public WrapperFrame {
        check("version", version);
        check("source wPort", sourceWPort);
        check("destination wPort", destinationWPort);
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("wrapper payload is at most 65535 bytes, got " + payload.length);
        }
        payload = payload.clone();
    }

    private static void check(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be 0..65535, got " + value);
        }
    }

    /**
     * A version-1 frame.
     *
     * @param sourceWPort the sender's wPort
     * @param destinationWPort the receiver's wPort
     * @param payload the APDU
     * @return the frame
     */
    public static WrapperFrame of(int sourceWPort, int destinationWPort, byte[] payload) {
        return new WrapperFrame(VERSION, sourceWPort, destinationWPort, payload);
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * @return the payload length, without copying
     */
    public int payloadLength() {
        return payload.length;
    }

    /**
     * Returns the whole transport unit as sent on the wire.
     *
     * @return header and payload
     */
    public byte[] toBytes() {
        byte[] b = new byte[HEADER_LENGTH + payload.length];
        b[0] = (byte) (version >> 8);
        b[1] = (byte) version;
        b[2] = (byte) (sourceWPort >> 8);
        b[3] = (byte) sourceWPort;
        b[4] = (byte) (destinationWPort >> 8);
        b[5] = (byte) destinationWPort;
        b[6] = (byte) (payload.length >> 8);
        b[7] = (byte) payload.length;
        System.arraycopy(payload, 0, b, HEADER_LENGTH, payload.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrapperFrame f && f.version == version && f.sourceWPort == sourceWPort
                && f.destinationWPort == destinationWPort && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, sourceWPort, destinationWPort, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "WrapperFrame[version " + version + ", " + sourceWPort + " -> " + destinationWPort + ", "
                + payload.length + " bytes " + Hex.abbreviate(payload) + "]";
    }
}
