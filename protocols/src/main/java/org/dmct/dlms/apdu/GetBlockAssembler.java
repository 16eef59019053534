package org.dmct.dlms.apdu;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.axdr.DlmsData;

/**
 * Client side of GET with block transfer: collects the {@link GetResponse.WithDataBlock}s of one
 * long response and, when the last arrives, decodes the reassembled raw data. Each call to
 * {@link #accept} says what to do next: send the {@link GetRequest.Next} it provides, use the
 * complete result, or give up with a failure that names what the server did wrong. Blocks must
 * be numbered 1, 2, 3, ... with the invoke id of the first; out-of-order and duplicate blocks,
 * a total beyond the size limit and undecodable data all fail the transfer, after which the
 * assembler accepts nothing more. Not thread-safe: one instance per transfer.
 */
public final class GetBlockAssembler {

    /** Default bound on the reassembled size: 16 MiB, far above any meter's profile. */
    public static final int DEFAULT_MAX_TOTAL_BYTES = 16 * 1024 * 1024;

    /** What to do after a block. */
    public sealed interface Step permits NeedNext, Complete, CompleteList, Failed { }

    /**
     * More blocks follow: send {@code request}.
     *
     * @param request the get-request-next acknowledging the block just received
     */
    public record NeedNext(GetRequest.Next request) implements Step { }

    /**
     * The transfer of a normal GET ended: with the decoded value, or with the data-access-result
     * the server ended it with (then {@code rawData} holds what had arrived before).
     *
     * @param result the value or the server's error
     * @param rawData the reassembled bytes
     */
    public record Complete(GetDataResult result, byte[] rawData) implements Step {
        /** Copies the bytes. */
        public Complete {
            Objects.requireNonNull(result, "result");
            rawData = rawData.clone();
        }

        /** @return a copy of the reassembled bytes */
        @Override
        public byte[] rawData() {
            return rawData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Complete c && c.result.equals(result) && Arrays.equals(c.rawData, rawData);
        }

        @Override
        public int hashCode() {
            return 31 * result.hashCode() + Arrays.hashCode(rawData);
        }

        @Override
        public String toString() {
            return "Complete[" + result + ", " + rawData.length + " raw bytes]";
        }
    }

    /**
     * The transfer of a GET-with-list ended with one result per attribute.
     *
     * @param results the results, in request order
     * @param rawData the reassembled bytes
     */
    public record CompleteList(List<GetDataResult> results, byte[] rawData) implements Step {
        /** Copies the list and the bytes. */
        public CompleteList {
            results = List.copyOf(results);
            rawData = rawData.clone();
        }

        /** @return a copy of the reassembled bytes */
        @Override
        public byte[] rawData() {
            return rawData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CompleteList c && c.results.equals(results) && Arrays.equals(c.rawData, rawData);
        }

        @Override
        public int hashCode() {
            return 31 * results.hashCode() + Arrays.hashCode(rawData);
        }

        @Override
        public String toString() {
            return "CompleteList[" + results + ", " + rawData.length + " raw bytes]";
        }
    }

    /**
     * The transfer cannot continue.
     *
     * @param reason what went wrong, naming block numbers and sizes
     */
    public record Failed(String reason) implements Step { }

    private final int maxTotalBytes;
    private final boolean withList;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private long lastBlockNumber;
    private InvokeIdAndPriority invokeId;
    private boolean finished;

    /** An assembler for a normal GET with the default size limit. */
    public GetBlockAssembler() {
        this(DEFAULT_MAX_TOTAL_BYTES, false);
    }

    /**
     * @param maxTotalBytes largest reassembled size accepted
     * @param withList true when the request was a GET-with-list, whose raw data is a list of results
     */
    public GetBlockAssembler(int maxTotalBytes, boolean withList) {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("maximum total must be positive, got " + maxTotalBytes);
        }
        this.maxTotalBytes = maxTotalBytes;
        this.withList = withList;
    }

    /**
     * Takes the next block.
     *
     * @param block the block received
     * @return what to do next
     */
    public Step accept(GetResponse.WithDataBlock block) {
        Objects.requireNonNull(block, "block");
        if (finished) {
            return new Failed("block " + block.blockNumber() + " received after the transfer had finished");
        }
        long expected = lastBlockNumber + 1;
        if (block.blockNumber() != expected) {
            String what = block.blockNumber() == lastBlockNumber && lastBlockNumber > 0 ? "duplicate block "
                    : "out-of-order block ";
            return fail(what + block.blockNumber() + ", expected block " + expected);
        }
        if (invokeId == null) {
            invokeId = block.invokeIdAndPriority();
        } else if (block.invokeIdAndPriority().invokeId() != invokeId.invokeId()) {
            return fail("block " + block.blockNumber() + " has invoke id " + block.invokeIdAndPriority().invokeId()
                    + ", the transfer started with " + invokeId.invokeId());
        }
        lastBlockNumber = block.blockNumber();
        if (block.error() != null) {
            finished = true;
            return new Complete(GetDataResult.error(block.error()), data.toByteArray());
        }
        if ((long) data.size() + block.rawLength() > maxTotalBytes) {
            return fail("block " + block.blockNumber() + " brings the total to " + ((long) data.size() + block.rawLength())
                    + " bytes, above the limit of " + maxTotalBytes);
        }
        data.writeBytes(block.rawData());
        if (!block.lastBlock()) {
            return new NeedNext(new GetRequest.Next(block.invokeIdAndPriority(), block.blockNumber()));
        }
        finished = true;
        byte[] raw = data.toByteArray();
        try {
            if (withList) {
                return new CompleteList(ApduCodec.decodeGetDataResults(raw), raw);
            }
            DlmsData value = AxdrCodec.decode(raw);
            return new Complete(GetDataResult.of(value), raw);
        } catch (AxdrException e) {
            return new Failed("reassembled data of " + lastBlockNumber + " blocks (" + raw.length
                    + " bytes) is malformed: " + e.getMessage());
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
     * @return the bytes collected so far
     */
    public int receivedBytes() {
        return data.size();
    }

    /**
     * @return true once the transfer completed or failed
     */
    public boolean isFinished() {
        return finished;
    }
}
