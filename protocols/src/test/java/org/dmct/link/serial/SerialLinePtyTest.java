package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.link.serial.SerialChannelPtyTest.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SerialLine} over a real socat pty pair: channels take turns on one open port, which opens once and closes
 * with the line, with one reader for the line's life.
 */
class SerialLinePtyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private PtyPair pty;
    private SerialLine line;
    private SerialChannel meter;
    private final Recorder atMeter = new Recorder();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        pty = PtyPair.start(dir, PATIENCE);
        line = SerialLine.of(SerialPortSettings.opticalProbe(pty.a().toString()));
        meter = open(new SerialAddress(SerialPortSettings.opticalProbe(pty.b().toString())), atMeter);
    }

    @AfterEach
    void tearDown() {
        line.close().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
        meter.close().awaitUninterruptibly(PATIENCE.toMillis());
        pty.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(PATIENCE.toMillis());
    }

    private ChannelFuture connect(SerialAddress address, Recorder recorder) {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(recorder).connect(address);
    }

    private SerialChannel open(SerialAddress address, Recorder recorder) {
        ChannelFuture future = connect(address, recorder);
        await().atMost(PATIENCE).until(future::isDone);
        assertThat(future.cause()).isNull();
        return (SerialChannel) future.channel();
    }

    private static void write(SerialChannel channel, byte... bytes) {
        ChannelFuture written = channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        await().atMost(PATIENCE).until(written::isDone);
        assertThat(written.isSuccess()).isTrue();
    }

    @Test
    void channelsTakingTurnsShareOneOpenOfThePortAndOneReader() {
        for (int turn = 1; turn <= 5; turn++) {
            Recorder atHarness = new Recorder();
            SerialChannel channel = open(line.address(), atHarness);
            write(channel, (byte) turn, (byte) 0x7E);
            int expected = 2 * turn;
            await().atMost(PATIENCE).until(() -> atMeter.size() == expected);
            write(meter, (byte) (0x40 + turn));
            await().atMost(PATIENCE).until(() -> atHarness.size() == 1);
            assertThat(atHarness.bytes()).containsExactly(0x40 + turn);
            assertThat(channel.close().awaitUninterruptibly(PATIENCE.toMillis())).isTrue();
            await().atMost(PATIENCE).until(() -> atHarness.inactive);
            assertThat(line.isPortOpen()).as("the port stays open after turn " + turn).isTrue();
            assertThat(readerThreads(pty.a())).hasSize(1);
        }
        assertThat(line.portOpens()).isEqualTo(1);
        assertThat(atMeter.bytes()).containsExactly(1, 0x7E, 2, 0x7E, 3, 0x7E, 4, 0x7E, 5, 0x7E);
        assertThat(atMeter.readThreads).isEmpty();
    }

    @Test
    void closingTheLineClosesThePortAndEndsItsReader() {
        SerialChannel channel = open(line.address(), new Recorder());
        channel.close().awaitUninterruptibly(PATIENCE.toMillis());
        line.close().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(line.isPortOpen()).isFalse();
        await().atMost(PATIENCE).until(() -> readerThreads(pty.a()).isEmpty());
        // The port is free: a channel of its own opens it.
        SerialChannel own = open(new SerialAddress(SerialPortSettings.opticalProbe(pty.a().toString())), new Recorder());
        own.close().awaitUninterruptibly(PATIENCE.toMillis());
        // A closed line refuses new channels, saying so.
        ChannelFuture refused = connect(line.address(), new Recorder());
        await().atMost(PATIENCE).until(refused::isDone);
        assertThat(refused.cause()).isInstanceOf(SerialPortException.class).hasMessageContaining("closed");
    }

    @Test
    void closingTheLineClosesTheChannelOnIt() {
        Recorder atHarness = new Recorder();
        SerialChannel channel = open(line.address(), atHarness);
        line.close().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
        await().atMost(PATIENCE).until(() -> atHarness.inactive);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSecondChannelCannotJoinWhileAnotherIsOnTheLine() {
        SerialChannel first = open(line.address(), new Recorder());
        ChannelFuture second = connect(line.address(), new Recorder());
        await().atMost(PATIENCE).until(second::isDone);
        assertThat(second.cause()).isInstanceOf(SerialPortException.class)
                .hasMessage("cannot open serial port " + pty.a() + ": another channel is on the line (its logical"
                        + " devices take turns: disconnect first)");
        assertThat(first.isActive()).isTrue();
        first.close().awaitUninterruptibly(PATIENCE.toMillis());
        open(line.address(), new Recorder()).close().awaitUninterruptibly(PATIENCE.toMillis());
        assertThat(line.portOpens()).isEqualTo(1);
    }

    @Test
    void bytesArrivingBetweenTurnsGoToTheNextChannel() {
        SerialChannel first = open(line.address(), new Recorder());
        first.close().awaitUninterruptibly(PATIENCE.toMillis());
        write(meter, (byte) 1, (byte) 2, (byte) 3);
        await().atMost(PATIENCE).until(() -> line.heldBytes() == 3);
        Recorder next = new Recorder();
        open(line.address(), next);
        await().atMost(PATIENCE).until(() -> next.size() == 3);
        assertThat(next.bytes()).containsExactly(1, 2, 3);
        assertThat(line.discardedBytes()).isZero();
    }

    @Test
    void aFailedPortFailsTheChannelOnItAndIsReopenedByTheNext() {
        Recorder atHarness = new Recorder();
        SerialChannel channel = open(line.address(), atHarness);
        PtyPair replacement = null;
        try {
            assertThat(pty.kill(PATIENCE)).isTrue();
            await().atMost(PATIENCE).until(() -> atHarness.inactive);
            assertThat(channel.failure()).hasValueSatisfying(f -> assertThat(f).hasMessageContaining("failed while reading"));
            assertThat(line.isPortOpen()).isFalse();
            await().atMost(PATIENCE).until(() -> readerThreads(pty.a()).isEmpty());
            // The cable is plugged back in: the same path, a new pty behind it.
            replacement = PtyPair.start(pty.a(), dir.resolve("b2"), PATIENCE);
            SerialChannel again = open(line.address(), new Recorder());
            assertThat(again.isActive()).isTrue();
            assertThat(line.portOpens()).isEqualTo(2);
        } finally {
            line.close().orTimeout(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
            if (replacement != null) {
                replacement.close();
            }
        }
    }

    private static List<Thread> readerThreads(Path port) {
        String name = "dmct-serial-read " + port + " #";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(name) && thread.isAlive())
                .toList();
    }
}
