package org.dmct.dlms.hdlc;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client end of an HDLC link addresses the server and behaves: its own address (16 for
 * the public client, 1 for the management client), the server's logical device (upper address)
 * and physical device (lower address, sent only when {@code addressSize} is 2 or 4), the
 * parameters it proposes in SNRM, how long it waits for an answer to a frame with the poll bit
 * before polling again, how long a partial frame may take to complete, and how many times it
 * re-sends or polls before declaring the link failed. jDLMS, and so the vectors, use one-byte
 * server addresses; meters on a shared line need the two- or four-byte form with their
 * physical address.
 *
 * @param clientAddress the client address, 0..127
 * @param serverLogicalAddress the server's upper HDLC address (logical device)
 * @param serverPhysicalAddress the server's lower HDLC address (physical device), ignored for size 1
 * @param addressSize the server address length on the wire: 1, 2 or 4
 * @param proposed the parameters proposed in SNRM, from the client's point of view
 * @param responseTimeout how long to wait for the answer to a frame with the poll bit
 * @param interFrameTimeout how long a partial frame may wait for its remaining bytes; zero for no limit
 * @param maxRetries how many times a frame is re-sent or the server polled before the link fails
 */
public record HdlcClientSettings(int clientAddress, int serverLogicalAddress, int serverPhysicalAddress,
                                 int addressSize, HdlcParameters proposed, Duration responseTimeout,
                                 Duration interFrameTimeout, int maxRetries) {

    /** The physical address used by default in the two- and four-byte forms (the first one a meter may take). */
    public static final int DEFAULT_PHYSICAL_ADDRESS = 0x10;
    /** Default response timeout. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(3);
    /** Default inter-frame timeout. */
    public static final Duration DEFAULT_INTER_FRAME_TIMEOUT = Duration.ofSeconds(1);
    /** Default number of retries. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    /** Validates by building both addresses. */
    public HdlcClientSettings {
        HdlcAddress.client(clientAddress);
        HdlcAddress.server(serverLogicalAddress, serverPhysicalAddress, addressSize);
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(interFrameTimeout, "interFrameTimeout");
        if (responseTimeout.isNegative() || responseTimeout.isZero()) {
            throw new IllegalArgumentException("response timeout must be positive, got " + responseTimeout);
        }
        if (interFrameTimeout.isNegative()) {
            throw new IllegalArgumentException("inter-frame timeout must not be negative, got " + interFrameTimeout);
        }
        if (maxRetries < 0 || maxRetries > 100) {
            throw new IllegalArgumentException("max retries must be 0..100, got " + maxRetries);
        }
    }

    /**
     * Settings with one-byte server addressing (as jDLMS uses), the default parameters (128 bytes,
     * window 1, which every server accepts), a 3 s response timeout, a 1 s inter-frame timeout and
     * 3 retries.
     *
     * @param clientAddress the client address
     * @param serverLogicalAddress the logical device
     * @return the settings
     */
    public static HdlcClientSettings defaults(int clientAddress, int serverLogicalAddress) {
        return new HdlcClientSettings(clientAddress, serverLogicalAddress, DEFAULT_PHYSICAL_ADDRESS, 1,
                HdlcParameters.DEFAULT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_INTER_FRAME_TIMEOUT, DEFAULT_MAX_RETRIES);
    }

    /**
     * @param physicalAddress the lower address
     * @param size 1, 2 or 4
     * @return a copy with that server address form
     */
    public HdlcClientSettings withServerAddress(int physicalAddress, int size) {
        return new HdlcClientSettings(clientAddress, serverLogicalAddress, physicalAddress, size, proposed,
                responseTimeout, interFrameTimeout, maxRetries);
    }

    /**
     * @param parameters what to propose
     * @return a copy proposing them
     */
    public HdlcClientSettings withProposed(HdlcParameters parameters) {
        return new HdlcClientSettings(clientAddress, serverLogicalAddress, serverPhysicalAddress, addressSize,
                parameters, responseTimeout, interFrameTimeout, maxRetries);
    }

    /**
     * @param response the response timeout
     * @param interFrame the inter-frame timeout (zero for none)
     * @param retries the number of retries
     * @return a copy with those timings
     */
    public HdlcClientSettings withTimeouts(Duration response, Duration interFrame, int retries) {
        return new HdlcClientSettings(clientAddress, serverLogicalAddress, serverPhysicalAddress, addressSize,
                proposed, response, interFrame, retries);
    }

    /** @return the client's address field */
    public HdlcAddress clientHdlcAddress() {
        return HdlcAddress.client(clientAddress);
    }

    /** @return the server's address field */
    public HdlcAddress serverHdlcAddress() {
        return HdlcAddress.server(serverLogicalAddress, serverPhysicalAddress, addressSize);
    }
}
