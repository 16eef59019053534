package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.Objects;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.AxdrLength;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * Server side of GET with block transfer: cuts an encoded result into
 * {@link GetResponse.WithDataBlock}s that each fit the client's maximum receive PDU size, and
 * hands them out one at a time as the client asks with {@link GetRequest.Next}. A request that
 * does not acknowledge the block just sent aborts the transfer with data-block-number-invalid;
 * one arriving after the last block gets no-long-get-in-progress, as the Green Book prescribes.
 * For a normal GET the encoded result is the A-XDR Data; for GET-with-list it is the list of
 * results ({@link ApduCodec#encodeGetDataResults}). Not thread-safe: one instance per transfer.
 */
public final class GetBlockSplitter {

    /** Bytes of a with-datablock APDU besides the raw data and its length: tag, choice, iip, last, number, choice. */
    private static final int BLOCK_OVERHEAD = 9;

    private final InvokeIdAndPriority invokeId;
    private final byte[] encoded;
    private final int blockSize;
    private long lastSent;
    private int position;
    private boolean finished;

    /**
     * @param invokeId invoke id and priority of the request being answered
     * @param encodedResult the whole encoded result to send
     * @param maxPduSize the client's max receive PDU size (what it negotiated, less any
     *                   ciphering overhead the caller will add)
     * @throws IllegalArgumentException if the PDU size cannot hold a block with at least one byte
     */
    public GetBlockSplitter(InvokeIdAndPriority invokeId, byte[] encodedResult, int maxPduSize) {
        this.invokeId = Objects.requireNonNull(invokeId, "invokeId");
        this.encoded = encodedResult.clone();
        this.blockSize = maxBlockPayload(maxPduSize);
    }

    /**
     * A splitter for the value of a normal GET.
     *
     * @param invokeId invoke id and priority of the request
     * @param value the attribute value
     * @param maxPduSize the client's max receive PDU size
     * @return the splitter
     */
    public static GetBlockSplitter forData(InvokeIdAndPriority invokeId, DlmsData value, int maxPduSize) {
        return new GetBlockSplitter(invokeId, AxdrCodec.encode(value), maxPduSize);
    }

    /**
     * The most raw-data bytes one block can carry within a PDU size.
     *
     * @param maxPduSize the PDU size
     * @return the payload size, at least 1
     * @throws IllegalArgumentException if not even one byte fits
     */
    public static int maxBlockPayload(int maxPduSize) {
        int payload = maxPduSize - BLOCK_OVERHEAD - 1;
        while (payload > 0 && BLOCK_OVERHEAD + AxdrLength.encodedSize(payload) + payload > maxPduSize) {
            payload--;
        }
        if (payload < 1) {
            throw new IllegalArgumentException("max PDU size " + maxPduSize + " cannot hold a data block");
        }
        return payload;
    }

    /**
     * Tells whether an APDU must be sent with block transfer because it exceeds the PDU size.
     *
     * @param response the response as it would be sent whole
     * @param maxPduSize the client's max receive PDU size
     * @return true if its encoding is longer than the PDU size
     */
    public static boolean needsBlockTransfer(Apdu response, int maxPduSize) {
        return ApduCodec.encode(response).length > maxPduSize;
    }

    /**
     * @return the number of blocks the result will take
     */
    public int blockCount() {
        return Math.max(1, (encoded.length + blockSize - 1) / blockSize);
    }

    /**
     * @return the largest raw-data size of a block
     */
    public int blockSize() {
        return blockSize;
    }

    /**
     * Returns block 1, the answer to the original GET.
     *
     * @return the first block
     * @throws IllegalStateException if blocks were already handed out
     */
    public GetResponse.WithDataBlock firstBlock() {
        if (lastSent != 0 || finished) {
            throw new IllegalStateException("the first block was already sent");
        }
        return nextBlock(invokeId);
    }

    /**
     * Answers a get-request-next.
     *
     * @param next the client's request
     * @return the following block, or a block with the error that ends the transfer
     */
    public GetResponse.WithDataBlock respondTo(GetRequest.Next next) {
        Objects.requireNonNull(next, "next");
        if (finished) {
            return new GetResponse.WithDataBlock(next.invokeIdAndPriority(), true, next.blockNumber(), null,
                    DataAccessResult.NO_LONG_GET_IN_PROGRESS);
        }
        if (lastSent == 0 || next.blockNumber() != lastSent) {
            finished = true;
            return new GetResponse.WithDataBlock(next.invokeIdAndPriority(), true, next.blockNumber(), null,
                    DataAccessResult.DATA_BLOCK_NUMBER_INVALID);
        }
        return nextBlock(next.invokeIdAndPriority());
    }

    private GetResponse.WithDataBlock nextBlock(InvokeIdAndPriority iip) {
        int end = Math.min(encoded.length, position + blockSize);
        byte[] chunk = Arrays.copyOfRange(encoded, position, end);
        position = end;
        lastSent++;
        boolean last = position >= encoded.length;
        finished = last;
        return new GetResponse.WithDataBlock(iip, last, lastSent, chunk, null);
    }

    /**
     * @return true once the last block was sent or the transfer was aborted
     */
    public boolean isComplete() {
        return finished;
    }

    /**
     * @return the number of the last block sent, 0 before the first
     */
    public long lastBlockNumber() {
        return lastSent;
    }
}
