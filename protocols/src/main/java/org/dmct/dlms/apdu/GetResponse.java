package org.dmct.dlms.apdu;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.internal.Hex;

/**
 * The GET response (tag 0xC4) in its three forms: {@link Normal} with one result,
 * {@link WithDataBlock} carrying one block of a response too long for one APDU, and
 * {@link WithList} with one result per requested attribute.
 */
public sealed interface GetResponse extends ServiceApdu {

    /**
     * get-response-normal [1].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param result the value or the reason it could not be read
     */
    record Normal(InvokeIdAndPriority invokeIdAndPriority, GetDataResult result) implements GetResponse {
        /** Null checks. */
        public Normal {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * get-response-with-datablock [2]: one block of the encoded result, or the data-access-result
     * that ends the transfer. Exactly one of {@code rawData} and {@code error} is non-null.
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param lastBlock true on the final block
     * @param blockNumber 1 for the first block, counting up, 0..2^32-1
     * @param rawData this block's bytes, or null with an error
     * @param error why the transfer ended, or null with data
     */
    record WithDataBlock(InvokeIdAndPriority invokeIdAndPriority, boolean lastBlock, long blockNumber,
                         byte[] rawData, DataAccessResult error) implements GetResponse {
        /** Checks and copy. */
        public WithDataBlock {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("block number is an Unsigned32, got " + blockNumber);
            }
            if ((rawData == null) == (error == null)) {
                throw new IllegalArgumentException("a data block holds either raw data or an error, not "
                        + (rawData == null ? "neither" : "both"));
            }
            rawData = rawData == null ? null : rawData.clone();
        }

        /**
         * @return a copy of the block's bytes, or null
         */
        @Override
        public byte[] rawData() {
            return rawData == null ? null : rawData.clone();
        }

        /**
         * @return the number of raw bytes in this block, 0 with an error
         */
        public int rawLength() {
            return rawData == null ? 0 : rawData.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithDataBlock b && b.invokeIdAndPriority.equals(invokeIdAndPriority)
                    && b.lastBlock == lastBlock && b.blockNumber == blockNumber
                    && Arrays.equals(b.rawData, rawData) && b.error == error;
        }

        @Override
        public int hashCode() {
            return Objects.hash(invokeIdAndPriority, lastBlock, blockNumber, Arrays.hashCode(rawData), error);
        }

        @Override
        public String toString() {
            return "WithDataBlock[" + invokeIdAndPriority + ", lastBlock=" + lastBlock + ", blockNumber="
                    + blockNumber + ", " + (rawData != null ? "rawData=" + Hex.abbreviate(rawData)
                    : "error=" + error.dlmsName()) + "]";
        }
    }

    /**
     * get-response-with-list [3].
     *
     * @param invokeIdAndPriority invoke id and priority
     * @param results one per requested attribute, in request order
     */
    record WithList(InvokeIdAndPriority invokeIdAndPriority, List<GetDataResult> results) implements GetResponse {
        /** Copies the list. */
        public WithList {
            Objects.requireNonNull(invokeIdAndPriority, "invokeIdAndPriority");
            results = List.copyOf(results);
        }
    }
}
