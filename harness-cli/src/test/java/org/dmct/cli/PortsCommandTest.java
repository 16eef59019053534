package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmct.link.serial.SerialPortInfo;
import org.dmct.link.serial.SerialPorts;
import org.junit.jupiter.api.Test;

/** {@code dmct ports} lists exactly what jSerialComm enumerates on this machine. */
class PortsCommandTest {
    @Test
    void listsWhatJSerialCommSees() {
        CliFixture.Result r = CliFixture.dmct("ports");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        var ports = SerialPorts.list();
        if (ports.isEmpty()) {
            assertThat(r.out()).contains("No serial ports found").contains("name them by path");
        } else {
            assertThat(r.out()).contains("PATH");
            for (SerialPortInfo p : ports) {
                assertThat(r.out()).contains(p.path());
            }
        }
    }
}
