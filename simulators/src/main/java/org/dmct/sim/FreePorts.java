package org.dmct.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for listeners that someone else binds later (a push destination the harness listens on once the simulators
 * run, a lab file's port a test writes before starting what binds it). A port the kernel hands out for port 0 comes
 * from its ephemeral range, the same range every outgoing connection's local port comes from, so between choosing it
 * and binding it again an unrelated connection may take it ("Address already in use"). These ports are chosen below
 * that range (read from {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 when it cannot be read), where only
 * explicit binds land, and are returned bound: the caller closes the socket just before the real listener binds.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final int TRIES = 64;

    private FreePorts() {
    }

    /** A listening socket on a free port of {@code host} below the ephemeral range (any free port if none is). */
    public static ServerSocket reserve(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        int below = ephemeralLow();
        if (below - LOWEST > 1_000) {
            for (int i = 0; i < TRIES; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                ServerSocket s = new ServerSocket();
                try {
                    s.bind(new InetSocketAddress(address, port), 1);
                    return s;
                } catch (IOException taken) {
                    s.close();
                }
            }
        }
        return new ServerSocket(0, 1, address);
    }

    private static int ephemeralLow() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }
}
