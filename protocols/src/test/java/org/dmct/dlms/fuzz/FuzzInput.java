package org.dmct.dlms.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the stream-decoder fuzz tests read one fuzzer input: the first byte says how the rest arrives, the rest is the
 * byte stream. Bits 0-5 of the first byte give the chunk size (0 = the whole stream in one read, n = n bytes per
 * read), bit 6 lets the inter-frame timeout expire after every chunk, bit 7 closes the channel at the end. Keeping
 * the stream itself verbatim lets seeds be captured frames with one byte in front, and lets the fuzzer's mutations
 * of the stream keep their meaning.
 */
public final class FuzzInput {
    private final byte[] stream;
    private final int chunkSize;
    private final boolean advanceTime;
    private final boolean close;

    private FuzzInput(byte[] stream, int chunkSize, boolean advanceTime, boolean close) {
        this.stream = stream;
        this.chunkSize = chunkSize;
        this.advanceTime = advanceTime;
        this.close = close;
    }

    /**
     * @param data the fuzzer's bytes (may be empty)
     * @return the reading
     */
    public static FuzzInput of(byte[] data) {
        if (data.length == 0) {
            return new FuzzInput(new byte[0], 0, false, false);
        }
        int control = data[0] & 0xFF;
        return new FuzzInput(Arrays.copyOfRange(data, 1, data.length), control & 0x3F, (control & 0x40) != 0,
                (control & 0x80) != 0);
    }

    /** @return the stream, in the order it arrives */
    public byte[] stream() {
        return stream.clone();
    }

    /** @return the stream cut into the reads the channel gets */
    public List<byte[]> chunks() {
        List<byte[]> chunks = new ArrayList<>();
        int size = chunkSize == 0 ? Math.max(1, stream.length) : chunkSize;
        for (int at = 0; at < stream.length; at += size) {
            chunks.add(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size)));
        }
        return chunks;
    }

    /** @return true to let timers expire after each chunk */
    public boolean advanceTimeBetweenChunks() {
        return advanceTime;
    }

    /** @return true to close the channel once the stream has arrived */
    public boolean closeAtEnd() {
        return close;
    }
}
