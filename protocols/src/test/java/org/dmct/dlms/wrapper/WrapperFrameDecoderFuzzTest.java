package org.dmct.dlms.wrapper;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.fuzz.FuzzInput;

/**
 * Fuzzes {@link WrapperFrameDecoder} with arbitrary byte streams in arbitrary chunks (see {@link FuzzInput}), with a
 * small payload limit so that the limit is reached: no exception escapes, every message is a {@link WrapperFrame} or
 * a {@link MalformedWrapperInput}, at most one malformed input is passed up (the stream is not trusted after it), no
 * byte is lost from the listener's record (frames, malformed and discarded bytes add up to the input, less what is
 * still held), and the decoder never holds more than one unit. Seeds are the wrapper frames of the jDLMS capture.
 */
class WrapperFrameDecoderFuzzTest {
    private static final int MAX_PAYLOAD = 1024;

    /** Exposes how many bytes the decoder is holding. */
    private static final class Probe extends WrapperFrameDecoder {
        Probe(RawFrameListener listener) {
            super(MAX_PAYLOAD, listener);
        }

        int buffered() {
            return actualReadableBytes();
        }
    }

    /** Counts the bytes the listener was shown. */
    private static final class Counted implements RawFrameListener {
        long bytes;

        @Override
        public void frameReceived(byte[] frame) {
            bytes += frame.length;
        }

        @Override
        public void malformedFrameReceived(byte[] b, String reason) {
            assertThat(reason).isNotBlank();
            bytes += b.length;
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyByteStreamBecomesFramesOrOneMalformedInput(byte[] data) {
        FuzzInput input = FuzzInput.of(data);
        Counted counted = new Counted();
        Probe decoder = new Probe(counted);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        for (byte[] chunk : input.chunks()) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat(decoder.buffered()).isLessThanOrEqualTo(WrapperFrame.HEADER_LENGTH + MAX_PAYLOAD);
        }
        long held = decoder.buffered();
        if (input.closeAtEnd()) {
            ch.finish();
            held = 0;
        } else {
            ch.checkException();
        }
        List<Object> passedUp = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            passedUp.add(o);
        }
        assertThat(passedUp).allMatch(m -> m instanceof WrapperFrame || m instanceof MalformedWrapperInput);
        assertThat(passedUp.stream().filter(MalformedWrapperInput.class::isInstance)).hasSizeLessThanOrEqualTo(1);
        int firstMalformed = passedUp.indexOf(passedUp.stream().filter(MalformedWrapperInput.class::isInstance)
                .findFirst().orElse(null));
        if (firstMalformed >= 0) {
            assertThat(firstMalformed).as("nothing is passed up after the malformed input").isEqualTo(passedUp.size() - 1);
        }
        for (Object m : passedUp) {
            if (m instanceof WrapperFrame f) {
                assertThat(f.payloadLength()).isLessThanOrEqualTo(MAX_PAYLOAD);
            }
        }
        assertThat(counted.bytes + held).as("every byte is recorded or still held").isEqualTo(input.stream().length);
        ch.finishAndReleaseAll();
    }
}
