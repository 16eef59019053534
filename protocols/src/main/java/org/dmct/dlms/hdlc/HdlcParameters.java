package org.dmct.dlms.hdlc;

import java.io.ByteArrayOutputStream;

/**
 * The HDLC link parameters negotiated by SNRM and UA (IEC 62056-46, Green Book "HDLC parameter
 * negotiation"), always from the point of view of the station that sends them: the longest
 * information field it will transmit and can receive, and how many I-frames it will send, or can
 * take, before an acknowledgement (the window). On the wire they are the information field of
 * SNRM and UA: format identifier 0x81, group identifier 0x80, group length, then parameters 0x05
 * (max information field length transmit), 0x06 (receive), 0x07 (window size transmit) and 0x08
 * (receive), each as identifier, length, big-endian value. A parameter that is absent takes its
 * default: 128 bytes, window 1. The responder answers with the minimum of its own limit and the
 * proposal in each direction ({@link #answer}); the initiator then applies the answer
 * ({@link #agreed}).
 *
 * @param maxInformationTransmit longest information field this station transmits, 1..2030
 * @param maxInformationReceive longest information field this station accepts, 1..2030
 * @param windowTransmit frames this station sends before waiting for an acknowledgement, 1..7
 * @param windowReceive frames this station accepts before acknowledging, 1..7
 */
public record HdlcParameters(int maxInformationTransmit, int maxInformationReceive, int windowTransmit,
                             int windowReceive) {

    /** The default maximum information field length. */
    public static final int DEFAULT_MAX_INFORMATION = 128;
    /** The default window size. */
    public static final int DEFAULT_WINDOW = 1;
    /** The longest information field: what fits in a frame of 2047 bytes with four-byte addresses. */
    public static final int MAX_INFORMATION = 2030;
    /** The largest window modulo-8 numbering allows. */
    public static final int MAX_WINDOW = 7;
    /** The values that apply when no parameters are exchanged. */
    public static final HdlcParameters DEFAULT = new HdlcParameters(DEFAULT_MAX_INFORMATION, DEFAULT_MAX_INFORMATION,
            DEFAULT_WINDOW, DEFAULT_WINDOW);

    private static final int FORMAT_IDENTIFIER = 0x81;
    private static final int GROUP_IDENTIFIER = 0x80;

    /** Range checks. */
    public HdlcParameters {
        checkInformation("transmit", maxInformationTransmit);
        checkInformation("receive", maxInformationReceive);
        checkWindow("transmit", windowTransmit);
        checkWindow("receive", windowReceive);
    }

    private static void checkInformation(String direction, int value) {
        if (value < 1 || value > MAX_INFORMATION) {
            throw new IllegalArgumentException("maximum information field length " + direction + " must be 1.."
                    + MAX_INFORMATION + ", got " + value);
        }
    }

    private static void checkWindow(String direction, int value) {
        if (value < 1 || value > MAX_WINDOW) {
            throw new IllegalArgumentException("window size " + direction + " must be 1.." + MAX_WINDOW + ", got " + value);
        }
    }

    /**
     * The same limits in both directions.
     *
     * @param maxInformation longest information field either way
     * @param window window either way
     * @return the parameters
     */
    public static HdlcParameters symmetric(int maxInformation, int window) {
        return new HdlcParameters(maxInformation, maxInformation, window, window);
    }

    /**
     * What a responder with these limits answers to a proposal: in each direction the smaller of
     * what the initiator offers and what the responder can do. The answer is from the responder's
     * point of view (its transmit is the initiator's receive).
     *
     * @param proposal the initiator's parameters, from its point of view
     * @return the answer to send in UA
     */
    public HdlcParameters answer(HdlcParameters proposal) {
        return new HdlcParameters(Math.min(maxInformationTransmit, proposal.maxInformationReceive),
                Math.min(maxInformationReceive, proposal.maxInformationTransmit),
                Math.min(windowTransmit, proposal.windowReceive),
                Math.min(windowReceive, proposal.windowTransmit));
    }

    /**
     * What an initiator that proposed these parameters uses once the responder has answered: the
     * answer seen from the initiator's side, never beyond its own proposal.
     *
     * @param answer the responder's parameters from UA, from its point of view
     * @return the parameters in force, from the initiator's point of view
     */
    public HdlcParameters agreed(HdlcParameters answer) {
        return new HdlcParameters(Math.min(maxInformationTransmit, answer.maxInformationReceive),
                Math.min(maxInformationReceive, answer.maxInformationTransmit),
                Math.min(windowTransmit, answer.windowReceive),
                Math.min(windowReceive, answer.windowTransmit));
    }

    /**
     * Encodes all four parameters as an SNRM/UA information field. Lengths take one byte when the
     * value fits, else two; windows take four bytes, as in the Green Book example and as jDLMS sends.
     *
     * @return the information field
     */
    public byte[] encode() {
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        put(group, 0x05, maxInformationTransmit, maxInformationTransmit > 0xFF ? 2 : 1);
        put(group, 0x06, maxInformationReceive, maxInformationReceive > 0xFF ? 2 : 1);
        put(group, 0x07, windowTransmit, 4);
        put(group, 0x08, windowReceive, 4);
        byte[] body = group.toByteArray();
        byte[] out = new byte[3 + body.length];
        out[0] = (byte) FORMAT_IDENTIFIER;
        out[1] = (byte) GROUP_IDENTIFIER;
        out[2] = (byte) body.length;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    private static void put(ByteArrayOutputStream out, int id, int value, int length) {
        out.write(id);
        out.write(length);
        for (int i = length - 1; i >= 0; i--) {
            out.write(value >> (8 * i));
        }
    }

    /**
     * Decodes an SNRM/UA information field. An empty field means all defaults. A value beyond
     * the largest the link can use (2030 bytes, window 7) is read as that largest value, since
     * negotiation takes the minimum of both sides anyway; unknown parameters are skipped.
     *
     * @param information the information field
     * @return the parameters, from the sender's point of view
     * @throws IllegalArgumentException naming what is malformed: wrong format or group identifier,
     *         a length that disagrees with the bytes present, a value of zero or longer than four bytes
     */
    public static HdlcParameters decode(byte[] information) {
        if (information.length == 0) {
            return DEFAULT;
        }
        if (information.length < 3) {
            throw new IllegalArgumentException("parameter field of " + information.length + " bytes is too short");
        }
        if ((information[0] & 0xFF) != FORMAT_IDENTIFIER) {
            throw new IllegalArgumentException(String.format("parameter format identifier 0x%02X is not 0x81",
                    information[0] & 0xFF));
        }
        if ((information[1] & 0xFF) != GROUP_IDENTIFIER) {
            throw new IllegalArgumentException(String.format("parameter group identifier 0x%02X is not 0x80",
                    information[1] & 0xFF));
        }
        int groupLength = information[2] & 0xFF;
        if (groupLength != information.length - 3) {
            throw new IllegalArgumentException("parameter group length " + groupLength + " but "
                    + (information.length - 3) + " bytes follow");
        }
        int[] values = {DEFAULT_MAX_INFORMATION, DEFAULT_MAX_INFORMATION, DEFAULT_WINDOW, DEFAULT_WINDOW};
        int at = 3;
        while (at < information.length) {
            if (at + 2 > information.length) {
                throw new IllegalArgumentException("parameter at offset " + at + " is cut short");
            }
            int id = information[at] & 0xFF;
            int length = information[at + 1] & 0xFF;
            at += 2;
            if (at + length > information.length) {
                throw new IllegalArgumentException(String.format("parameter 0x%02X announces %d bytes but %d remain",
                        id, length, information.length - at));
            }
            if (id >= 0x05 && id <= 0x08) {
                if (length < 1 || length > 4) {
                    throw new IllegalArgumentException(String.format("parameter 0x%02X has a %d-byte value, 1..4 allowed",
                            id, length));
                }
                long value = 0;
                for (int i = 0; i < length; i++) {
                    value = value << 8 | (information[at + i] & 0xFF);
                }
                if (value == 0) {
                    throw new IllegalArgumentException(String.format("parameter 0x%02X is zero", id));
                }
                int limit = id <= 0x06 ? MAX_INFORMATION : MAX_WINDOW;
                values[id - 0x05] = (int) Math.min(value, limit);
            }
            at += length;
        }
        return new HdlcParameters(values[0], values[1], values[2], values[3]);
    }
}
