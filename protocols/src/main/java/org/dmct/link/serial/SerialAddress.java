package org.dmct.link.serial;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The address a {@link SerialChannel} connects to: a serial port together with the line settings to open it
 * with, so that {@code bootstrap.connect(new SerialAddress(settings))} is all a client or a simulator needs.
 * It is both the local and the remote address of the channel, because a serial line has one end per process.
 * The address of a {@link SerialLine} ({@link SerialLine#address()}) connects to that line's port, held open across
 * the channels that take turns on it, instead of opening the port for the channel alone.
 */
public final class SerialAddress extends SocketAddress {

    private static final long serialVersionUID = 1L;

    private final SerialPortSettings settings;
    /** The line whose open port a channel joins; null: the channel opens and closes the port itself. */
    private final transient SerialLine line;

    /**
     * @param settings the port and its framing
     */
    public SerialAddress(SerialPortSettings settings) {
        this(settings, null);
    }

    SerialAddress(SerialPortSettings settings, SerialLine line) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.line = line;
    }

    /** The line this address joins, null for an address whose channel opens the port for itself. */
    SerialLine line() {
        return line;
    }

    /** The port and its framing. */
    public SerialPortSettings settings() {
        return settings;
    }

    /** The device path or system name, as given. */
    public String port() {
        return settings.port();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerialAddress address && address.settings.equals(settings) && address.line == line;
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
