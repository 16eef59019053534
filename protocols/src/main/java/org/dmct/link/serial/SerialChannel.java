package org.dmct.link.serial;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.link.serial.internal.OpenSerialPort;
import org.dmct.link.serial.internal.PortThreads;

/**
 * A Netty {@link io.netty.channel.Channel} over a serial port opened with jSerialComm, used like a socket:
 * {@code new Bootstrap().group(group).channel(SerialChannel.class).handler(...).connect(new SerialAddress(settings))}.
 * The same class serves both ends of a line: a client adapter on a USB probe and a simulated meter on one end of
 * a pty pair both "connect" to their port.
 *
 * <p>Threads: jSerialComm exposes no selectable descriptor, so the channel registers on any {@link EventLoop}
 * (in particular the harness's {@code MultiThreadIoEventLoopGroup} with {@code NioIoHandler}) without an
 * {@code IoHandle}, using the loop only to run its pipeline and timers. The blocking calls live on per-port
 * daemon threads: a reader that waits in jSerialComm reads with a {@value #READ_TIMEOUT_MILLIS} ms timeout and
 * hands each chunk to the loop ({@code channelRead} always runs on the loop), and an I/O thread that opens the
 * port and performs the writes the loop hands it, one batch at a time, so a full driver queue (a 9600-baud UART
 * drains 960 bytes a second) never stalls the loop; the outbound buffer, promises and writability stay on the
 * loop. Closing happens on a short-lived thread of its own, so it cannot wait behind a blocked write.
 *
 * <p>A channel connected to a {@link SerialLine}'s address instead joins that line's open port (opening it if it is
 * the first): it uses the line's reader and I/O thread, starts no thread of its own, and closing it on its loop
 * leaves the port open for the next channel on the line, so a client that switches between the logical devices
 * behind one line pays for one open and one reader for the whole line rather than for each switch.
 *
 * <p>Failures: an open failure (no such port, permission, already open, locked by another process) fails the
 * connect future with a {@link SerialPortException} naming the port and the reason, and the channel closes.
 * A port that fails while open (USB probe pulled, the socat behind a pty killed) fires that exception through the
 * pipeline and then closes the channel, so {@code channelInactive} follows; {@link #failure()} keeps the reason.
 * When the event loop shuts down the channel closes itself within a read timeout; should the loop terminate
 * first, the port is still closed and released, though the close future then never completes.
 */
public final class SerialChannel extends AbstractChannel {

    /** How long a read waits before checking whether the channel is closing; jSerialComm counts tenths. */
    public static final int READ_TIMEOUT_MILLIS = 100;

    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    private static final int READ_CHUNK = 4096;
    private static final long MAX_WRITE_BATCH = 64 * 1024;
    private static final long READER_EXIT_WAIT_MILLIS = 2_000;

    private enum State { OPEN, CONNECTING, ACTIVE, CLOSED }

    private final DefaultChannelConfig config = new DefaultChannelConfig(this);

    private volatile State state = State.OPEN;
    private volatile SerialAddress address;
    private volatile OpenSerialPort port;
    private volatile ExecutorService ioThread;
    private volatile Thread readerThread;
    /** The line whose port this channel joined; null when it opened the port for itself. */
    private volatile SerialLine line;
    private volatile SerialPortException failure;

    // Loop-confined.
    private final ArrayDeque<ByteBuf> arrived = new ArrayDeque<>();
    private boolean readRequested;
    private boolean writeInFlight;
    private ChannelPromise connectPromise;
    private ScheduledFuture<?> connectTimeout;

    private final GenericFutureListener<Future<Object>> closeOnLoopTermination = future -> closePortQuietly();

    /** Creates an unconnected channel; {@link io.netty.bootstrap.Bootstrap} calls this through its factory. */
    public SerialChannel() {
        super(null);
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public SerialAddress localAddress() {
        return (SerialAddress) super.localAddress();
    }

    @Override
    public SerialAddress remoteAddress() {
        return (SerialAddress) super.remoteAddress();
    }

    /**
     * Why the port failed while open, if it did: empty for a channel closed on request.
     *
     * @return the failure
     */
    public Optional<SerialPortException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new SerialUnsafe();
    }

    /** Any event loop will do: the channel needs only its executor and timers, not its I/O handler. */
    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    @Override
    protected SocketAddress localAddress0() {
        return address;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return address;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        eventLoop().terminationFuture().addListener(closeOnLoopTermination);
        promise.setSuccess();
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a serial port is not bound: connect to a SerialAddress instead");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    /** Runs on the close thread chosen by {@link SerialUnsafe#prepareToClose()}: it may block briefly. */
    @Override
    protected void doClose() {
        state = State.CLOSED;
        if (isRegistered()) {
            eventLoop().terminationFuture().removeListener(closeOnLoopTermination);
        }
        SerialLine joined = line;
        if (joined != null) {
            joined.detach(this); // the port stays open for the line's next channel
            return;
        }
        Thread reader = readerThread;
        if (reader != null && reader != Thread.currentThread()) {
            // Closing under a reader still inside a native read could hand its descriptor to the next open.
            try {
                reader.join(READER_EXIT_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closePortQuietly();
    }

    private void closePortQuietly() {
        state = State.CLOSED;
        SerialLine joined = line;
        if (joined != null) {
            joined.detach(this);
            return;
        }
        OpenSerialPort open = port;
        if (open != null) {
            open.close();
        }
        ExecutorService io = ioThread;
        if (io != null) {
            io.shutdown();
        }
    }

    @Override
    protected void doDeregister() {
        releaseArrived();
    }

    @Override
    protected void doBeginRead() {
        if (!isActive()) {
            return;
        }
        readRequested = true;
        deliverArrived();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("a serial channel writes ByteBuf only, not "
                + (msg == null ? "null" : msg.getClass().getName()));
    }

    /** Hands the flushed bytes, up to {@value #MAX_WRITE_BATCH}, to the I/O thread; the rest waits for it. */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        if (writeInFlight) {
            return;
        }
        while (in.current() instanceof ByteBuf buf && !buf.isReadable()) {
            in.remove();
        }
        if (in.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = in.nioBuffers(1024, MAX_WRITE_BATCH);
        int count = in.nioBufferCount();
        byte[] batch = new byte[(int) in.nioBufferSize()];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer buffer = buffers[i].duplicate();
            int length = buffer.remaining();
            buffer.get(batch, offset, length);
            offset += length;
        }
        OpenSerialPort open = port;
        ExecutorService io = ioThread;
        writeInFlight = true;
        try {
            io.execute(() -> {
                SerialPortException error = null;
                try {
                    open.writeFully(batch, batch.length);
                } catch (SerialPortException e) {
                    error = e;
                }
                SerialPortException result = error;
                executeOnLoop(() -> ((SerialUnsafe) unsafe()).writeDone(batch.length, result));
            });
        } catch (RejectedExecutionException e) {
            writeInFlight = false; // closing: the outbound buffer is failed by close
        }
    }

    private void executeOnLoop(Runnable task) {
        try {
            eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            closePortQuietly(); // the loop has shut down; nobody can use the port any more
        }
    }

    private void inbound(ByteBuf bytes) {
        if (!isActive()) {
            SerialLine joined = line;
            if (joined != null) {
                joined.unclaimed(bytes); // read for us after we left the line: the next channel's to see
            } else {
                bytes.release();
            }
            return;
        }
        arrived.add(bytes);
        if (readRequested) {
            deliverArrived();
        }
    }

    private void deliverArrived() {
        if (arrived.isEmpty()) {
            return;
        }
        readRequested = false;
        ByteBuf bytes;
        while ((bytes = arrived.poll()) != null) {
            pipeline().fireChannelRead(bytes);
        }
        pipeline().fireChannelReadComplete();
    }

    private void releaseArrived() {
        ByteBuf bytes;
        while ((bytes = arrived.poll()) != null) {
            bytes.release();
        }
    }

    private void portFailed(SerialPortException cause) {
        if (!isOpen()) {
            return;
        }
        failure = cause;
        pipeline().fireExceptionCaught(cause);
        unsafe().close(voidPromise());
    }

    /** Bytes the line's reader read for this channel (any thread). */
    void lineInbound(ByteBuf bytes) {
        try {
            eventLoop().execute(() -> inbound(bytes));
        } catch (RejectedExecutionException e) {
            // The loop has shut down: the bytes stay on the line for whoever comes next.
            SerialLine joined = line;
            if (joined != null) {
                joined.detach(this);
                joined.unclaimed(bytes);
            } else {
                bytes.release();
            }
        }
    }

    /** The line's port failed under this channel (any thread). */
    void linePortFailed(SerialPortException cause) {
        executeOnLoop(() -> portFailed(cause));
    }

    private void readLoop(OpenSerialPort open) {
        byte[] chunk = new byte[READ_CHUNK];
        while (state == State.ACTIVE) {
            if (eventLoop().isShuttingDown()) {
                // The I/O handler closes only what registered with it; this channel closes itself.
                executeOnLoop(() -> unsafe().close(voidPromise()));
                return;
            }
            int count;
            try {
                count = open.read(chunk);
            } catch (SerialPortException e) {
                if (state == State.ACTIVE) {
                    executeOnLoop(() -> portFailed(e));
                }
                return;
            }
            if (count > 0) {
                ByteBuf bytes = alloc().buffer(count);
                bytes.writeBytes(chunk, 0, count);
                try {
                    eventLoop().execute(() -> inbound(bytes));
                } catch (RejectedExecutionException e) {
                    bytes.release();
                    closePortQuietly();
                    return;
                }
            }
        }
    }

    private final class SerialUnsafe extends AbstractUnsafe {

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            if (state == State.ACTIVE) {
                promise.setFailure(new AlreadyConnectedException());
                return;
            }
            if (state == State.CONNECTING) {
                promise.setFailure(new ConnectionPendingException());
                return;
            }
            if (!(remoteAddress instanceof SerialAddress serialAddress)) {
                promise.setFailure(new UnsupportedAddressTypeException());
                return;
            }
            state = State.CONNECTING;
            address = serialAddress;
            connectPromise = promise;
            int timeoutMillis = config.getConnectTimeoutMillis();
            if (timeoutMillis > 0) {
                connectTimeout = eventLoop().schedule(() -> connectFailed(new ConnectTimeoutException(
                        "opening serial port " + serialAddress.port() + " took longer than " + timeoutMillis + " ms")),
                        timeoutMillis, TimeUnit.MILLISECONDS);
            }
            SerialLine joining = serialAddress.line();
            line = joining;
            ExecutorService io = joining != null ? joining.ioExecutor() : PortThreads.ioExecutor(serialAddress.port());
            ioThread = io;
            Runnable open0 = () -> {
                OpenSerialPort open;
                try {
                    open = joining != null ? joining.openPort(READ_TIMEOUT_MILLIS)
                            : OpenSerialPort.open(serialAddress.settings(), READ_TIMEOUT_MILLIS);
                } catch (SerialPortException e) {
                    executeOnLoop(() -> connectFailed(e));
                    return;
                }
                try {
                    eventLoop().execute(() -> connected(open));
                } catch (RejectedExecutionException e) {
                    if (joining == null) {
                        open.close(); // a line's port stays open for the line's next channel
                    }
                }
            };
            try {
                io.execute(open0);
            } catch (RejectedExecutionException e) {
                connectFailed(new SerialPortException(serialAddress.port(), "cannot open serial port "
                        + serialAddress.port() + ": its line is closed"));
            }
        }

        private void connected(OpenSerialPort open) {
            ChannelPromise promise = connectPromise;
            SerialLine joined = line;
            if (state != State.CONNECTING || promise == null || promise.isDone()) {
                if (joined == null) {
                    open.close(); // closed or timed out while the port was opening
                }
                return;
            }
            cancelConnectTimeout();
            port = open;
            if (joined != null) {
                state = State.ACTIVE;
                String refused = joined.attach(SerialChannel.this, open);
                if (refused != null) {
                    state = State.CONNECTING;
                    connectFailed(new SerialPortException(open.settings().port(), "cannot open serial port "
                            + open.settings().port() + ": " + refused));
                    return;
                }
                pipeline().fireChannelActive();
                promise.trySuccess();
                return;
            }
            state = State.ACTIVE;
            Thread reader = PortThreads.newThread("read", open.settings().port(), () -> readLoop(open));
            readerThread = reader;
            reader.start();
            pipeline().fireChannelActive();
            promise.trySuccess();
        }

        private void connectFailed(Throwable cause) {
            ChannelPromise promise = connectPromise;
            cancelConnectTimeout();
            if (promise != null && promise.tryFailure(cause)) {
                close(voidPromise());
            }
        }

        private void cancelConnectTimeout() {
            if (connectTimeout != null) {
                connectTimeout.cancel(false);
                connectTimeout = null;
            }
        }

        private void writeDone(long written, SerialPortException error) {
            writeInFlight = false;
            ChannelOutboundBuffer out = outboundBuffer();
            if (out == null) {
                return; // closed meanwhile; close failed what was queued
            }
            if (error != null) {
                failure = error;
                handleWriteError(error);
                return;
            }
            out.removeBytes(written);
            flush0();
        }

        /** Closes off the loop: joining the reader and jSerialComm's close may block for a moment. */
        @Override
        protected java.util.concurrent.Executor prepareToClose() {
            if (line != null) {
                return null; // leaving a line blocks on nothing: close on the loop
            }
            String name = address == null ? "unconnected" : address.port();
            return task -> PortThreads.newThread("close", name, task).start();
        }
    }
}
