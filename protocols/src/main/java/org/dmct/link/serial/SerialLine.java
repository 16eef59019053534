package org.dmct.link.serial;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.dmct.link.serial.internal.OpenSerialPort;
import org.dmct.link.serial.internal.PortThreads;

/**
 * One serial port held open for a sequence of {@link SerialChannel}s that take turns on it, as the logical devices
 * behind one meter's line do: a client talks HDLC to one logical device, disconnects (DISC/UA) and opens the next
 * (SNRM) on the same open port. Opening a port costs a system call, its configuration and, before this class, a
 * reader and a closing thread per channel plus a wait of up to a read timeout for the reader to leave its native read;
 * a line opens the port once, on the first channel that connects, and keeps one reader and one I/O thread for as long
 * as the port stays open, whatever the number of channels. Connect a channel with
 * {@code bootstrap.connect(line.address())}; closing that channel leaves the port open for the next one, and
 * {@link #close()} closes the port.
 *
 * <p>One channel at a time: a second channel that connects while another is on the line fails its connect, saying
 * so. Bytes that arrive while no channel is on the line (a late frame after the last disconnect) are kept, up to
 * {@value #HELD_LIMIT} bytes, and handed to the next channel, as a line that stayed open would: a decoder there sees
 * and reports them rather than losing them with a closed port; beyond that limit the oldest are discarded and
 * counted ({@link #discardedBytes()}). A port that fails while open (the probe pulled, socat killed) fails the channel
 * on it and is closed; the next channel to connect opens it again.
 */
public final class SerialLine {

    /** Most bytes held for the next channel while none is on the line. */
    public static final int HELD_LIMIT = 64 * 1024;

    private static final int READ_CHUNK = 4096;
    private static final long READER_EXIT_WAIT_MILLIS = 2_000;

    private final SerialPortSettings settings;
    private final SerialAddress address;
    private final ExecutorService io;
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();

    // Guarded by this.
    private OpenSerialPort port;
    private Thread reader;
    private SerialChannel attached;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private int heldBytes;
    private boolean closed;
    private CompletableFuture<Void> closing;

    private SerialLine(SerialPortSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.address = new SerialAddress(settings, this);
        this.io = PortThreads.ioExecutor(settings.port());
    }

    /**
     * A line on a port, not yet opened: the first channel that connects opens it.
     *
     * @param settings the port and its framing
     * @return the line
     */
    public static SerialLine of(SerialPortSettings settings) {
        return new SerialLine(settings);
    }

    /** The address a channel connects to in order to use this line. */
    public SerialAddress address() {
        return address;
    }

    /** The port and its framing. */
    public SerialPortSettings settings() {
        return settings;
    }

    /** How many times the port has been opened: once for a line whose port never failed. */
    public long portOpens() {
        return opens.get();
    }

    /** Bytes that arrived while no channel was on the line and did not fit in what is held for the next one. */
    public long discardedBytes() {
        return discarded.get();
    }

    /** Bytes waiting for the next channel. */
    synchronized int heldBytes() {
        return heldBytes;
    }

    /** True while the port is open. */
    public synchronized boolean isPortOpen() {
        return port != null;
    }

    /**
     * Closes the port (after its reader has left its last read, so its descriptor is never handed to another open
     * under a read) and the line's threads; a channel still on the line is closed. Later connects fail. Idempotent.
     *
     * @return completes when the port is closed
     */
    public CompletableFuture<Void> close() {
        SerialChannel onLine;
        OpenSerialPort open;
        Thread readerThread;
        synchronized (this) {
            if (closing != null) {
                return closing;
            }
            closed = true;
            closing = new CompletableFuture<>();
            onLine = attached;
            attached = null;
            open = port;
            port = null;
            readerThread = reader;
            reader = null;
            releaseHeld();
        }
        if (onLine != null) {
            onLine.close();
        }
        CompletableFuture<Void> done = closing;
        PortThreads.newThread("close", settings.port(), () -> {
            try {
                if (readerThread != null && readerThread != Thread.currentThread()) {
                    readerThread.join(READER_EXIT_WAIT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (open != null) {
                    open.close();
                }
                io.shutdown();
                done.complete(null);
            }
        }).start();
        return done;
    }

    @Override
    public String toString() {
        return "serial line " + settings;
    }

    // ---- for SerialChannel -----------------------------------------------------------------------------------

    /** The thread that opens the port and performs every channel's writes, in order. */
    ExecutorService ioExecutor() {
        return io;
    }

    /** Opens the port if it is not open (on the I/O thread) and starts its reader; the open port otherwise. */
    OpenSerialPort openPort(int readTimeoutMillis) throws SerialPortException {
        synchronized (this) {
            if (closed) {
                throw new SerialPortException(settings.port(), "cannot open serial port " + settings.port()
                        + ": the line is closed");
            }
            if (port != null) {
                return port;
            }
        }
        OpenSerialPort open = OpenSerialPort.open(settings, readTimeoutMillis);
        synchronized (this) {
            if (closed) {
                open.close();
                throw new SerialPortException(settings.port(), "cannot open serial port " + settings.port()
                        + ": the line was closed while it opened");
            }
            port = open;
            opens.incrementAndGet();
            reader = PortThreads.newThread("read", settings.port(), () -> readLoop(open));
            reader.start();
            return open;
        }
    }

    /**
     * Puts {@code channel} on the line (on its loop, once it is active) and hands it what arrived meanwhile.
     *
     * @return null when it is on the line, otherwise why it cannot be
     */
    String attach(SerialChannel channel, OpenSerialPort open) {
        ArrayDeque<ByteBuf> pending;
        synchronized (this) {
            if (closed) {
                return "the line is closed";
            }
            if (port != open) {
                return "the port failed while it was being opened for this channel";
            }
            if (attached != null && attached != channel) {
                return "another channel is on the line (its logical devices take turns: disconnect first)";
            }
            attached = channel;
            pending = new ArrayDeque<>(held);
            held.clear();
            heldBytes = 0;
        }
        ByteBuf bytes;
        while ((bytes = pending.poll()) != null) {
            channel.lineInbound(bytes);
        }
        return null;
    }

    /** Takes {@code channel} off the line; the port stays open for the next one. */
    synchronized void detach(SerialChannel channel) {
        if (attached == channel) {
            attached = null;
        }
    }

    /** Bytes a channel received after it left the line: they go to whoever is on it now, or wait for the next. */
    void unclaimed(ByteBuf bytes) {
        deliver(bytes);
    }

    private void deliver(ByteBuf bytes) {
        SerialChannel to;
        synchronized (this) {
            to = attached;
            if (to == null) {
                if (closed) {
                    bytes.release();
                    return;
                }
                held.add(bytes);
                heldBytes += bytes.readableBytes();
                while (heldBytes > HELD_LIMIT) {
                    ByteBuf oldest = held.poll();
                    heldBytes -= oldest.readableBytes();
                    discarded.addAndGet(oldest.readableBytes());
                    oldest.release();
                }
                return;
            }
        }
        to.lineInbound(bytes);
    }

    private void releaseHeld() {
        ByteBuf bytes;
        while ((bytes = held.poll()) != null) {
            bytes.release();
        }
        heldBytes = 0;
    }

    private void readLoop(OpenSerialPort open) {
        byte[] chunk = new byte[READ_CHUNK];
        while (true) {
            synchronized (this) {
                if (port != open) {
                    return;
                }
            }
            int count;
            try {
                count = open.read(chunk);
            } catch (SerialPortException e) {
                portFailed(open, e);
                return;
            }
            if (count > 0) {
                ByteBuf bytes = ByteBufAllocator.DEFAULT.buffer(count);
                bytes.writeBytes(chunk, 0, count);
                deliver(bytes);
            }
        }
    }

    /** The port failed under the reader: close it, fail the channel on the line; the next connect reopens it. */
    private void portFailed(OpenSerialPort open, SerialPortException cause) {
        SerialChannel onLine;
        synchronized (this) {
            if (port != open) {
                return; // closed on purpose
            }
            port = null;
            reader = null;
            onLine = attached;
            attached = null;
            releaseHeld();
        }
        open.close(); // the reader is this thread: nobody is inside a read on it any more
        if (onLine != null) {
            onLine.linePortFailed(cause);
        }
    }
}
