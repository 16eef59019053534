package org.dmct.link.serial;

import java.io.IOException;

/**
 * A serial port could not be opened, or failed while open (removed, the other end of a pty hung up, a
 * read or write error). The message always names the port and says why, e.g.
 * {@code cannot open serial port /dev/ttyUSB0: permission denied (errno 13) ...}; {@link #port()} gives the
 * port alone. A {@link SerialChannel} fails its connect future with it, or fires it through the pipeline
 * before going inactive.
 */
public final class SerialPortException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String port;

    /**
     * @param port the port the failure is about
     * @param message the full message, naming the port
     */
    public SerialPortException(String port, String message) {
        super(message);
        this.port = port;
    }

    /**
     * @param port the port the failure is about
     * @param message the full message, naming the port
     * @param cause the underlying failure
     */
    public SerialPortException(String port, String message, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    /** The port the failure is about, as it was given. */
    public String port() {
        return port;
    }
}
