package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.apdu.internal.BlockPayload;
import org.dmct.dlms.apdu.internal.OutgoingBlocks;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * Client side of SET with block transfer: cuts the encoded value of one attribute into a
 * {@link SetRequest.WithFirstDataBlock} and {@link SetRequest.WithDataBlock}s that each fit the
 * server's maximum receive PDU size, and sends the next one only when the server acknowledged
 * the one before. Each {@link #accept} checks the response: the acknowledged block number must
 * be the block just sent and the invoke id the transfer's; a set-response-last-datablock ends
 * the transfer with the server's result, early if the server refused a block (that result is
 * then the error). Anything else fails the transfer, after which nothing more is sent.
 * Not thread-safe: one instance per transfer.
 */
public final class SetBlockSplitter {

    /** What to do after a response. */
    public sealed interface Step permits Send, Complete, Failed { }

    /**
     * The server acknowledged the previous block: send {@code request}.
     *
     * @param request the next block
     */
    public record Send(SetRequest.WithDataBlock request) implements Step { }

    /**
     * The transfer ended with the server's answer.
     *
     * @param result success, or why the server did not write the value or aborted the transfer
     * @param blockNumber the block number the server's last response named
     * @param allBlocksSent true if every block went out (false when the server stopped it early)
     */
    public record Complete(DataAccessResult result, long blockNumber, boolean allBlocksSent) implements Step {
        /** Null check. */
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The server's answer does not fit the transfer; stop and report.
     *
     * @param reason what the server did wrong, naming block numbers
     */
    public record Failed(String reason) implements Step { }

    private final InvokeIdAndPriority invokeId;
    private final AttributeDescriptor attribute;
    private final SelectiveAccess selectiveAccess;
    private final OutgoingBlocks blocks;
    private boolean finished;

    /**
     * @param invokeId invoke id and priority of the SET
     * @param attribute the attribute to write
     * @param selectiveAccess selective access, or null
     * @param encodedValue the A-XDR encoding of the value
     * @param maxPduSize the server's max receive PDU size (negotiated, less any ciphering overhead
     *                   the caller will add)
     * @throws IllegalArgumentException if the PDU size cannot hold a block with at least one byte
     */
    public SetBlockSplitter(InvokeIdAndPriority invokeId, AttributeDescriptor attribute,
                            SelectiveAccess selectiveAccess, byte[] encodedValue, int maxPduSize) {
        this.invokeId = Objects.requireNonNull(invokeId, "invokeId");
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.selectiveAccess = selectiveAccess;
        DataBlock empty = new DataBlock(false, 1, new byte[0]);
        int firstBlockSize = BlockPayload.max(
                new SetRequest.WithFirstDataBlock(invokeId, attribute, selectiveAccess, empty), maxPduSize);
        int blockSize = BlockPayload.max(new SetRequest.WithDataBlock(invokeId, empty), maxPduSize);
        this.blocks = new OutgoingBlocks(encodedValue, firstBlockSize, blockSize);
    }

    /**
     * A splitter for a value.
     *
     * @param invokeId invoke id and priority of the SET
     * @param attribute the attribute
     * @param selectiveAccess selective access, or null
     * @param value the value
     * @param maxPduSize the server's max receive PDU size
     * @return the splitter
     */
    public static SetBlockSplitter forData(InvokeIdAndPriority invokeId, AttributeDescriptor attribute,
                                           SelectiveAccess selectiveAccess, DlmsData value, int maxPduSize) {
        return new SetBlockSplitter(invokeId, attribute, selectiveAccess, AxdrCodec.encode(value), maxPduSize);
    }

    /**
     * Tells whether a SET must go in blocks because its normal form exceeds the PDU size.
     *
     * @param request the request as it would be sent whole
     * @param maxPduSize the server's max receive PDU size
     * @return true if its encoding is longer than the PDU size
     */
    public static boolean needsBlockTransfer(SetRequest request, int maxPduSize) {
        return ApduCodec.encode(request).length > maxPduSize;
    }

    /**
     * @return the number of blocks the value takes
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
    public SetRequest.WithFirstDataBlock firstRequest() {
        if (blocks.lastSent() != 0 || finished) {
            throw new IllegalStateException("the first block was already sent");
        }
        return new SetRequest.WithFirstDataBlock(invokeId, attribute, selectiveAccess, blocks.first());
    }

    /**
     * Takes the server's response to the block just sent.
     *
     * @param response the response
     * @return what to do next
     */
    public Step accept(SetResponse response) {
        Objects.requireNonNull(response, "response");
        if (finished) {
            return new Failed("response " + response + " received after the transfer had finished");
        }
        String mismatch = blocks.mismatch(invokeId.invokeId(), response.invokeIdAndPriority().invokeId());
        if (mismatch != null) {
            return fail(mismatch);
        }
        if (response instanceof SetResponse.BlockAcknowledged ack) {
            if (ack.blockNumber() != blocks.lastSent()) {
                return fail("server acknowledged block " + ack.blockNumber() + " but block " + blocks.lastSent()
                        + " was sent");
            }
            if (blocks.allSent()) {
                return fail("server acknowledged block " + blocks.lastSent() + " with set-response-datablock, but it "
                        + "was the last block and needs a set-response-last-datablock");
            }
            return new Send(new SetRequest.WithDataBlock(invokeId, blocks.next()));
        }
        if (response instanceof SetResponse.LastBlock last) {
            if (last.result() == DataAccessResult.SUCCESS && !blocks.allSent()) {
                return fail("server reported success after block " + last.blockNumber() + " of " + blockCount()
                        + ", before the last block");
            }
            if (last.result() == DataAccessResult.SUCCESS && last.blockNumber() != blocks.lastSent()) {
                return fail("server ended the transfer at block " + last.blockNumber() + " but the last block was "
                        + blocks.lastSent());
            }
            finished = true;
            return new Complete(last.result(), last.blockNumber(), blocks.allSent());
        }
        if (response instanceof SetResponse.Normal normal && normal.result() != DataAccessResult.SUCCESS) {
            // a server that cannot do block transfer at all may refuse it with a normal response
            finished = true;
            return new Complete(normal.result(), blocks.lastSent(), blocks.allSent());
        }
        return fail("unexpected " + response + " during a SET block transfer at block " + blocks.lastSent());
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
