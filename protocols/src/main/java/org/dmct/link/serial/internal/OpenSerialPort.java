package org.dmct.link.serial.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dmct.link.serial.SerialPortException;
import org.dmct.link.serial.SerialPortSettings;

/**
 * One port opened through jSerialComm with the harness's settings: reads that return after at most the read
 * timeout, whole writes, an idempotent close. Every call blocks, so none may run on an event loop. Failures
 * become {@link SerialPortException}s naming the port and the reason.
 */
public final class OpenSerialPort {

    /** Canonical paths open in this JVM: jSerialComm refuses a second open with a misleading error code. */
    private static final Set<String> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final SerialPortSettings settings;
    private final SerialPort port;
    private final String registryKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSerialPort(SerialPortSettings settings, SerialPort port, String registryKey) {
        this.settings = settings;
        this.port = port;
        this.registryKey = registryKey;
    }

    /**
     * Opens and configures the port (raw, no flow control, semi-blocking reads).
     *
     * @param settings the port and framing
     * @param readTimeoutMillis longest a read waits for a first byte; jSerialComm rounds down to tenths on POSIX
     * @return the open port
     * @throws SerialPortException naming the port and the reason it cannot be opened
     */
    public static OpenSerialPort open(SerialPortSettings settings, int readTimeoutMillis) throws SerialPortException {
        String name = settings.port();
        String registryKey = preflight(name);
        if (!OPEN_IN_THIS_JVM.add(registryKey)) {
            throw cannotOpen(name, "already open in this process"
                    + (registryKey.equals(name) ? "" : " (as " + registryKey + ")"));
        }
        boolean opened = false;
        try {
            SerialPort port;
            try {
                port = SerialPort.getCommPort(name);
            } catch (SerialPortInvalidPortException e) {
                throw cannotOpen(name, "no such port", e);
            } catch (LinkageError e) {
                throw new SerialPortException(name, "cannot open serial port " + name + ": "
                        + NativeSerial.nativeUnavailable(e).getMessage(), e);
            }
            // jSerialComm applies parameters and timeouts as part of openPort on POSIX, so they go first.
            port.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings), parity(settings));
            port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMillis, 0);
            if (!port.openPort()) {
                throw cannotOpen(name, NativeSerial.describeError(port.getLastErrorCode()));
            }
            opened = true;
            return new OpenSerialPort(settings, port, registryKey);
        } finally {
            if (!opened) {
                OPEN_IN_THIS_JVM.remove(registryKey);
            }
        }
    }

    /** Checks a POSIX path before jSerialComm does, because its errors for these cases are vague. */
    private static String preflight(String name) throws SerialPortException {
        if (NativeSerial.windows()) {
            return name.toUpperCase(java.util.Locale.ROOT);
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw cannotOpen(name, "not a valid path", e);
        }
        if (!Files.exists(path)) {
            throw cannotOpen(name, "no such port (nothing at that path" + (Files.isSymbolicLink(path)
                    ? ", the link is dangling: is the process that made it, e.g. socat, still running?" : "") + ")");
        }
        if (Files.isDirectory(path)) {
            throw cannotOpen(name, "it is a directory, not a serial device");
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw cannotOpen(name, "permission denied (on Linux add the user to the dialout group)");
        }
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw cannotOpen(name, "cannot resolve the path: " + e.getMessage(), e);
        }
    }

    private static int stopBits(SerialPortSettings settings) {
        return switch (settings.stopBits()) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            // POSIX termios has only CSTOPB, which a UART sends as 1.5 stop bits with 5-bit characters;
            // jSerialComm sets CSTOPB only for TWO_STOP_BITS, so 1.5 must be asked for as two there.
            case ONE_POINT_FIVE -> NativeSerial.windows() ? SerialPort.ONE_POINT_FIVE_STOP_BITS : SerialPort.TWO_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(SerialPortSettings settings) {
        return switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private static SerialPortException cannotOpen(String name, String reason) {
        return new SerialPortException(name, "cannot open serial port " + name + ": " + reason);
    }

    private static SerialPortException cannotOpen(String name, String reason, Throwable cause) {
        return new SerialPortException(name, "cannot open serial port " + name + ": " + reason, cause);
    }

    /** The settings the port was opened with. */
    public SerialPortSettings settings() {
        return settings;
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Reads what has arrived, waiting at most the read timeout for a first byte.
     *
     * @param buffer where to put the bytes
     * @return how many bytes were read, 0 when the timeout passed without any
     * @throws SerialPortException when the port failed (removed, hung up) or was closed
     */
    public int read(byte[] buffer) throws SerialPortException {
        int count = port.readBytes(buffer, buffer.length);
        if (count < 0) {
            throw new SerialPortException(settings.port(), "serial port " + settings.port() + " failed while reading: "
                    + (closed.get() ? "the port was closed" : NativeSerial.describeError(port.getLastErrorCode())));
        }
        return count;
    }

    /**
     * Writes all the bytes, blocking while the driver's output queue is full.
     *
     * @param bytes the bytes
     * @param length how many, from the start
     * @throws SerialPortException when the port failed or was closed
     */
    public void writeFully(byte[] bytes, int length) throws SerialPortException {
        int offset = 0;
        while (offset < length) {
            int written = port.writeBytes(bytes, length - offset, offset);
            if (written < 0 || closed.get()) {
                throw new SerialPortException(settings.port(), "serial port " + settings.port()
                        + " failed while writing: " + (closed.get() ? "the port was closed"
                        : NativeSerial.describeError(port.getLastErrorCode())));
            }
            offset += written;
        }
    }

    /** Closes the port once; jSerialComm flushes both directions, which also releases a blocked writer. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                port.closePort();
            } finally {
                OPEN_IN_THIS_JVM.remove(registryKey);
            }
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
