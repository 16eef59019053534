package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dmct.link.serial.SerialPortSettings.Parity;
import org.dmct.link.serial.SerialPortSettings.StopBits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineSpeedShaperTest {

    private static final SerialPortSettings NINE_SIX_8N1 = SerialPortSettings.opticalProbe("/dev/pts/9");

    private EmbeddedChannel channel;

    private EmbeddedChannel shaped(SerialPortSettings settings, Duration releaseInterval) {
        channel = new EmbeddedChannel(new LineSpeedShaper(settings, releaseInterval));
        channel.freezeTime();
        return channel;
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private byte[] drainOutbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.writeBytes(bytes);
            buf.release();
        }
        return out.toByteArray();
    }

    private static ByteBuf bytes(int count, int seed) {
        ByteBuf buf = Unpooled.buffer(count);
        for (int i = 0; i < count; i++) {
            buf.writeByte(seed + i);
        }
        return buf;
    }

    @Test
    void releasesEachByteWhenA9600BaudEightNoneOneLineWouldHaveSentIt() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ChannelFuture written = channel.writeAndFlush(bytes(96, 0));
        // 10 bit times at 9600 bit/s: one byte every 1 041 667 ns.
        assertThat(drainOutbound()).isEmpty();
        advance(Duration.ofNanos(1_041_666));
        assertThat(drainOutbound()).isEmpty();
        advance(Duration.ofNanos(1));
        assertThat(drainOutbound()).containsExactly(0);
        advance(Duration.ofMillis(10).minusNanos(1_041_667));
        assertThat(drainOutbound()).hasSize(8); // 10 ms carries 9.6 characters: 9 complete in total
        assertThat(written.isDone()).isFalse();
        advance(Duration.ofMillis(90).minusNanos(1));
        assertThat(drainOutbound()).hasSize(86); // 95 after 99.999999 ms
        assertThat(written.isDone()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(drainOutbound()).containsExactly(95);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void elevenBitCharactersTakeLonger() {
        SerialPortSettings eightEvenOne = new SerialPortSettings("/dev/pts/9", 9600, 8, Parity.EVEN, StopBits.ONE);
        shaped(eightEvenOne, Duration.ofNanos(1));
        ChannelFuture written = channel.writeAndFlush(bytes(96, 0));
        advance(Duration.ofMillis(100));
        // 100 ms carries 87.27 eleven-bit characters.
        assertThat(drainOutbound()).hasSize(87);
        advance(Duration.ofMillis(10).minusNanos(1));
        assertThat(written.isDone()).isFalse(); // 96 eleven-bit characters need exactly 110 ms
        advance(Duration.ofNanos(1));
        assertThat(drainOutbound()).hasSize(9);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void theReleaseIntervalBatchesBytesWithoutChangingWhenTheyAreDue() {
        shaped(NINE_SIX_8N1, Duration.ofMillis(5));
        channel.writeAndFlush(bytes(20, 0));
        advance(Duration.ofMillis(2));
        assertThat(drainOutbound()).isEmpty(); // the first release is 5 ms after the flush
        advance(Duration.ofMillis(3));
        assertThat(drainOutbound()).containsExactly(0, 1, 2, 3);
        advance(Duration.ofMillis(5));
        assertThat(drainOutbound()).containsExactly(4, 5, 6, 7, 8);
        advance(Duration.ofMillis(20));
        assertThat(drainOutbound()).hasSize(11);
    }

    @Test
    void aLongReleaseIntervalBatchesCharactersButAWriteStillEndsOnTime() {
        shaped(NINE_SIX_8N1, Duration.ofMillis(16));
        ChannelFuture written = channel.writeAndFlush(bytes(20, 0)); // 20 characters: 20.833 ms at 9600 8N1
        advance(Duration.ofMillis(16));
        assertThat(drainOutbound()).hasSize(15);
        advance(Duration.ofNanos(4_833_333));
        assertThat(drainOutbound()).isEmpty();
        assertThat(written.isDone()).isFalse();
        advance(Duration.ofNanos(1)); // 20 833 334 ns: the last character is done, 11 ms before the next interval
        assertThat(drainOutbound()).containsExactly(15, 16, 17, 18, 19);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void writesQueueBackToBackAndKeepTheirOrder() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ChannelFuture first = channel.writeAndFlush(bytes(10, 0));
        ChannelFuture second = channel.writeAndFlush(bytes(10, 100));
        advance(NINE_SIX_8N1.transmitTime(10));
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isDone()).isFalse();
        assertThat(drainOutbound()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        advance(NINE_SIX_8N1.transmitTime(20).minus(NINE_SIX_8N1.transmitTime(10)));
        assertThat(second.isSuccess()).isTrue();
        assertThat(drainOutbound()).containsExactly(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
    }

    @Test
    void anIdleLineStartsSendingAtTheNextFlushNotEarlier() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        channel.writeAndFlush(bytes(1, 0));
        advance(Duration.ofSeconds(1));
        assertThat(drainOutbound()).hasSize(1);
        channel.writeAndFlush(bytes(2, 10));
        assertThat(drainOutbound()).isEmpty();
        advance(NINE_SIX_8N1.transmitTime(2).minusNanos(1));
        assertThat(drainOutbound()).containsExactly(10);
        advance(Duration.ofNanos(1));
        assertThat(drainOutbound()).containsExactly(11);
    }

    @Test
    void nothingMovesUntilFlush() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ChannelFuture written = channel.write(bytes(5, 0));
        advance(Duration.ofSeconds(1));
        assertThat(drainOutbound()).isEmpty();
        channel.flush();
        advance(NINE_SIX_8N1.transmitTime(5));
        assertThat(drainOutbound()).containsExactly(0, 1, 2, 3, 4);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void closeWaitsForFlushedBytesAndFailsUnflushedOnes() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ChannelFuture flushed = channel.writeAndFlush(bytes(3, 0));
        ChannelFuture unflushed = channel.write(bytes(3, 50));
        // Through the pipeline: EmbeddedChannel.close() itself would cancel the shaper's timers.
        ChannelFuture closed = channel.pipeline().close();
        assertThat(closed.isDone()).isFalse();
        assertThat(unflushed.cause()).isInstanceOf(ClosedChannelException.class);
        ChannelFuture late = channel.writeAndFlush(bytes(1, 99));
        assertThat(late.cause()).isInstanceOf(ClosedChannelException.class);
        advance(NINE_SIX_8N1.transmitTime(3));
        assertThat(flushed.isSuccess()).isTrue();
        assertThat(closed.cause()).isNull();
        assertThat(closed.isSuccess()).isTrue();
        assertThat(channel.isOpen()).isFalse();
        assertThat(drainOutbound()).containsExactly(0, 1, 2);
    }

    @Test
    void aChannelGoingInactiveFailsWhatIsStillQueued() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ByteBuf payload = bytes(50, 0);
        ChannelFuture written = channel.writeAndFlush(payload);
        advance(NINE_SIX_8N1.transmitTime(10));
        assertThat(drainOutbound()).hasSize(10);
        channel.pipeline().fireChannelInactive();
        assertThat(written.cause()).isInstanceOf(ClosedChannelException.class);
        assertThat(payload.refCnt()).isZero();
        advance(Duration.ofSeconds(1));
        assertThat(drainOutbound()).isEmpty();
    }

    @Test
    void removingTheShaperPassesTheRestOnAtOnce() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        ChannelFuture written = channel.writeAndFlush(bytes(10, 0));
        advance(NINE_SIX_8N1.transmitTime(4));
        assertThat(drainOutbound()).containsExactly(0, 1, 2, 3);
        channel.pipeline().removeFirst();
        assertThat(drainOutbound()).containsExactly(4, 5, 6, 7, 8, 9);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void emptyBuffersAndOtherMessagesTakeNoLineTimeButKeepTheirPlace() {
        shaped(NINE_SIX_8N1, Duration.ofNanos(1));
        channel.write(bytes(2, 0));
        ChannelFuture empty = channel.write(Unpooled.EMPTY_BUFFER);
        channel.write("marker");
        channel.flush();
        assertThat((Object) channel.readOutbound()).isNull();
        advance(NINE_SIX_8N1.transmitTime(1));
        ByteBuf first = channel.readOutbound();
        assertThat(first.readableBytes()).isEqualTo(1);
        first.release();
        advance(NINE_SIX_8N1.transmitTime(1));
        ByteBuf second = channel.readOutbound();
        assertThat(second.getByte(second.readerIndex())).isEqualTo((byte) 1);
        second.release();
        ByteBuf emptyOut = channel.readOutbound();
        assertThat(emptyOut.isReadable()).isFalse();
        assertThat((Object) channel.readOutbound()).isEqualTo("marker");
        assertThat(empty.isSuccess()).isTrue();
    }
}
