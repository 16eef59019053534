package org.dmct.dlms.apdu.internal;

import org.dmct.dlms.apdu.DataBlock;

/**
 * The sending side of a block transfer, whatever the service (SET data blocks, ACTION pblocks): the encoded bytes,
 * cut into numbered blocks of the sizes the caller's APDU form leaves room for, and how far the transfer got.
 * The splitters keep the service-specific rules (which response acknowledges what) and share this.
 */
public final class OutgoingBlocks {
    private final byte[] encoded;
    private final int firstBlockSize;
    private final int blockSize;
    private int position;
    private long lastSent;
    private boolean allSent;

    /**
     * @param encoded the bytes to send (copied)
     * @param firstBlockSize room for raw data in the first block's APDU
     * @param blockSize room for raw data in each later block's APDU
     */
    public OutgoingBlocks(byte[] encoded, int firstBlockSize, int blockSize) {
        this.encoded = encoded.clone();
        this.firstBlockSize = firstBlockSize;
        this.blockSize = blockSize;
    }

    /** The first block; the caller checks it was not sent before. */
    public DataBlock first() {
        return next(firstBlockSize);
    }

    /** The block after the last one sent. */
    public DataBlock next() {
        return next(blockSize);
    }

    private DataBlock next(int size) {
        byte[] chunk = BlockPayload.piece(encoded, position, size);
        position += chunk.length;
        lastSent++;
        allSent = position >= encoded.length;
        return new DataBlock(allSent, lastSent, chunk);
    }

    /** How many blocks the whole transfer takes. */
    public int blockCount() {
        if (encoded.length <= firstBlockSize) {
            return 1;
        }
        return 1 + (encoded.length - firstBlockSize + blockSize - 1) / blockSize;
    }

    /** The number of the last block sent, 0 before the first. */
    public long lastSent() {
        return lastSent;
    }

    /** True once the block carrying the last byte went out. */
    public boolean allSent() {
        return allSent;
    }

    /**
     * What every response to a block must satisfy, whatever the service: the first block was sent, and the
     * response carries the transfer's invoke id.
     *
     * @return why the response does not belong to this transfer, or null when it does
     */
    public String mismatch(int transferInvokeId, int responseInvokeId) {
        if (lastSent == 0) {
            return "response received before the first block was sent";
        }
        if (responseInvokeId != transferInvokeId) {
            return "response has invoke id " + responseInvokeId + ", the transfer uses " + transferInvokeId;
        }
        return null;
    }
}
