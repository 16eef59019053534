package org.dmct.core.lab;

/**
 * How the harness reaches an installation: the transport and its endpoint. For {@code tcp-wrapper} (DLMS over
 * TCP, IEC 62056-47) the endpoint is a host and port; each device of the installation is a logical device behind
 * it. Port 0 is allowed only for simulated DMCs and means "any free port", chosen when the simulator starts.
 */
public record LinkSpec(Transport transport, String host, int port) {
    /** The link kinds a lab can declare. */
    public enum Transport { TCP_WRAPPER }

    public LinkSpec withPort(int newPort) {
        return new LinkSpec(transport, host, newPort);
    }

    @Override
    public String toString() {
        return transport.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "://" + host + ":" + port;
    }
}
