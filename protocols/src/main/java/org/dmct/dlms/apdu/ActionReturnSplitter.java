package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.apdu.internal.BlockPayload;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;

/**
 * Server side of ACTION with return parameters too long for one APDU: cuts the encoded return
 * Data into {@link ActionResponse.WithPblock}s that each fit the client's maximum receive PDU
 * size and hands them out one at a time as the client acknowledges with
 * {@link ActionRequest.NextPblock}. The raw data is the Data the method returned, as the raw
 * data of a GET is the attribute value; only a successful method returns data in blocks, an
 * error fits an {@link ActionResponse.Normal}. A request that does not acknowledge the block just
 * sent aborts the transfer with long-action-aborted, and one arriving after the last block gets
 * no-long-action-in-progress. Not thread-safe: one instance per transfer.
 */
public final class ActionReturnSplitter {

    private final InvokeIdAndPriority invokeId;
    private final byte[] encoded;
    private final int blockSize;
    private long lastSent;
    private int position;
    private boolean finished;

    /**
     * @param invokeId invoke id and priority of the request being answered
     * @param encodedReturn the A-XDR encoding of the return parameters
     * @param maxPduSize the client's max receive PDU size (less any ciphering overhead)
     * @throws IllegalArgumentException if the PDU size cannot hold a block with at least one byte
     */
    public ActionReturnSplitter(InvokeIdAndPriority invokeId, byte[] encodedReturn, int maxPduSize) {
        this.invokeId = Objects.requireNonNull(invokeId, "invokeId");
        this.encoded = encodedReturn.clone();
        this.blockSize = BlockPayload.max(new ActionResponse.WithPblock(invokeId, new DataBlock(false, 1, new byte[0])),
                maxPduSize);
    }

    /**
     * A splitter for return parameters given as data.
     *
     * @param invokeId invoke id and priority of the request
     * @param returnParameters what the method returned
     * @param maxPduSize the client's max receive PDU size
     * @return the splitter
     */
    public static ActionReturnSplitter forData(InvokeIdAndPriority invokeId, DlmsData returnParameters,
                                               int maxPduSize) {
        return new ActionReturnSplitter(invokeId, AxdrCodec.encode(returnParameters), maxPduSize);
    }

    /**
     * Tells whether a response must go in blocks because its normal form exceeds the PDU size.
     *
     * @param response the response as it would be sent whole
     * @param maxPduSize the client's max receive PDU size
     * @return true if its encoding is longer than the PDU size
     */
    public static boolean needsBlockTransfer(ActionResponse response, int maxPduSize) {
        return ApduCodec.encode(response).length > maxPduSize;
    }

    /**
     * @return the number of blocks the return parameters take
     */
    public int blockCount() {
        return Math.max(1, (encoded.length + blockSize - 1) / blockSize);
    }

    /**
     * Returns block 1, the answer to the ACTION request (or to its last parameter block).
     *
     * @return the first block
     * @throws IllegalStateException if blocks were already handed out
     */
    public ActionResponse.WithPblock firstBlock() {
        if (lastSent != 0 || finished) {
            throw new IllegalStateException("the first block was already sent");
        }
        return nextBlock(invokeId);
    }

    /**
     * Answers an action-request-next-pblock.
     *
     * @param next the client's request
     * @return the following block, or an action-response-normal with the error that ends the transfer
     */
    public ActionResponse respondTo(ActionRequest.NextPblock next) {
        Objects.requireNonNull(next, "next");
        if (finished) {
            return new ActionResponse.Normal(next.invokeIdAndPriority(), ActionResult.NO_LONG_ACTION_IN_PROGRESS);
        }
        if (lastSent == 0 || next.blockNumber() != lastSent
                || next.invokeIdAndPriority().invokeId() != invokeId.invokeId()) {
            finished = true;
            return new ActionResponse.Normal(next.invokeIdAndPriority(), ActionResult.LONG_ACTION_ABORTED);
        }
        return nextBlock(next.invokeIdAndPriority());
    }

    private ActionResponse.WithPblock nextBlock(InvokeIdAndPriority iip) {
        byte[] chunk = BlockPayload.piece(encoded, position, blockSize);
        position += chunk.length;
        lastSent++;
        boolean last = position >= encoded.length;
        finished = last;
        return new ActionResponse.WithPblock(iip, new DataBlock(last, lastSent, chunk));
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
