package org.dmct.dlms.apdu;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * Server side of ACTION with long parameters for one method: takes the
 * {@link ActionRequest.WithFirstPblock} and the {@link ActionRequest.WithPblock}s that follow,
 * acknowledges each block with an {@link ActionResponse.NextPblock}, and once the last block
 * arrives decodes the reassembled parameters for the server to invoke the method with. Blocks
 * must be numbered 1, 2, 3, ... with the invoke id of the first. Action-Result has no
 * block-number code, so a wrong block number, a total beyond the size limit and parameters that
 * do not decode are refused with long-action-aborted, and a block with no transfer in progress
 * with no-long-action-in-progress; each refusal is the action-response-normal to send, after
 * which the assembler accepts nothing more. Not thread-safe: one instance per transfer.
 */
public final class ActionParameterAssembler {

    /** Default bound on the reassembled size: 1 MiB. */
    public static final int DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024;

    /** What to answer after a block. */
    public sealed interface Step permits Acknowledge, Complete, Refused { }

    /**
     * The block was taken and more follow: send {@code response}.
     *
     * @param response the action-response-next-pblock acknowledging the block
     */
    public record Acknowledge(ActionResponse.NextPblock response) implements Step { }

    /**
     * The last block arrived: invoke the method with {@code parameters} and answer with an
     * {@link ActionResponse.Normal} (or, for long return parameters, an {@link ActionReturnSplitter}).
     *
     * @param invokeIdAndPriority invoke id and priority of the transfer
     * @param method the method to invoke
     * @param parameters the reassembled method-invocation-parameters
     * @param lastBlockNumber the number of the last block
     */
    public record Complete(InvokeIdAndPriority invokeIdAndPriority, MethodDescriptor method, DlmsData parameters,
                           long lastBlockNumber) implements Step { }

    /**
     * The block was refused and the transfer is over: send {@code response}.
     *
     * @param response the action-response-normal carrying the reason
     * @param reason what was wrong, for the log
     */
    public record Refused(ActionResponse.Normal response, String reason) implements Step { }

    private final int maxTotalBytes;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private ActionRequest.WithFirstPblock first;
    private long lastBlockNumber;
    private boolean finished;

    /** An assembler with the default size limit. */
    public ActionParameterAssembler() {
        this(DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * @param maxTotalBytes largest reassembled parameters accepted
     */
    public ActionParameterAssembler(int maxTotalBytes) {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maximum total must be positive, got " + maxTotalBytes);
        }
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Takes the next block.
     *
     * @param request an {@link ActionRequest.WithFirstPblock} or {@link ActionRequest.WithPblock}
     * @return what to answer
     * @throws IllegalArgumentException for the other ACTION forms, which the caller routes itself
     */
    public Step accept(ActionRequest request) {
        Objects.requireNonNull(request, "request");
        DataBlock block;
        if (request instanceof ActionRequest.WithFirstPblock f) {
            if (finished || first != null) {
                return refuse(f.invokeIdAndPriority(), ActionResult.LONG_ACTION_ABORTED,
                        "a second action-request-with-first-pblock arrived in the same transfer");
            }
            first = f;
            block = f.block();
        } else if (request instanceof ActionRequest.WithPblock b) {
            block = b.block();
            if (finished || first == null) {
                finished = true;
                return new Refused(new ActionResponse.Normal(b.invokeIdAndPriority(),
                        ActionResult.NO_LONG_ACTION_IN_PROGRESS), "block " + block.blockNumber()
                        + (first == null ? " arrived before an action-request-with-first-pblock"
                        : " arrived after the transfer had ended"));
            }
            if (b.invokeIdAndPriority().invokeId() != first.invokeIdAndPriority().invokeId()) {
                return refuse(b.invokeIdAndPriority(), ActionResult.LONG_ACTION_ABORTED, "block "
                        + block.blockNumber() + " has invoke id " + b.invokeIdAndPriority().invokeId()
                        + ", the transfer started with " + first.invokeIdAndPriority().invokeId());
            }
        } else {
            throw new IllegalArgumentException("not an ACTION parameter block: " + request);
        }
        InvokeIdAndPriority iip = request.invokeIdAndPriority();
        long expected = lastBlockNumber + 1;
        if (block.blockNumber() != expected) {
            return refuse(iip, ActionResult.LONG_ACTION_ABORTED,
                    "block " + block.blockNumber() + " received, expected block " + expected);
        }
        long total = (long) data.size() + block.rawLength();
        if (total > maxTotalBytes) {
            return refuse(iip, ActionResult.LONG_ACTION_ABORTED, "block " + block.blockNumber()
                    + " brings the parameters to " + total + " bytes, above the limit of " + maxTotalBytes);
        }
        data.writeBytes(block.rawData());
        lastBlockNumber = block.blockNumber();
        if (!block.lastBlock()) {
            return new Acknowledge(new ActionResponse.NextPblock(iip, lastBlockNumber));
        }
        finished = true;
        byte[] raw = data.toByteArray();
        try {
            return new Complete(first.invokeIdAndPriority(), first.method(), AxdrCodec.decode(raw), lastBlockNumber);
        } catch (AxdrException | IllegalArgumentException e) {
            // IllegalArgumentException: a record rejecting a decoded field, e.g. an impossible date-time
            return new Refused(new ActionResponse.Normal(iip, ActionResult.LONG_ACTION_ABORTED),
                    "reassembled parameters of " + lastBlockNumber + " blocks (" + raw.length + " bytes) are malformed: "
                            + e.getMessage());
        }
    }

    private Refused refuse(InvokeIdAndPriority iip, ActionResult result, String reason) {
        finished = true;
        return new Refused(new ActionResponse.Normal(iip, result), reason);
    }

    /**
     * @return the number of the last block accepted, 0 before the first
     */
    public long lastBlockNumber() {
        return lastBlockNumber;
    }

    /**
     * @return true once the transfer completed or was refused
     */
    public boolean isFinished() {
        return finished;
    }
}
