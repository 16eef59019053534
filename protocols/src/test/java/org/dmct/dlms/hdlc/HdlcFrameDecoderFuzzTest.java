package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.fuzz.FuzzInput;

/**
 * Fuzzes {@link HdlcFrameDecoder} with arbitrary byte streams cut into arbitrary chunks, on an EmbeddedChannel whose
 * clock the input may advance past the inter-frame timeout and which the input may close. Whatever arrives: no
 * exception escapes into the pipeline, every message passed up is a frame or a {@link MalformedHdlcInput}, each of
 * them reported to the listener with the same bytes (nothing dropped unreported), every frame is exactly the bytes
 * it was decoded from, no input byte other than a flag goes missing, and the decoder never holds more than one
 * frame's worth of bytes. Seeds (see {@link FuzzInput} for the input layout) are the HDLC frames of the jDLMS capture.
 */
class HdlcFrameDecoderFuzzTest {
    private static final Duration INTER_FRAME = Duration.ofMillis(500);

    /** Exposes how many bytes the decoder is holding. */
    private static final class Probe extends HdlcFrameDecoder {
        Probe(RawFrameListener listener) {
            super(HdlcFrame.MAX_FRAME_LENGTH, INTER_FRAME, listener);
        }

        int buffered() {
            return actualReadableBytes();
        }
    }

    /** What the decoder told its listener, in order. */
    private static final class Told implements RawFrameListener {
        final List<Object> messages = new ArrayList<>();

        @Override
        public void frameReceived(byte[] frame) {
            messages.add(frame.clone());
        }

        @Override
        public void malformedFrameReceived(byte[] bytes, String reason) {
            messages.add(new MalformedHdlcInput(reason, 0, bytes));
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyByteStreamBecomesFramesOrMalformedInputs(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        Told told = new Told();
        Probe decoder = new Probe(told);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<Object> passedUp = new ArrayList<>();
        for (byte[] chunk : input.chunks()) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat(decoder.buffered()).as("bytes held by the decoder").isLessThanOrEqualTo(HdlcFrame.MAX_FRAME_LENGTH + 1);
            if (input.advanceTimeBetweenChunks()) {
                ch.advanceTimeBy(INTER_FRAME.toMillis() + 1, TimeUnit.MILLISECONDS);
                ch.runScheduledPendingTasks();
            }
            drain(ch, passedUp);
        }
        int leftOver = input.closeAtEnd() ? 0 : decoder.buffered();
        byte[] held = new byte[0];
        if (!input.closeAtEnd()) {
            held = heldBytes(input.stream(), leftOver);
        }
        if (input.closeAtEnd()) {
            ch.finish();
        } else {
            ch.checkException();
        }
        drain(ch, passedUp);

        assertThat(passedUp).allMatch(m -> m instanceof HdlcFrame || m instanceof MalformedHdlcInput);
        assertThat(passedUp).hasSameSizeAs(told.messages);
        long nonFlagOut = countNonFlag(held);
        for (int i = 0; i < passedUp.size(); i++) {
            Object up = passedUp.get(i);
            Object heard = told.messages.get(i);
            if (up instanceof HdlcFrame f) {
                assertThat(heard).isInstanceOf(byte[].class);
                byte[] wire = (byte[]) heard;
                assertThat(f.toBytes()).as("frame %d is the bytes it was decoded from", i).isEqualTo(wire);
                nonFlagOut += countNonFlag(Arrays.copyOfRange(wire, 1, wire.length - 1));
            } else {
                MalformedHdlcInput bad = (MalformedHdlcInput) up;
                assertThat(heard).isInstanceOf(MalformedHdlcInput.class);
                assertThat(((MalformedHdlcInput) heard).bytes()).isEqualTo(bad.bytes());
                assertThat(((MalformedHdlcInput) heard).reason()).isEqualTo(bad.reason()).isNotBlank();
                assertThat(bad.offset()).isBetween(0, Math.max(0, bad.bytes().length));
                nonFlagOut += countNonFlag(bad.bytes());
            }
        }
        assertThat(nonFlagOut).as("every byte but fill flags is in a frame, a malformed input or still held")
                .isEqualTo(countNonFlag(input.stream()));
        ch.finishAndReleaseAll();
    }

    private static void drain(EmbeddedChannel ch, List<Object> into) {
        Object o;
        while ((o = ch.readInbound()) != null) {
            into.add(o);
        }
    }

    /** The decoder only ever holds the tail of what it was given. */
    private static byte[] heldBytes(byte[] stream, int count) {
        return Arrays.copyOfRange(stream, stream.length - count, stream.length);
    }

    private static long countNonFlag(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if ((b & 0xFF) != HdlcFrame.FLAG) {
                n++;
            }
        }
        return n;
    }
}
