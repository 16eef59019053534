package org.dmct.link.serial;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The address a {@link SerialChannel} connects to: a serial port together with the line settings to open it
 * with, so that {@code bootstrap.connect(new SerialAddress(settings))} is all a client or a simulator needs.
 * It is both the local and the remote address of the channel, because a serial line has one end per process.
 */
public final class SerialAddress extends SocketAddress {

    private static final long serialVersionUID = 1L;

    private final SerialPortSettings settings;

    /**
     * @param settings the port and its framing
     */
    public SerialAddress(SerialPortSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
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
        return other instanceof SerialAddress address && address.settings.equals(settings);
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
