package org.dmct.dlms.hdlc.internal;

import org.dmct.dlms.hdlc.HdlcAddress;
import org.dmct.dlms.hdlc.HdlcChecksum;
import org.dmct.dlms.hdlc.HdlcFrame;
import org.dmct.dlms.hdlc.HdlcFrameType;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.dlms.internal.Hex;

/**
 * Turns the bytes of one delimited frame (opening flag, the number of bytes the length field
 * announces, closing flag) into an {@link HdlcFrame} or a {@link MalformedHdlcInput} naming the
 * first problem. The checksums are judged before the fields they protect, so that a corrupted
 * header is reported as the HCS or FCS mismatch it is rather than as a strange address.
 */
public final class HdlcFrameParser {

    private HdlcFrameParser() { }

    /**
     * The outcome: exactly one of the two is non-null.
     *
     * @param frame the frame
     * @param failure what was wrong
     */
    public record Parsed(HdlcFrame frame, MalformedHdlcInput failure) { }

    /**
     * @param wire the frame with both flags; the format type and the closing flag position are
     *             assumed to have been checked by the caller
     * @return the frame or the failure
     */
    public static Parsed parse(byte[] wire) {
        int length = wire.length - 2;
        int fcsAt = length - 1;
        boolean fcsOk = HdlcChecksum.matches(wire, 1, fcsAt - 1);
        boolean segmented = (wire[1] & 0x08) != 0;

        int destinationLength = addressLength(wire, 3, fcsAt);
        int sourceLength = destinationLength > 0 ? addressLength(wire, 3 + destinationLength, fcsAt) : -1;
        int controlAt = 3 + Math.max(destinationLength, 0) + Math.max(sourceLength, 0);
        boolean headerParsed = destinationLength > 0 && sourceLength > 0 && controlAt < fcsAt;
        boolean hasInformation = headerParsed && controlAt + 1 < fcsAt;
        boolean informationTooShort = hasInformation && controlAt + 3 >= fcsAt;
        boolean hcsOk = !hasInformation || informationTooShort || HdlcChecksum.matches(wire, 1, controlAt);

        if (!hcsOk) {
            return fail(wire, controlAt + 1, String.format("HCS mismatch: received 0x%04X, computed 0x%04X",
                    HdlcChecksum.read(wire, controlAt + 1), HdlcChecksum.compute(wire, 1, controlAt)));
        }
        if (!fcsOk) {
            return fail(wire, fcsAt, String.format("FCS mismatch: received 0x%04X, computed 0x%04X",
                    HdlcChecksum.read(wire, fcsAt), HdlcChecksum.compute(wire, 1, fcsAt - 1)));
        }
        if (destinationLength <= 0) {
            return fail(wire, 3, addressProblem("destination", destinationLength));
        }
        if (sourceLength <= 0) {
            return fail(wire, 3 + destinationLength, addressProblem("source", sourceLength));
        }
        if (controlAt >= fcsAt) {
            return fail(wire, controlAt, "frame ends before its control field");
        }
        int control = wire[controlAt] & 0xFF;
        HdlcFrameType type = HdlcFrameType.ofControl(control);
        if (type == null) {
            return fail(wire, controlAt, "undefined control field " + Hex.byteHex(control));
        }
        byte[] information = new byte[0];
        if (hasInformation) {
            int informationAt = controlAt + 3;
            if (informationTooShort) {
                return fail(wire, controlAt + 1, "the length field leaves " + (fcsAt - controlAt - 1)
                        + " bytes between control field and FCS: an information field needs the HCS and at least one byte");
            }
            if (!type.mayCarryInformation()) {
                return fail(wire, controlAt + 1, type + " frame carries an information field, which it may not");
            }
            information = new byte[fcsAt - informationAt];
            System.arraycopy(wire, informationAt, information, 0, information.length);
        }
        if (segmented && type != HdlcFrameType.I && type != HdlcFrameType.UI) {
            return fail(wire, 1, "segmentation bit set on a " + type + " frame");
        }
        HdlcAddress destination = HdlcAddress.read(wire, 3, destinationLength);
        HdlcAddress source = HdlcAddress.read(wire, 3 + destinationLength, sourceLength);
        boolean pollFinal = (control & 0x10) != 0;
        int sendSequence = type.hasSendSequence() ? (control >> 1) & 7 : 0;
        int receiveSequence = type.hasReceiveSequence() ? (control >> 5) & 7 : 0;
        return new Parsed(new HdlcFrame(type, destination, source, pollFinal, sendSequence, receiveSequence,
                segmented, information), null);
    }

    /** @return 1, 2 or 4; 0 if no byte before the end has the extension bit; -n for an invalid length n */
    private static int addressLength(byte[] wire, int at, int end) {
        for (int i = at; i < end && i < at + 4; i++) {
            if ((wire[i] & 1) != 0) {
                int n = i - at + 1;
                return n == 3 ? -3 : n;
            }
        }
        return end - at >= 4 ? -5 : 0;
    }

    private static String addressProblem(String which, int code) {
        return switch (code) {
            case 0 -> which + " address runs into the FCS (no byte with the extension bit set)";
            case -3 -> which + " address is 3 bytes long; 1, 2 or 4 are allowed";
            default -> which + " address is longer than 4 bytes (no extension bit in the first four)";
        };
    }

    private static Parsed fail(byte[] wire, int offset, String reason) {
        return new Parsed(null, new MalformedHdlcInput(reason, offset, wire));
    }
}
