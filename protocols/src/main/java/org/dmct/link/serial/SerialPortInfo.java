package org.dmct.link.serial;

import java.util.Objects;
import java.util.Optional;

/**
 * One serial port as the operating system reports it through jSerialComm: what to pass as
 * {@link SerialPortSettings#port()}, plus what helps a person recognise the device. Pseudo-terminals (ptys)
 * are never listed; they are opened by path.
 *
 * @param path the system port path to open, e.g. {@code /dev/ttyUSB0} or {@code COM3}
 * @param systemName the short system name, e.g. {@code ttyUSB0}
 * @param description the device's description (the USB product string when there is one)
 * @param manufacturer the USB manufacturer string, when the device reports one
 */
public record SerialPortInfo(String path, String systemName, String description, Optional<String> manufacturer) {

    /** Requires every field. */
    public SerialPortInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(systemName, "systemName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(manufacturer, "manufacturer");
    }
}
