package org.dmct.dlms.apdu;

import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.DataAccessResult;

/**
 * The SET response (tag 0xC5): {@link Normal} with one result, {@link WithList} with one result
 * per attribute of a set-request-with-list, and for block transfer {@link BlockAcknowledged}
 * (Green Book set-response-datablock), {@link LastBlock} (set-response-last-datablock) and
 * {@link LastBlockWithList} (set-response-last-datablock-with-list).
 */
public sealed interface SetResponse extends ServiceApdu {

    /**
     * set-response-normal [1].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param result success or the reason the write failed
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, DataAccessResult result) implements SetResponse {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * set-response-with-list [5].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param results one per attribute of the request, in request order: success or the reason that write failed
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<DataAccessResult> results) implements SetResponse {
        /** Null checks and copy of the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
        }
    }

    /**
     * set-response-datablock [2]: the server received a block and asks for the next.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param blockNumber the number of the block received
     */
    record BlockAcknowledged(InvokeIdAndPriority invokeIdAndPriority, long blockNumber) implements SetResponse {
        /** Checks. */
        public BlockAcknowledged {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            checkBlockNumber(blockNumber);
        }
    }

    /**
     * set-response-last-datablock [3]: the transfer of a single attribute ended, with the result of
     * the write, or with the reason the server aborted it (then the block number is the one refused).
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param result success or the reason the write or the transfer failed
     * @param blockNumber the number of the last block received
     */
    record LastBlock(InvokeIdAndPriority invokeIdAndPriority, DataAccessResult result, long blockNumber)
            implements SetResponse {
        /** Checks. */
        public LastBlock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
            checkBlockNumber(blockNumber);
        }
    }

    /**
     * set-response-last-datablock-with-list [4]: the transfer of a set-request-with-list ended.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param results one per attribute, in request order
     * @param blockNumber the number of the last block received
     */
    record LastBlockWithList(InvokeIdAndPriority invokeIdAndPriority, List<DataAccessResult> results,
                             long blockNumber) implements SetResponse {
        /** Checks and copy of the list. */
        public LastBlockWithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
            checkBlockNumber(blockNumber);
        }
    }

    private static void checkBlockNumber(long blockNumber) {
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
        }
    }
}
