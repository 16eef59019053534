package org.dmct.dlms.hdlc;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.internal.Hex;

/**
 * One IEC 62056-46 HDLC frame of frame format type 3, as carried between two 0x7E flags: the
 * format field (type 0xA, segmentation bit, 11-bit frame length), destination and source
 * addresses, the control field, and, when there is an information field, the header check
 * sequence (HCS) and the information, then the frame check sequence (FCS). The segmentation bit
 * says that more of the same APDU follows in later frames. Sequence numbers are modulo 8; a
 * number the type does not have (N(S) outside I-frames, N(R) outside I, RR and RNR) is 0.
 * Equality compares the information by content. The encoding is always the same for the same
 * content, so {@link #toBytes()} reproduces what a conforming peer sent.
 *
 * @param type the frame type
 * @param destination the receiver's address
 * @param source the sender's address
 * @param pollFinal the poll bit on a command (from the client), the final bit on a response
 * @param sendSequence N(S), 0..7
 * @param receiveSequence N(R), 0..7
 * @param segmented the segmentation bit: more segments of the same APDU follow
 * @param information the information field, empty when there is none
 */
public record HdlcFrame(HdlcFrameType type, HdlcAddress destination, HdlcAddress source, boolean pollFinal,
                        int sendSequence, int receiveSequence, boolean segmented, byte[] information) {

    /** The flag that opens and closes every frame. */
    public static final int FLAG = 0x7E;
    /** The largest frame length the 11-bit length field can announce (flags excluded). */
    public static final int MAX_FRAME_LENGTH = 0x7FF;
    /** The shortest possible frame: format, two one-byte addresses, control and FCS. */
    public static final int MIN_FRAME_LENGTH = 7;

    /** Consistency checks and copy. */
    public HdlcFrame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(information, "information");
        checkSequence("N(S)", sendSequence, type.hasSendSequence(), type);
        checkSequence("N(R)", receiveSequence, type.hasReceiveSequence(), type);
        if (information.length > 0 && !type.mayCarryInformation()) {
            throw new IllegalArgumentException(type + " frames carry no information field");
        }
        if (segmented && type != HdlcFrameType.I && type != HdlcFrameType.UI) {
            throw new IllegalArgumentException("only I and UI frames may have the segmentation bit, not " + type);
        }
        int length = frameLength(destination, source, information.length);
        if (length > MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("a frame with " + information.length + " information bytes would be "
                    + length + " bytes long, beyond the 11-bit length field (" + MAX_FRAME_LENGTH + "): segment it");
        }
        information = information.clone();
    }

    private static void checkSequence(String name, int value, boolean present, HdlcFrameType type) {
        if (value < 0 || value > 7) {
            throw new IllegalArgumentException(name + " must be 0..7, got " + value);
        }
        if (!present && value != 0) {
            throw new IllegalArgumentException(type + " frames have no " + name + "; it must be 0, got " + value);
        }
    }

    /**
     * The value of the length field for a frame: everything between the flags.
     *
     * @param destination the destination address
     * @param source the source address
     * @param informationLength the information length, 0 when there is none
     * @return the frame length
     */
    public static int frameLength(HdlcAddress destination, HdlcAddress source, int informationLength) {
        return 2 + destination.length() + source.length() + 1 + (informationLength > 0 ? 2 + informationLength : 0) + 2;
    }

    /**
     * The largest information field that fits in one frame between these addresses.
     *
     * @param destination the destination address
     * @param source the source address
     * @return the largest information length
     */
    public static int maxInformationLength(HdlcAddress destination, HdlcAddress source) {
        return MAX_FRAME_LENGTH - frameLength(destination, source, 1) + 1;
    }

    /**
     * SNRM: the client asks to open the link, proposing its parameters (poll bit set).
     *
     * @param server the server address
     * @param client the client address
     * @param proposal the proposed parameters, or null to send none (the defaults apply)
     * @return the frame
     */
    public static HdlcFrame snrm(HdlcAddress server, HdlcAddress client, HdlcParameters proposal) {
        return new HdlcFrame(HdlcFrameType.SNRM, server, client, true, 0, 0, false,
                proposal == null ? new byte[0] : proposal.encode());
    }

    /**
     * UA: the server accepts SNRM or DISC (final bit set).
     *
     * @param client the client address
     * @param server the server address
     * @param parameters the negotiated parameters as the server sees them, or null for none
     * @return the frame
     */
    public static HdlcFrame ua(HdlcAddress client, HdlcAddress server, HdlcParameters parameters) {
        return new HdlcFrame(HdlcFrameType.UA, client, server, true, 0, 0, false,
                parameters == null ? new byte[0] : parameters.encode());
    }

    /**
     * An I-frame.
     *
     * @param destination the receiver
     * @param source the sender
     * @param sendSequence N(S)
     * @param receiveSequence N(R), the next sequence number the sender expects
     * @param pollFinal poll (command) or final (response) bit
     * @param segmented more segments of the APDU follow
     * @param information the segment
     * @return the frame
     */
    public static HdlcFrame iFrame(HdlcAddress destination, HdlcAddress source, int sendSequence, int receiveSequence,
                                   boolean pollFinal, boolean segmented, byte[] information) {
        return new HdlcFrame(HdlcFrameType.I, destination, source, pollFinal, sendSequence, receiveSequence,
                segmented, information);
    }

    /**
     * RR: receive ready, acknowledging every frame before N(R); with the poll bit, a poll.
     *
     * @param destination the receiver
     * @param source the sender
     * @param receiveSequence N(R)
     * @param pollFinal poll or final bit
     * @return the frame
     */
    public static HdlcFrame rr(HdlcAddress destination, HdlcAddress source, int receiveSequence, boolean pollFinal) {
        return new HdlcFrame(HdlcFrameType.RR, destination, source, pollFinal, 0, receiveSequence, false, new byte[0]);
    }

    /**
     * RNR: receive not ready (busy), acknowledging every frame before N(R).
     *
     * @param destination the receiver
     * @param source the sender
     * @param receiveSequence N(R)
     * @param pollFinal poll or final bit
     * @return the frame
     */
    public static HdlcFrame rnr(HdlcAddress destination, HdlcAddress source, int receiveSequence, boolean pollFinal) {
        return new HdlcFrame(HdlcFrameType.RNR, destination, source, pollFinal, 0, receiveSequence, false, new byte[0]);
    }

    /**
     * DISC: the client closes the link (poll bit set).
     *
     * @param server the server address
     * @param client the client address
     * @return the frame
     */
    public static HdlcFrame disc(HdlcAddress server, HdlcAddress client) {
        return new HdlcFrame(HdlcFrameType.DISC, server, client, true, 0, 0, false, new byte[0]);
    }

    /**
     * DM: the server is disconnected or refuses (final bit set).
     *
     * @param client the client address
     * @param server the server address
     * @return the frame
     */
    public static HdlcFrame dm(HdlcAddress client, HdlcAddress server) {
        return new HdlcFrame(HdlcFrameType.DM, client, server, true, 0, 0, false, new byte[0]);
    }

    /**
     * FRMR: the server rejects a frame it cannot accept (final bit set).
     *
     * @param client the client address
     * @param server the server address
     * @param rejection the three-byte FRMR information field (see {@link #frmrInformation})
     * @return the frame
     */
    public static HdlcFrame frmr(HdlcAddress client, HdlcAddress server, byte[] rejection) {
        return new HdlcFrame(HdlcFrameType.FRMR, client, server, true, 0, 0, false, rejection);
    }

    /**
     * The ISO/IEC 13239 FRMR information field for modulo-8 operation: the rejected control
     * field; V(S), the C/R bit and V(R); then the reason bits W (undefined control field),
     * X (information field not permitted), Y (information field too long) and Z (invalid N(R)).
     *
     * @param rejectedControl the control field of the rejected frame
     * @param sendState our V(S)
     * @param receiveState our V(R)
     * @param reasonBits a combination of {@link #FRMR_W}, {@link #FRMR_X}, {@link #FRMR_Y}, {@link #FRMR_Z}
     * @return three bytes
     */
    public static byte[] frmrInformation(int rejectedControl, int sendState, int receiveState, int reasonBits) {
        return new byte[] {(byte) rejectedControl, (byte) ((sendState & 7) << 1 | (receiveState & 7) << 5),
            (byte) reasonBits};
    }

    /** FRMR reason: the control field is undefined or not implemented. */
    public static final int FRMR_W = 0x01;
    /** FRMR reason: an information field came with a frame type that permits none. */
    public static final int FRMR_X = 0x02;
    /** FRMR reason: the information field exceeded the negotiated maximum. */
    public static final int FRMR_Y = 0x04;
    /** FRMR reason: the N(R) acknowledged a frame never sent. */
    public static final int FRMR_Z = 0x08;

    /**
     * UI: information outside the sequence numbering, e.g. a data notification.
     *
     * @param destination the receiver
     * @param source the sender
     * @param pollFinal poll or final bit
     * @param segmented more segments follow
     * @param information the data
     * @return the frame
     */
    public static HdlcFrame ui(HdlcAddress destination, HdlcAddress source, boolean pollFinal, boolean segmented,
                               byte[] information) {
        return new HdlcFrame(HdlcFrameType.UI, destination, source, pollFinal, 0, 0, segmented, information);
    }

    /** @return a copy of the information field, empty if there is none */
    @Override
    public byte[] information() {
        return information.clone();
    }

    /**
     * @return the information length, without copying
     */
    public int informationLength() {
        return information.length;
    }

    /**
     * @return the control field byte
     */
    public int control() {
        return type.controlBits() | (pollFinal ? 0x10 : 0) | sendSequence << 1 | receiveSequence << 5;
    }

    /**
     * @return the value of the length field: the bytes between the flags
     */
    public int frameLength() {
        return frameLength(destination, source, information.length);
    }

    /**
     * Returns the whole frame as transmitted, with both flags.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        int length = frameLength();
        byte[] b = new byte[length + 2];
        b[0] = (byte) FLAG;
        b[1] = (byte) (0xA0 | (segmented ? 0x08 : 0) | length >> 8);
        b[2] = (byte) length;
        int at = destination.write(b, 3);
        at = source.write(b, at);
        b[at++] = (byte) control();
        if (information.length > 0) {
            HdlcChecksum.write(b, 1, at - 1);
            at += 2;
            System.arraycopy(information, 0, b, at, information.length);
            at += information.length;
        }
        HdlcChecksum.write(b, 1, at - 1);
        b[length + 1] = (byte) FLAG;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HdlcFrame f && f.type == type && f.destination.equals(destination)
                && f.source.equals(source) && f.pollFinal == pollFinal && f.sendSequence == sendSequence
                && f.receiveSequence == receiveSequence && f.segmented == segmented
                && Arrays.equals(f.information, information);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, destination, source, pollFinal, sendSequence, receiveSequence, segmented,
                Arrays.hashCode(information));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HdlcFrame[").append(type).append(' ').append(source).append(" -> ")
                .append(destination);
        if (type.hasSendSequence()) {
            s.append(", N(S) ").append(sendSequence);
        }
        if (type.hasReceiveSequence()) {
            s.append(", N(R) ").append(receiveSequence);
        }
        s.append(pollFinal ? ", P/F" : "").append(segmented ? ", segmented" : "");
        if (information.length > 0) {
            s.append(", ").append(information.length).append(" bytes ").append(Hex.abbreviate(information));
        }
        return s.append(']').toString();
    }
}
