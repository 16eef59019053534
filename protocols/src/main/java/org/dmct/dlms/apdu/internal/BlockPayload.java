package org.dmct.dlms.apdu.internal;

import java.util.Arrays;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.axdr.AxdrLength;

/**
 * Sizes and cuts the raw data of SET and ACTION block transfer. The overhead of a block APDU is
 * measured by encoding it with empty raw data, so it follows the codec exactly (selective access
 * in a first SET block, a method descriptor in a first ACTION block) instead of a constant that
 * could drift from it.
 */
public final class BlockPayload {

    private BlockPayload() { }

    /**
     * The most raw-data bytes a block APDU can carry within a PDU size.
     *
     * @param emptyBlockApdu the block APDU with zero bytes of raw data
     * @param maxPduSize the PDU size the receiver accepts
     * @return the payload size, at least 1
     * @throws IllegalArgumentException if not even one byte fits
     */
    public static int max(Apdu emptyBlockApdu, int maxPduSize) {
        // the empty encoding ends with the one-byte length 0 of the raw data
        int overhead = ApduCodec.encode(emptyBlockApdu).length - 1;
        int payload = maxPduSize - overhead - 1;
        while (payload > 0 && overhead + AxdrLength.encodedSize(payload) + payload > maxPduSize) {
            payload--;
        }
        if (payload < 1) {
            throw new IllegalArgumentException("max PDU size " + maxPduSize + " cannot hold a data block of "
                    + emptyBlockApdu.getClass().getSimpleName() + " (" + overhead + " bytes of overhead)");
        }
        return payload;
    }

    /**
     * Cuts the next piece.
     *
     * @param encoded the whole encoding
     * @param position where the piece starts
     * @param size the largest piece
     * @return the piece, empty only when the encoding is empty
     */
    public static byte[] piece(byte[] encoded, int position, int size) {
        return Arrays.copyOfRange(encoded, position, Math.min(encoded.length, position + size));
    }
}
