package org.dmct.core.lab;

/**
 * Where the harness listens for the notifications a DMC's devices push when no association is open: a TCP address
 * that a real installation's push setup (interface class 40) names as its destination, receiving xDLMS
 * notifications in IEC 62056-47 wrapper frames, as a head end does. The source wPort of each frame names the
 * logical device that raised the event.
 *
 * @param host the address to listen on (and that the devices send to)
 * @param port the TCP port, 1..65535
 */
public record PushDestination(String host, int port) {
    public PushDestination {
        java.util.Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("push port must be 0..65535, got " + port);
        }
    }

    public PushDestination withPort(int newPort) {
        return new PushDestination(host, newPort);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
