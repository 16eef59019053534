package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.apdu.internal.BlockPayload;
import org.dmct.dlms.apdu.internal.OutgoingBlocks;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * Client side of ACTION with parameters too long for one APDU: cuts the encoded
 * method-invocation-parameters into an {@link ActionRequest.WithFirstPblock} and
 * {@link ActionRequest.WithPblock}s that each fit the server's maximum receive PDU size, and
 * sends the next block only after the server acknowledged the one before with an
 * {@link ActionResponse.NextPblock} naming it. After the last block the server's answer ends the
 * transfer: an {@link ActionResponse.Normal}, or the first {@link ActionResponse.WithPblock} of
 * long return parameters, which the caller hands to an {@link ActionReturnAssembler}. An
 * action-response-normal with an error before the last block is the server aborting; any other
 * answer fails the transfer. Not thread-safe: one instance per transfer.
 */
public final class ActionParameterSplitter {

    /** What to do after a response. */
    public sealed interface Step permits Send, Complete, Failed { }

    /**
     * The server acknowledged the previous block: send {@code request}.
     *
     * @param request the next block
     */
    public record Send(ActionRequest.WithPblock request) implements Step { }

    /**
     * The transfer of the parameters ended with the server's answer.
     *
     * @param response an {@link ActionResponse.Normal} (the result, or why the server aborted), or the
     *                 first {@link ActionResponse.WithPblock} of long return parameters
     * @param allBlocksSent true if every block went out (false when the server stopped it early)
     */
    public record Complete(ActionResponse response, boolean allBlocksSent) implements Step {
        /** Null check. */
        public Complete {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The server's answer does not fit the transfer; stop and report.
     *
     * @param reason what the server did wrong, naming block numbers
     */
    public record Failed(String reason) implements Step { }

    private final InvokeIdAndPriority invokeId;
    private final MethodDescriptor method;
    private final OutgoingBlocks blocks;
    private boolean finished;

    /**
     * @param invokeId invoke id and priority of the ACTION
     * @param method the method to invoke
     * @param encodedParameters the A-XDR encoding of the method-invocation-parameters
     * @param maxPduSize the server's max receive PDU size (negotiated, less any ciphering overhead)
     * @throws IllegalArgumentException if the PDU size cannot hold a block with at least one byte
     */
    public ActionParameterSplitter(InvokeIdAndPriority invokeId, MethodDescriptor method, byte[] encodedParameters,
                                   int maxPduSize) {
        this.invokeId = Objects.requireNonNull(invokeId, "invokeId");
        this.method = Objects.requireNonNull(method, "method");
        DataBlock empty = new DataBlock(false, 1, new byte[0]);
        int firstBlockSize = BlockPayload.max(new ActionRequest.WithFirstPblock(invokeId, method, empty), maxPduSize);
        int blockSize = BlockPayload.max(new ActionRequest.WithPblock(invokeId, empty), maxPduSize);
        this.blocks = new OutgoingBlocks(encodedParameters, firstBlockSize, blockSize);
    }

    /**
     * A splitter for parameters given as data.
     *
     * @param invokeId invoke id and priority of the ACTION
     * @param method the method
     * @param parameters the method-invocation-parameters
     * @param maxPduSize the server's max receive PDU size
     * @return the splitter
     */
    public static ActionParameterSplitter forData(InvokeIdAndPriority invokeId, MethodDescriptor method,
                                                  DlmsData parameters, int maxPduSize) {
        return new ActionParameterSplitter(invokeId, method, AxdrCodec.encode(parameters), maxPduSize);
    }

    /**
     * Tells whether an ACTION must go in blocks because its normal form exceeds the PDU size.
     *
     * @param request the request as it would be sent whole
     * @param maxPduSize the server's max receive PDU size
     * @return true if its encoding is longer than the PDU size
     */
    public static boolean needsBlockTransfer(ActionRequest request, int maxPduSize) {
        return ApduCodec.encode(request).length > maxPduSize;
    }

    /**
     * @return the number of blocks the parameters take
     */
    public int blockCount() {
        return blocks.blockCount();
    }

    /**
     * Returns block 1, the request that starts the transfer.
     *
     * @return the first request
     * @throws IllegalStateException if it was already sent
     */
    public ActionRequest.WithFirstPblock firstRequest() {
        if (blocks.lastSent() != 0 || finished) {
            throw new IllegalStateException("the first block was already sent");
        }
        return new ActionRequest.WithFirstPblock(invokeId, method, blocks.first());
    }

    /**
     * Takes the server's response to the block just sent.
     *
     * @param response the response
     * @return what to do next
     */
    public Step accept(ActionResponse response) {
        Objects.requireNonNull(response, "response");
        if (finished) {
            return new Failed("response " + response + " received after the transfer had finished");
        }
        String mismatch = blocks.mismatch(invokeId.invokeId(), response.invokeIdAndPriority().invokeId());
        if (mismatch != null) {
            return fail(mismatch);
        }
        if (response instanceof ActionResponse.NextPblock ack) {
            if (ack.blockNumber() != blocks.lastSent()) {
                return fail("server acknowledged block " + ack.blockNumber() + " but block " + blocks.lastSent()
                        + " was sent");
            }
            if (blocks.allSent()) {
                return fail("server asked for the block after " + blocks.lastSent() + ", which was the last block");
            }
            return new Send(new ActionRequest.WithPblock(invokeId, blocks.next()));
        }
        if (response instanceof ActionResponse.Normal normal) {
            if (!blocks.allSent() && normal.result() == ActionResult.SUCCESS) {
                return fail("server reported success after block " + blocks.lastSent() + " of " + blockCount()
                        + ", before the last block");
            }
            finished = true;
            return new Complete(normal, blocks.allSent());
        }
        if (response instanceof ActionResponse.WithPblock returnBlock) {
            if (!blocks.allSent()) {
                return fail("server sent return parameters after block " + blocks.lastSent() + " of " + blockCount()
                        + ", before the last block");
            }
            finished = true;
            return new Complete(returnBlock, true);
        }
        return fail("unexpected " + response + " during an ACTION block transfer at block " + blocks.lastSent());
    }

    private Failed fail(String reason) {
        finished = true;
        return new Failed(reason);
    }

    /**
     * @return the number of the last block sent, 0 before the first
     */
    public long lastBlockNumber() {
        return blocks.lastSent();
    }

    /**
     * @return true once the transfer completed or failed
     */
    public boolean isFinished() {
        return finished;
    }
}
