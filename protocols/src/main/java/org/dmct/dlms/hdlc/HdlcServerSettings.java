package org.dmct.dlms.hdlc;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the server end of an HDLC line behaves: which logical devices (upper HDLC addresses) it
 * serves, which physical device (lower address) it is when a client uses the two- or four-byte
 * form ({@link #ANY_PHYSICAL_ADDRESS} to answer whatever lower address is used, as a single
 * device on a TCP connection may), the limits it answers SNRM proposals with, and the inter-frame
 * timeout. The client drives the exchange, so the server needs no response timeout.
 *
 * @param logicalAddresses the served upper addresses, e.g. 1 (management), 2, 3
 * @param physicalAddress the lower address answered, or {@link #ANY_PHYSICAL_ADDRESS}
 * @param limits the largest parameters the server accepts, from its point of view
 * @param interFrameTimeout how long a partial frame may wait for its remaining bytes; zero for no limit
 */
public record HdlcServerSettings(Set<Integer> logicalAddresses, int physicalAddress, HdlcParameters limits,
                                 Duration interFrameTimeout) {

    /** Answer frames whatever their lower address. */
    public static final int ANY_PHYSICAL_ADDRESS = -1;
    /** The limits used by {@link #serving}: the longest frames and widest window the standard allows. */
    public static final HdlcParameters DEFAULT_LIMITS = HdlcParameters.symmetric(HdlcParameters.MAX_INFORMATION,
            HdlcParameters.MAX_WINDOW);

    /** Validation and copy. */
    public HdlcServerSettings {
        logicalAddresses = Set.copyOf(Objects.requireNonNull(logicalAddresses, "logicalAddresses"));
        if (logicalAddresses.isEmpty()) {
            throw new IllegalArgumentException("a server serves at least one logical device");
        }
        for (int a : logicalAddresses) {
            if (a < 1 || a > 0x3FFF) {
                throw new IllegalArgumentException("logical device address must be 1..16383, got " + a);
            }
        }
        if (physicalAddress != ANY_PHYSICAL_ADDRESS && (physicalAddress < 0 || physicalAddress > 0x3FFF)) {
            throw new IllegalArgumentException("physical address must be 0..16383 or ANY, got " + physicalAddress);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(interFrameTimeout, "interFrameTimeout");
        if (interFrameTimeout.isNegative()) {
            throw new IllegalArgumentException("inter-frame timeout must not be negative, got " + interFrameTimeout);
        }
    }

    /**
     * A server for these logical devices, answering any physical address, with
     * {@link #DEFAULT_LIMITS} and a 1 s inter-frame timeout.
     *
     * @param logicalAddresses the served upper addresses
     * @return the settings
     */
    public static HdlcServerSettings serving(Integer... logicalAddresses) {
        return new HdlcServerSettings(Set.of(logicalAddresses), ANY_PHYSICAL_ADDRESS, DEFAULT_LIMITS,
                Duration.ofSeconds(1));
    }

    /**
     * @param parameters the limits
     * @return a copy with those limits
     */
    public HdlcServerSettings withLimits(HdlcParameters parameters) {
        return new HdlcServerSettings(logicalAddresses, physicalAddress, parameters, interFrameTimeout);
    }

    /**
     * @param address the lower address to answer, or {@link #ANY_PHYSICAL_ADDRESS}
     * @return a copy answering that physical address
     */
    public HdlcServerSettings withPhysicalAddress(int address) {
        return new HdlcServerSettings(logicalAddresses, address, limits, interFrameTimeout);
    }
}
