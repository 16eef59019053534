package org.dmct.dlms.apdu;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.cosem.ActionResult;

/**
 * Client side of ACTION with return parameters too long for one APDU: collects the
 * {@link ActionResponse.WithPblock}s, acknowledging each with the {@link ActionRequest.NextPblock}
 * it provides, and when the last arrives decodes the reassembled return Data. An
 * {@link ActionResponse.Normal} in the middle is the server ending the transfer with its
 * action-result. Blocks must be numbered 1, 2, 3, ... with the invoke id of the first;
 * out-of-order and duplicate blocks, a total beyond the size limit and undecodable data fail the
 * transfer, after which the assembler accepts nothing more. Not thread-safe: one per transfer.
 */
public final class ActionReturnAssembler {

    /** Default bound on the reassembled size: 16 MiB. */
    public static final int DEFAULT_MAX_TOTAL_BYTES = 16 * 1024 * 1024;

    /** What to do after a block. */
    public sealed interface Step permits NeedNext, Complete, Failed { }

    /**
     * More blocks follow: send {@code request}.
     *
     * @param request the action-request-next-pblock acknowledging the block just received
     */
    public record NeedNext(ActionRequest.NextPblock request) implements Step { }

    /**
     * The transfer ended: with the method's result and the reassembled return parameters, or with
     * the error the server ended it with (then without return parameters).
     *
     * @param result the result and, on success, the return parameters
     * @param receivedBytes the number of raw bytes collected
     */
    public record Complete(ActionResponseWithOptionalData result, int receivedBytes) implements Step {
        /** Null check. */
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The transfer cannot continue.
     *
     * @param reason what went wrong, naming block numbers and sizes
     */
    public record Failed(String reason) implements Step { }

    private final int maxTotalBytes;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private long lastBlockNumber;
    private InvokeIdAndPriority invokeId;
    private boolean finished;

    /** An assembler with the default size limit. */
    public ActionReturnAssembler() {
        this(DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * @param maxTotalBytes largest reassembled size accepted
     */
    public ActionReturnAssembler(int maxTotalBytes) {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maximum total must be positive, got " + maxTotalBytes);
        }
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Takes the next response.
     *
     * @param response an {@link ActionResponse.WithPblock}, or an {@link ActionResponse.Normal} ending the transfer
     * @return what to do next
     */
    public Step accept(ActionResponse response) {
        Objects.requireNonNull(response, "response");
        if (finished) {
            return new Failed("response " + response + " received after the transfer had finished");
        }
        if (invokeId != null && response.invokeIdAndPriority().invokeId() != invokeId.invokeId()) {
            return fail("response has invoke id " + response.invokeIdAndPriority().invokeId()
                    + ", the transfer started with " + invokeId.invokeId());
        }
        if (response instanceof ActionResponse.Normal normal) {
            if (lastBlockNumber > 0 && normal.result() == ActionResult.SUCCESS) {
                return fail("server reported success without return parameters after block " + lastBlockNumber
                        + " of a return block transfer");
            }
            finished = true;
            return new Complete(new ActionResponseWithOptionalData(normal.result(), normal.returnParameters()),
                    data.size());
        }
        if (!(response instanceof ActionResponse.WithPblock withBlock)) {
            return fail("unexpected " + response + " during an ACTION return block transfer");
        }
        DataBlock block = withBlock.block();
        long expected = lastBlockNumber + 1;
        if (block.blockNumber() != expected) {
            String what = block.blockNumber() == lastBlockNumber && lastBlockNumber > 0 ? "duplicate block "
                    : "out-of-order block ";
            return fail(what + block.blockNumber() + ", expected block " + expected);
        }
        if (invokeId == null) {
            invokeId = response.invokeIdAndPriority();
        }
        long total = (long) data.size() + block.rawLength();
        if (total > maxTotalBytes) {
            return fail("block " + block.blockNumber() + " brings the total to " + total + " bytes, above the limit of "
                    + maxTotalBytes);
        }
        data.writeBytes(block.rawData());
        lastBlockNumber = block.blockNumber();
        if (!block.lastBlock()) {
            return new NeedNext(new ActionRequest.NextPblock(response.invokeIdAndPriority(), lastBlockNumber));
        }
        finished = true;
        byte[] raw = data.toByteArray();
        try {
            return new Complete(new ActionResponseWithOptionalData(ActionResult.SUCCESS,
                    GetDataResult.of(AxdrCodec.decode(raw))), raw.length);
        } catch (AxdrException | IllegalArgumentException e) {
            return new Failed("reassembled return parameters of " + lastBlockNumber + " blocks (" + raw.length
                    + " bytes) are malformed: " + e.getMessage());
        }
    }

    private Failed fail(String reason) {
        finished = true;
        return new Failed(reason);
    }

    /**
     * @return the number of the last block accepted, 0 before the first
     */
    public long lastBlockNumber() {
        return lastBlockNumber;
    }

    /**
     * @return true once the transfer completed or failed
     */
    public boolean isFinished() {
        return finished;
    }
}
