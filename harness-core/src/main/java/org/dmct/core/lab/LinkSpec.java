package org.dmct.core.lab;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the harness reaches an installation: the transport and its endpoint. For {@code tcp-wrapper} (DLMS over
 * TCP, IEC 62056-47) and {@code hdlc-tcp} (HDLC over TCP, as through a serial-to-IP converter) the endpoint is a
 * host and port; for {@code hdlc-serial} (HDLC over an optical probe or RS-485 line) it is a serial port with its
 * line settings. Each device of the installation is a logical device behind the endpoint (the wrapper's wPort or
 * HDLC's upper address). Port 0 is allowed only for simulated DMCs and means "any free port", chosen when the
 * simulator starts.
 *
 * @param transport the kind of link
 * @param host the TCP host (TCP transports), else null
 * @param port the TCP port (TCP transports), else 0
 * @param serial the serial line (hdlc-serial), else null
 * @param hdlc the HDLC options (HDLC transports), else null
 */
public record LinkSpec(Transport transport, String host, int port, SerialLine serial, HdlcOptions hdlc) {

    /** The link kinds a lab can declare. */
    public enum Transport {
        /** DLMS over TCP with the IEC 62056-47 wrapper. */
        TCP_WRAPPER,
        /** HDLC (IEC 62056-46) carried over a TCP connection. */
        HDLC_TCP,
        /** HDLC over a serial port. */
        HDLC_SERIAL;

        /** The spelling lab files use, e.g. {@code hdlc-serial}. */
        public String labName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public boolean isHdlc() {
            return this != TCP_WRAPPER;
        }
    }

    /** Serial parity. */
    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    /**
     * A serial line: the port named by its path or system name, and its settings.
     *
     * @param port e.g. {@code /dev/ttyUSB0}, {@code /dev/pts/4} or {@code COM3}
     * @param baud bits per second
     * @param dataBits 5..8
     * @param parity parity
     * @param stopBits 1, 1.5 or 2, written as 10, 15 or 20 tenths
     */
    public record SerialLine(String port, int baud, int dataBits, Parity parity, int stopBits) {
        public SerialLine {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(parity, "parity");
        }

        @Override
        public String toString() {
            String stop = stopBits == 15 ? "1.5" : String.valueOf(stopBits / 10);
            return port + "@" + baud + "," + dataBits + parity.name().charAt(0) + stop;
        }
    }

    /**
     * HDLC link options.
     *
     * @param addressSize server address length in bytes: 1, 2 or 4
     * @param physicalAddress the server's lower HDLC address (physical device address)
     * @param maxInformationLength largest information field the harness proposes in both directions
     * @param windowSize window size the harness proposes in both directions (1..7)
     * @param interFrameTimeout longest silence inside a frame before it is reported truncated
     */
    public record HdlcOptions(int addressSize, int physicalAddress, int maxInformationLength, int windowSize,
                              Duration interFrameTimeout) {
        /** What a lab gets when it names an HDLC transport without options. */
        public static final HdlcOptions DEFAULTS = new HdlcOptions(4, 0x10, 128, 1, Duration.ofMillis(500));
    }

    /** A TCP link without HDLC options (the wrapper). */
    public LinkSpec(Transport transport, String host, int port) {
        this(transport, host, port, null, transport.isHdlc() ? HdlcOptions.DEFAULTS : null);
    }

    public LinkSpec withPort(int newPort) {
        return new LinkSpec(transport, host, newPort, serial, hdlc);
    }

    public LinkSpec withSerialPort(String path) {
        return new LinkSpec(transport, host, port,
                new SerialLine(path, serial.baud(), serial.dataBits(), serial.parity(), serial.stopBits()), hdlc);
    }

    /** True when the link is a TCP connection (wrapper or HDLC over TCP). */
    public boolean isTcp() {
        return transport != Transport.HDLC_SERIAL;
    }

    @Override
    public String toString() {
        return transport.labName() + "://" + (isTcp() ? host + ":" + port : serial.toString());
    }
}
