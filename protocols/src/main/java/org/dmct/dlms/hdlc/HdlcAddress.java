package org.dmct.dlms.hdlc;

/**
 * An HDLC address field of IEC 62056-46. Every byte carries seven address bits shifted left by
 * one; the least significant bit is the extension bit, 1 only on the last byte, which is how a
 * receiver finds the end of a variable-length address. A client address is always one byte. A
 * server address is one, two or four bytes: the upper HDLC address selects the logical device
 * (1 is the management logical device) and the lower address, present only in the two- and
 * four-byte forms, selects the physical device on a multi-drop line. One-byte form: upper 0..127;
 * two-byte: upper and lower 0..127; four-byte: upper and lower 0..16383 (seven bits in each byte
 * pair). In the one-byte form {@code lower} is 0 and not transmitted.
 *
 * @param upper the client address, or the server's upper (logical device) address
 * @param lower the server's lower (physical device) address; 0 in the one-byte form
 * @param length the number of bytes on the wire: 1, 2 or 4
 */
public record HdlcAddress(int upper, int lower, int length) {

    /** Range checks. */
    public HdlcAddress {
        int max = switch (length) {
            case 1, 2 -> 0x7F;
            case 4 -> 0x3FFF;
            default -> throw new IllegalArgumentException("an HDLC address is 1, 2 or 4 bytes long, not " + length);
        };
        if (upper < 0 || upper > max) {
            throw new IllegalArgumentException("upper HDLC address must be 0.." + max + " in the " + length
                    + "-byte form, got " + upper);
        }
        if (length == 1 && lower != 0) {
            throw new IllegalArgumentException("a one-byte HDLC address has no lower address, got " + lower);
        }
        if (lower < 0 || lower > max) {
            throw new IllegalArgumentException("lower HDLC address must be 0.." + max + " in the " + length
                    + "-byte form, got " + lower);
        }
    }

    /**
     * A client address (one byte).
     *
     * @param address 0..127, e.g. 16 for the public client, 1 for the management client
     * @return the address
     */
    public static HdlcAddress client(int address) {
        return new HdlcAddress(address, 0, 1);
    }

    /**
     * A server address in the given form. The physical address is not transmitted in the
     * one-byte form, so it is ignored there: the one-byte form addresses the logical device only.
     *
     * @param logicalDevice the upper address
     * @param physicalDevice the lower address (ignored when {@code length} is 1)
     * @param length 1, 2 or 4
     * @return the address
     */
    public static HdlcAddress server(int logicalDevice, int physicalDevice, int length) {
        return new HdlcAddress(logicalDevice, length == 1 ? 0 : physicalDevice, length);
    }

    /**
     * @return true if the lower (physical) address is transmitted
     */
    public boolean hasLower() {
        return length > 1;
    }

    /**
     * Writes the address field.
     *
     * @param out the frame being built
     * @param at where to write
     * @return the position after the field
     */
    public int write(byte[] out, int at) {
        switch (length) {
            case 1 -> out[at] = (byte) (upper << 1 | 1);
            case 2 -> {
                out[at] = (byte) (upper << 1);
                out[at + 1] = (byte) (lower << 1 | 1);
            }
            default -> {
                out[at] = (byte) ((upper >> 7) << 1);
                out[at + 1] = (byte) ((upper & 0x7F) << 1);
                out[at + 2] = (byte) ((lower >> 7) << 1);
                out[at + 3] = (byte) ((lower & 0x7F) << 1 | 1);
            }
        }
        return at + length;
    }

    /**
     * @return the address field as transmitted
     */
    public byte[] toBytes() {
        byte[] b = new byte[length];
        write(b, 0);
        return b;
    }

    /**
     * Reads an address field of {@code length} bytes whose extension bits have already been
     * checked (only the last byte has its least significant bit set).
     *
     * @param in the frame
     * @param at where the field starts
     * @param length 1, 2 or 4
     * @return the address
     */
    public static HdlcAddress read(byte[] in, int at, int length) {
        return switch (length) {
            case 1 -> new HdlcAddress((in[at] & 0xFF) >> 1, 0, 1);
            case 2 -> new HdlcAddress((in[at] & 0xFF) >> 1, (in[at + 1] & 0xFF) >> 1, 2);
            case 4 -> new HdlcAddress(((in[at] & 0xFF) >> 1) << 7 | (in[at + 1] & 0xFF) >> 1,
                    ((in[at + 2] & 0xFF) >> 1) << 7 | (in[at + 3] & 0xFF) >> 1, 4);
            default -> throw new IllegalArgumentException("an HDLC address is 1, 2 or 4 bytes long, not " + length);
        };
    }

    @Override
    public String toString() {
        return length == 1 ? Integer.toString(upper) : upper + "/" + lower + " (" + length + " bytes)";
    }
}
