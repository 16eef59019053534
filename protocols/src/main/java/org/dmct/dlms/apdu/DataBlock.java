package org.dmct.dlms.apdu;

import java.util.Arrays;
import org.dmct.dlms.internal.Hex;

/**
 * The DataBlock-SA of SET and ACTION block transfer: one numbered piece of an encoding too long
 * for one APDU. Blocks are numbered from 1; the concatenated raw data of all blocks is the
 * A-XDR encoding of the value (SET), of the method-invocation-parameters (ACTION request) or of
 * the return parameters (ACTION response).
 *
 * @param lastBlock true on the final block
 * @param blockNumber 0..2^32-1; 1 for the first block
 * @param rawData this block's bytes (copied)
 */
public record DataBlock(boolean lastBlock, long blockNumber, byte[] rawData) {

    /** Range check and copy. */
    public DataBlock {
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
        }
        rawData = rawData.clone();
    }

    /**
     * @return a copy of the block's bytes
     */
    @Override
    public byte[] rawData() {
        return rawData.clone();
    }

    /**
     * @return the number of raw bytes in this block
     */
    public int rawLength() {
        return rawData.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataBlock b && b.lastBlock == lastBlock && b.blockNumber == blockNumber
                && Arrays.equals(b.rawData, rawData);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(lastBlock) + Long.hashCode(blockNumber)) + Arrays.hashCode(rawData);
    }

    @Override
    public String toString() {
        return "DataBlock[lastBlock=" + lastBlock + ", blockNumber=" + blockNumber + ", rawData="
                + Hex.abbreviate(rawData) + "]";
    }
}
