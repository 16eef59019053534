package org.dmct.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reserved ports are bound, distinct while held, and below the kernel's ephemeral range where Linux says it. */
class FreePortsTest {
    @Test
    void reservedPortsAreHeldDistinctAndOutsideTheEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = Files.isReadable(range)
                ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : Integer.MAX_VALUE;
        List<ServerSocket> held = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        try {
            for (int i = 0; i < 20; i++) {
                ServerSocket s = FreePorts.reserve("127.0.0.1");
                held.add(s);
                assertThat(s.isBound()).isTrue();
                assertThat(ports.add(s.getLocalPort())).as("port %d given twice", s.getLocalPort()).isTrue();
                if (ephemeralLow > 11_000 && ephemeralLow != Integer.MAX_VALUE) {
                    assertThat(s.getLocalPort()).isBetween(10_000, ephemeralLow - 1);
                }
            }
            int taken = held.get(0).getLocalPort();
            try (ServerSocket other = new ServerSocket()) {
                other.setReuseAddress(false);
                assertThatThrownBy(() -> other.bind(new InetSocketAddress("127.0.0.1", taken)))
                        .isInstanceOf(BindException.class);
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
