package org.dmct.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.link.serial.SerialPortInfo;
import org.dmct.link.serial.SerialPorts;
import picocli.CommandLine.Command;

/**
 * {@code dmct ports}: the serial ports jSerialComm sees on this machine, for writing a lab file's {@code serialPort}.
 * Pseudo-terminals are never listed; a lab names them by path.
 */
@Command(name = "ports", mixinStandardHelpOptions = true,
        description = "List the serial ports this machine offers (USB-serial probes, RS-485 adapters, UARTs). "
                + "Pseudo-terminals (socat pty pairs) are not listed: name them by path in the lab file.")
final class PortsCommand implements Callable<Integer> {
    private final Console console;

    PortsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        List<SerialPortInfo> ports = SerialPorts.list();
        var out = console.out();
        if (ports.isEmpty()) {
            out.println("No serial ports found. (Pseudo-terminals are not listed: name them by path, e.g. "
                    + "serialPort: /dev/pts/3.)");
            return ExitCodes.OK;
        }
        out.printf("%-24s %-12s %-32s %s%n", "PATH", "NAME", "DESCRIPTION", "MANUFACTURER");
        for (SerialPortInfo p : ports) {
            out.printf("%-24s %-12s %-32s %s%n", p.path(), p.systemName(), p.description(),
                    p.manufacturer().orElse("-"));
        }
        return ExitCodes.OK;
    }
}
