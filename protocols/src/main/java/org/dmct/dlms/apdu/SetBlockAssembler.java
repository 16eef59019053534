package org.dmct.dlms.apdu;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * Server side of SET with block transfer for one attribute: takes the
 * {@link SetRequest.WithFirstDataBlock} and the {@link SetRequest.WithDataBlock}s that follow,
 * acknowledges each block, and once the last block arrives decodes the reassembled value for the
 * server to write. Blocks must be numbered 1, 2, 3, ... with the invoke id of the first. A wrong
 * block number is refused with data-block-number-invalid, a total beyond the size limit and a
 * value that does not decode with long-set-aborted, and a block with no transfer in progress
 * (before the first, or after the last) with no-long-set-in-progress; each refusal is the
 * set-response-last-datablock to send, and after it the assembler accepts nothing more.
 * Not thread-safe: one instance per transfer.
 */
public final class SetBlockAssembler {

    /** Default bound on the reassembled size: 1 MiB, far above any attribute a meter accepts. */
    public static final int DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024;

    /** What to answer after a block. */
    public sealed interface Step permits Acknowledge, Complete, Refused { }

    /**
     * The block was taken and more follow: send {@code response}.
     *
     * @param response the set-response-datablock acknowledging the block
     */
    public record Acknowledge(SetResponse.BlockAcknowledged response) implements Step { }

    /**
     * The last block arrived: write {@code value} and answer with {@link #response}.
     *
     * @param invokeIdAndPriority invoke id and priority of the transfer
     * @param attribute the attribute to write
     * @param selectiveAccess selective access, or null
     * @param value the reassembled value
     * @param lastBlockNumber the number of the last block
     */
    public record Complete(InvokeIdAndPriority invokeIdAndPriority, AttributeDescriptor attribute,
                           SelectiveAccess selectiveAccess, DlmsData value, long lastBlockNumber) implements Step {
        /**
         * The answer that ends the transfer.
         *
         * @param result the result of writing the value
         * @return the set-response-last-datablock
         */
        public SetResponse.LastBlock response(DataAccessResult result) {
            return new SetResponse.LastBlock(invokeIdAndPriority, result, lastBlockNumber);
        }
    }

    /**
     * The block was refused and the transfer is over: send {@code response}.
     *
     * @param response the set-response-last-datablock carrying the reason
     * @param reason what was wrong, for the log
     */
    public record Refused(SetResponse.LastBlock response, String reason) implements Step { }

    private final int maxTotalBytes;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private SetRequest.WithFirstDataBlock first;
    private long lastBlockNumber;
    private boolean finished;

    /** An assembler with the default size limit. */
    public SetBlockAssembler() {
        this(DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * @param maxTotalBytes largest reassembled value accepted
     */
    public SetBlockAssembler(int maxTotalBytes) {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maximum total must be positive, got " + maxTotalBytes);
        }
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Takes the next block.
     *
     * @param request a {@link SetRequest.WithFirstDataBlock} or {@link SetRequest.WithDataBlock}
     * @return what to answer
     * @throws IllegalArgumentException for the other SET forms, which are not part of a block transfer
     *                                  of one attribute (the caller routes those itself)
     */
    public Step accept(SetRequest request) {
        Objects.requireNonNull(request, "request");
        DataBlock block;
        if (request instanceof SetRequest.WithFirstDataBlock f) {
            if (finished || first != null) {
                return refuse(f.invokeIdAndPriority(), DataAccessResult.LONG_SET_ABORTED, f.block().blockNumber(),
                        "a second set-request-with-first-datablock arrived in the same transfer");
            }
            first = f;
            block = f.block();
        } else if (request instanceof SetRequest.WithDataBlock b) {
            block = b.block();
            if (finished || first == null) {
                finished = true;
                return new Refused(new SetResponse.LastBlock(b.invokeIdAndPriority(),
                        DataAccessResult.NO_LONG_SET_IN_PROGRESS, block.blockNumber()), "block " + block.blockNumber()
                        + (first == null ? " arrived before a set-request-with-first-datablock"
                        : " arrived after the transfer had ended"));
            }
            if (b.invokeIdAndPriority().invokeId() != first.invokeIdAndPriority().invokeId()) {
                return refuse(b.invokeIdAndPriority(), DataAccessResult.LONG_SET_ABORTED, block.blockNumber(),
                        "block " + block.blockNumber() + " has invoke id " + b.invokeIdAndPriority().invokeId()
                                + ", the transfer started with " + first.invokeIdAndPriority().invokeId());
            }
        } else {
            throw new IllegalArgumentException("not a SET data block: " + request);
        }
        InvokeIdAndPriority iip = request.invokeIdAndPriority();
        long expected = lastBlockNumber + 1;
        if (block.blockNumber() != expected) {
            return refuse(iip, DataAccessResult.DATA_BLOCK_NUMBER_INVALID, block.blockNumber(),
                    "block " + block.blockNumber() + " received, expected block " + expected);
        }
        long total = (long) data.size() + block.rawLength();
        if (total > maxTotalBytes) {
            return refuse(iip, DataAccessResult.LONG_SET_ABORTED, block.blockNumber(), "block " + block.blockNumber()
                    + " brings the value to " + total + " bytes, above the limit of " + maxTotalBytes);
        }
        data.writeBytes(block.rawData());
        lastBlockNumber = block.blockNumber();
        if (!block.lastBlock()) {
            return new Acknowledge(new SetResponse.BlockAcknowledged(iip, lastBlockNumber));
        }
        finished = true;
        byte[] raw = data.toByteArray();
        try {
            DlmsData value = AxdrCodec.decode(raw);
            return new Complete(first.invokeIdAndPriority(), first.attribute(), first.selectiveAccess(), value,
                    lastBlockNumber);
        } catch (AxdrException | IllegalArgumentException e) {
            // IllegalArgumentException: a record rejecting a decoded field, e.g. an impossible date-time
            return new Refused(new SetResponse.LastBlock(iip, DataAccessResult.LONG_SET_ABORTED, lastBlockNumber),
                    "reassembled value of " + lastBlockNumber + " blocks (" + raw.length + " bytes) is malformed: "
                            + e.getMessage());
        }
    }

    private Refused refuse(InvokeIdAndPriority iip, DataAccessResult result, long blockNumber, String reason) {
        finished = true;
        return new Refused(new SetResponse.LastBlock(iip, result, blockNumber), reason);
    }

    /**
     * @return the number of the last block accepted, 0 before the first
     */
    public long lastBlockNumber() {
        return lastBlockNumber;
    }

    /**
     * @return the bytes collected so far
     */
    public int receivedBytes() {
        return data.size();
    }

    /**
     * @return true once the transfer completed or was refused
     */
    public boolean isFinished() {
        return finished;
    }
}
