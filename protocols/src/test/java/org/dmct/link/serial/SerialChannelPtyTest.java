package org.dmct.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dmct.link.serial.SerialPortSettings.Parity;
import org.dmct.link.serial.SerialPortSettings.StopBits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SerialChannel over a real pty pair made by socat; without socat these tests fail, telling to install it. */
class SerialChannelPtyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private PtyPair pty;
    private final List<Channel> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        pty = PtyPair.start(dir, PATIENCE);
    }

    @AfterEach
    void tearDown() {
        for (Channel channel : opened) {
            channel.close().awaitUninterruptibly(PATIENCE.toMillis());
        }
        pty.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(PATIENCE.toMillis());
    }

    /** Collects what arrives and what happens to the channel. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Throwable> exceptions = new CopyOnWriteArrayList<>();
        final List<String> readThreads = new CopyOnWriteArrayList<>();
        volatile boolean active;
        volatile boolean inactive;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (!ctx.channel().eventLoop().inEventLoop()) {
                    readThreads.add("OFF LOOP: " + Thread.currentThread().getName());
                }
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                synchronized (received) {
                    received.writeBytes(bytes);
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            ctx.fireChannelInactive();
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        int size() {
            synchronized (received) {
                return received.size();
            }
        }
    }

    private ChannelFuture connect(SerialPortSettings settings, Recorder recorder) {
        ChannelFuture future = new Bootstrap()
                .group(group)
                .channel(SerialChannel.class)
                .handler(recorder)
                .connect(new SerialAddress(settings));
        opened.add(future.channel());
        return future;
    }

    private SerialChannel open(SerialPortSettings settings, Recorder recorder) {
        ChannelFuture future = connect(settings, recorder);
        await().atMost(PATIENCE).until(future::isDone);
        assertThat(future.cause()).isNull();
        return (SerialChannel) future.channel();
    }

    private SerialPortSettings end(Path link) {
        return SerialPortSettings.opticalProbe(link.toString());
    }

    @Test
    void bytesFlowBothWaysBetweenTwoChannelsOnOneGroup() {
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        SerialChannel a = open(end(pty.a()), atA);
        SerialChannel b = open(end(pty.b()), atB);
        assertThat(a.isActive()).isTrue();
        assertThat(atA.active).isTrue();
        assertThat(a.remoteAddress()).isEqualTo(new SerialAddress(end(pty.a())));

        byte[] request = {0x7E, (byte) 0xA0, 0x07, 0x03, 0x21, (byte) 0x93, 0x0F, 0x01, 0x7E};
        a.writeAndFlush(Unpooled.wrappedBuffer(request));
        await().atMost(PATIENCE).until(() -> atB.size() == request.length);
        assertThat(atB.bytes()).containsExactly(request);

        byte[] answer = "UA from the meter".getBytes(StandardCharsets.US_ASCII);
        ChannelFuture written = b.writeAndFlush(Unpooled.wrappedBuffer(answer));
        await().atMost(PATIENCE).until(() -> atA.size() == answer.length);
        assertThat(atA.bytes()).containsExactly(answer);
        assertThat(written.isSuccess()).isTrue();
        assertThat(atA.readThreads).isEmpty();
        assertThat(atB.readThreads).isEmpty();
    }

    @Test
    void aBootstrapWithAChannelFactoryWorksToo() {
        Recorder atB = new Recorder();
        open(end(pty.b()), atB);
        ChannelFuture future = new Bootstrap().group(group).channelFactory(SerialChannel::new)
                .handler(new Recorder()).connect(new SerialAddress(end(pty.a())));
        opened.add(future.channel());
        await().atMost(PATIENCE).until(future::isDone);
        assertThat(future.isSuccess()).isTrue();
        future.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        await().atMost(PATIENCE).until(() -> atB.size() == 3);
    }

    @Test
    void oneHundredKilobytesArriveIntactInBothDirectionsAtOnce() {
        byte[] aToB = new byte[100 * 1024];
        byte[] bToA = new byte[100 * 1024];
        Random random = new Random(62056);
        random.nextBytes(aToB);
        random.nextBytes(bToA);
        Recorder atA = new Recorder();
        Recorder atB = new Recorder();
        SerialChannel a = open(end(pty.a()), atA);
        SerialChannel b = open(end(pty.b()), atB);

        // Many writes, as an encoder would produce frames, with a flush after each.
        ChannelFuture lastA = null;
        ChannelFuture lastB = null;
        for (int offset = 0; offset < aToB.length; offset += 1000) {
            int length = Math.min(1000, aToB.length - offset);
            lastA = a.writeAndFlush(Unpooled.wrappedBuffer(aToB, offset, length));
            lastB = b.writeAndFlush(Unpooled.wrappedBuffer(bToA, offset, length));
        }
        await().atMost(PATIENCE).until(() -> atB.size() >= aToB.length && atA.size() >= bToA.length);
        assertThat(atB.bytes()).isEqualTo(aToB);
        assertThat(atA.bytes()).isEqualTo(bToA);
        await().atMost(PATIENCE).until(lastA::isDone);
        await().atMost(PATIENCE).until(lastB::isDone);
        assertThat(lastA.isSuccess()).isTrue();
        assertThat(lastB.isSuccess()).isTrue();
    }

    /**
     * Reads the termios of the open pty with stty. A Linux pty keeps the speed, CSTOPB, PARODD and CMSPAR it is
     * given but forces CS8 and clears PARENB (pty_set_termios: there is no UART to frame characters), so data bits
     * and parity show through the input flags jSerialComm derives from them: ISTRIP below 8 data bits, INPCK with
     * any parity.
     */
    @Test
    void theSettingsReachTheTerminal() throws Exception {
        assertTerminalSettings(new SerialPortSettings(pty.a().toString(), 2400, 7, Parity.EVEN, StopBits.TWO),
                List.of("speed 2400 baud", " cstopb ", " -parodd ", " -cmspar ", " istrip ", " inpck ", " -crtscts "));
        assertTerminalSettings(new SerialPortSettings(pty.a().toString(), 19200, 8, Parity.MARK, StopBits.ONE),
                List.of("speed 19200 baud", " -cstopb ", " parodd ", " cmspar ", " -istrip ", " inpck "));
        assertTerminalSettings(new SerialPortSettings(pty.a().toString(), 38400, 6, Parity.SPACE, StopBits.ONE),
                List.of("speed 38400 baud", " -cstopb ", " -parodd ", " cmspar ", " istrip ", " inpck "));
        // 1.5 stop bits are asked for as CSTOPB with 5-bit characters.
        assertTerminalSettings(new SerialPortSettings(pty.a().toString(), 300, 5, Parity.ODD, StopBits.ONE_POINT_FIVE),
                List.of("speed 300 baud", " cstopb ", " parodd ", " -cmspar ", " istrip ", " inpck "));
        // The optical probe: 9600 8N1, raw, no flow control, reads return after a tenth of a second.
        assertTerminalSettings(SerialPortSettings.opticalProbe(pty.a().toString()),
                List.of("speed 9600 baud", " cs8 ", " -parenb ", " -cstopb ", " -istrip ", " -inpck ", " -crtscts ",
                        " -ixon ", " -ixoff ", " -icanon ", " -echo ", " -isig ", " -opost ", " min = 0;", " time = 1;"));
    }

    private void assertTerminalSettings(SerialPortSettings settings, List<String> expected) throws Exception {
        SerialChannel channel = open(settings, new Recorder());
        String stty = " " + run("stty", "-F", pty.a().toString(), "-a").replaceAll("\\s+", "  ") + " ";
        for (String fragment : expected) {
            assertThat(stty).as("stty -a for " + settings).contains(fragment.replace(" ", "  "));
        }
        channel.close().awaitUninterruptibly(PATIENCE.toMillis());
        assertThat(channel.closeFuture().isSuccess()).isTrue();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    @Test
    void openingAMissingPathFailsTheConnectNamingThePortAndTheReason() {
        String missing = dir.resolve("no-such-probe").toString();
        ChannelFuture future = connect(SerialPortSettings.opticalProbe(missing), new Recorder());
        await().atMost(PATIENCE).until(future::isDone);
        assertThat(future.cause()).isInstanceOf(SerialPortException.class)
                .hasMessage("cannot open serial port " + missing + ": no such port (nothing at that path)");
        assertThat(((SerialPortException) future.cause()).port()).isEqualTo(missing);
        await().atMost(PATIENCE).until(() -> !future.channel().isOpen());
    }

    @Test
    void openingAPortTwiceFailsTheSecondConnectAsAlreadyOpen() {
        SerialChannel first = open(end(pty.a()), new Recorder());
        ChannelFuture second = connect(end(pty.a()), new Recorder());
        await().atMost(PATIENCE).until(second::isDone);
        assertThat(second.cause()).isInstanceOf(SerialPortException.class)
                .hasMessageStartingWith("cannot open serial port " + pty.a() + ": already open in this process (as /dev/pts/");
        assertThat(first.isActive()).isTrue();
        // Closing the first frees the port for a new open.
        first.close().awaitUninterruptibly(PATIENCE.toMillis());
        open(end(pty.a()), new Recorder());
    }

    @Test
    void aPortLockedByAnotherProcessFailsTheConnectSayingSo() throws Exception {
        Process locker = new ProcessBuilder("flock", "--exclusive", pty.a().toString(), "-c", "echo locked; exec cat")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(locker.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            ChannelFuture future = connect(end(pty.a()), new Recorder());
            await().atMost(PATIENCE).until(future::isDone);
            assertThat(future.cause()).isInstanceOf(SerialPortException.class)
                    .hasMessage("cannot open serial port " + pty.a()
                            + ": locked by another process (exclusive lock held) (errno 11)");
        } finally {
            locker.destroyForcibly();
            locker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void killingSocatMakesTheChannelInactiveWithTheReason() {
        Recorder recorder = new Recorder();
        SerialChannel a = open(end(pty.a()), recorder);
        assertThat(pty.kill(PATIENCE)).isTrue();
        await().atMost(PATIENCE).until(() -> recorder.inactive);
        assertThat(a.isOpen()).isFalse();
        assertThat(a.closeFuture().isDone()).isTrue();
        assertThat(a.failure()).hasValueSatisfying(failure ->
                assertThat(failure).hasMessage("serial port " + pty.a() + " failed while reading: "
                        + "I/O error: the device was removed or the other end of the pty hung up (errno 5)"));
        assertThat(recorder.exceptions).singleElement().isSameAs(a.failure().orElseThrow());
        await().atMost(PATIENCE).until(() -> readerThreads(pty.a()).isEmpty());
        // A write after the loss fails instead of hanging.
        ChannelFuture late = a.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
        await().atMost(PATIENCE).until(late::isDone);
        assertThat(late.isSuccess()).isFalse();
    }

    @Test
    void closingWhileTheReaderIsBlockedReturnsPromptly() {
        SerialChannel a = open(end(pty.a()), new Recorder());
        await().atMost(PATIENCE).until(() -> readerThreads(pty.a()).size() == 1);
        long started = System.nanoTime();
        ChannelFuture closed = a.close();
        await().atMost(Duration.ofSeconds(3)).until(closed::isDone);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(closed.isSuccess()).isTrue();
        assertThat(a.failure()).isEmpty();
        assertThat(readerThreads(pty.a())).isEmpty();
        assertThat(pty.isAlive()).isTrue();
    }

    @Test
    void terminatingTheEventLoopGroupReleasesThePort() {
        EventLoopGroup ownGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelFuture future = new Bootstrap().group(ownGroup).channel(SerialChannel.class)
                .handler(new Recorder()).connect(new SerialAddress(end(pty.a())));
        await().atMost(PATIENCE).until(future::isDone);
        assertThat(future.isSuccess()).isTrue();
        ownGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        await().atMost(PATIENCE).until(ownGroup::isTerminated);
        await().atMost(PATIENCE).until(() -> readerThreads(pty.a()).isEmpty());
        // The port is free again for a channel on a live group.
        open(end(pty.a()), new Recorder());
    }

    @Test
    void withAutoReadOffBytesWaitForARead() {
        Recorder atA = new Recorder();
        ChannelFuture future = new Bootstrap().group(group).channel(SerialChannel.class)
                .option(ChannelOption.AUTO_READ, false).handler(atA).connect(new SerialAddress(end(pty.a())));
        opened.add(future.channel());
        await().atMost(PATIENCE).until(future::isDone);
        Recorder atB = new Recorder();
        SerialChannel b = open(end(pty.b()), atB);
        ChannelFuture written = b.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {9, 8, 7}));
        await().atMost(PATIENCE).until(written::isDone);
        // The bytes have left b and reach a's reader at once; with auto-read off they wait for a read().
        await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> atA.size() == 0);
        future.channel().read();
        await().atMost(PATIENCE).until(() -> atA.size() == 3);
        assertThat(atA.bytes()).containsExactly(9, 8, 7);
    }

    @Test
    void onlyByteBufsCanBeWritten() {
        SerialChannel a = open(end(pty.a()), new Recorder());
        ChannelFuture written = a.writeAndFlush("text");
        await().atMost(PATIENCE).until(written::isDone);
        assertThat(written.cause()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("java.lang.String");
        assertThat(a.isActive()).isTrue();
    }

    private static List<Thread> readerThreads(Path port) {
        String name = "dmct-serial-read " + port + " #";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(name) && thread.isAlive())
                .toList();
    }
}
