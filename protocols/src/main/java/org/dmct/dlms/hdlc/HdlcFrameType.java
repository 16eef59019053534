package org.dmct.dlms.hdlc;

/**
 * The frame types IEC 62056-46 uses, with the bits of the control field that identify each
 * (the poll/final bit, bit 4, and the sequence numbers are added by {@link HdlcFrame}). I-frames
 * carry data, RR and RNR (supervisory) acknowledge and poll, the rest (unnumbered) set up and
 * tear down the link (SNRM, UA, DISC, DM), reject a frame (FRMR) or carry data without sequence
 * numbers (UI). REJ and SREJ are not part of the DLMS profile and are treated as unknown.
 */
public enum HdlcFrameType {
    /** Information frame: N(R) P/F N(S) 0. */
    I(0x00, true, true, true),
    /** Receive ready: N(R) P/F 0001. */
    RR(0x01, false, true, false),
    /** Receive not ready: N(R) P/F 0101. */
    RNR(0x05, false, true, false),
    /** Set normal response mode (opens the link): 100P0011. */
    SNRM(0x83, false, false, true),
    /** Disconnect (closes the link): 010P0011. */
    DISC(0x43, false, false, false),
    /** Unnumbered acknowledge (answers SNRM and DISC): 011F0011. */
    UA(0x63, false, false, true),
    /** Disconnected mode (the secondary is not connected or refuses): 000F1111. */
    DM(0x0F, false, false, true),
    /** Frame reject (an unacceptable frame was received): 100F0111. */
    FRMR(0x87, false, false, true),
    /** Unnumbered information (data outside the sequence numbering): 000P0011. */
    UI(0x03, false, false, true);

    private final int controlBits;
    private final boolean hasSendSequence;
    private final boolean hasReceiveSequence;
    private final boolean mayCarryInformation;

    HdlcFrameType(int controlBits, boolean hasSendSequence, boolean hasReceiveSequence, boolean mayCarryInformation) {
        this.controlBits = controlBits;
        this.hasSendSequence = hasSendSequence;
        this.hasReceiveSequence = hasReceiveSequence;
        this.mayCarryInformation = mayCarryInformation;
    }

    /**
     * @return the control field bits that identify the type (P/F and sequence numbers zero)
     */
    public int controlBits() {
        return controlBits;
    }

    /**
     * @return true for the I-frame, the only type with N(S)
     */
    public boolean hasSendSequence() {
        return hasSendSequence;
    }

    /**
     * @return true for I, RR and RNR, the types with N(R)
     */
    public boolean hasReceiveSequence() {
        return hasReceiveSequence;
    }

    /**
     * @return true if frames of this type may have an information field
     */
    public boolean mayCarryInformation() {
        return mayCarryInformation;
    }

    /**
     * Identifies a control field.
     *
     * @param control the control byte
     * @return the type, or null if the DLMS profile does not define it
     */
    public static HdlcFrameType ofControl(int control) {
        int c = control & 0xFF;
        if ((c & 0x01) == 0) {
            return I;
        }
        if ((c & 0x03) == 0x01) {
            return switch (c & 0x0F) {
                case 0x01 -> RR;
                case 0x05 -> RNR;
                default -> null;
            };
        }
        int withoutPollFinal = c & ~0x10;
        for (HdlcFrameType t : values()) {
            if (t.ordinal() >= SNRM.ordinal() && t.controlBits == withoutPollFinal) {
                return t;
            }
        }
        return null;
    }
}
