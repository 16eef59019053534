package org.dmct.link.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dmct.link.serial.internal.NativeSerial;

/**
 * The serial ports this machine offers, as jSerialComm enumerates them (USB-serial bridges, on-board UARTs,
 * Bluetooth serial profiles). For a {@code dmct ports} command and for error messages that suggest what exists.
 * Pseudo-terminals such as socat's are not enumerated; open them by path.
 */
public final class SerialPorts {

    private SerialPorts() { }

    /**
     * Enumerates the ports now present, sorted by path.
     *
     * @return an immutable list, empty when the machine has none
     * @throws IllegalStateException when jSerialComm's native library cannot be loaded on this platform
     */
    public static List<SerialPortInfo> list() {
        SerialPort[] ports = NativeSerial.enumerate();
        List<SerialPortInfo> infos = new ArrayList<>(ports.length);
        for (SerialPort port : ports) {
            String manufacturer = port.getManufacturer();
            infos.add(new SerialPortInfo(
                    nonNull(port.getSystemPortPath()),
                    nonNull(port.getSystemPortName()),
                    nonNull(port.getPortDescription()),
                    manufacturer == null || manufacturer.isBlank() || manufacturer.equalsIgnoreCase("Unknown")
                            ? Optional.empty() : Optional.of(manufacturer.strip())));
        }
        infos.sort(Comparator.comparing(SerialPortInfo::path));
        return List.copyOf(infos);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value.strip();
    }
}
