package org.dmct.link.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open one serial line: the port (a device path such as {@code /dev/ttyUSB0} or {@code /dev/pts/5},
 * a symbolic link to one, or a Windows system name such as {@code COM3}) and its character framing: baud rate,
 * data bits (5 to 8), parity and stop bits. Flow control is always off, as on an optical probe or an RS-485
 * adapter. {@link #opticalProbe(String)} gives the usual DLMS optical-probe setting, 9600 baud 8N1: IEC 62056-21
 * mode E starts at 300 baud 7E1 and switches to HDLC at 9600 8N1 after its sign-on; this harness talks HDLC
 * directly and performs no mode-E handshake, so a probe is opened at 9600 8N1. {@link #toString()} reads like
 * {@code /dev/ttyUSB0 9600 8N1} and is safe for messages.
 *
 * @param port the device path or system port name
 * @param baudRate bits per second, {@value #MIN_BAUD_RATE} to {@value #MAX_BAUD_RATE}
 * @param dataBits 5 to 8
 * @param parity the parity bit, if any
 * @param stopBits 1, 1.5 (only with 5 data bits) or 2 (not with 5 data bits)
 */
public record SerialPortSettings(String port, int baudRate, int dataBits, Parity parity, StopBits stopBits) {

    /** Slowest rate accepted (IEC 62056-21 mode A/C sign-on runs at 300; 50 is the oldest teleprinter rate). */
    public static final int MIN_BAUD_RATE = 50;
    /** Fastest rate accepted; beyond common USB-serial bridges. */
    public static final int MAX_BAUD_RATE = 4_000_000;
    /** The DLMS optical-probe rate in HDLC mode. */
    public static final int OPTICAL_PROBE_BAUD_RATE = 9600;

    /** The parity bit sent after the data bits. */
    public enum Parity {
        /** No parity bit. */
        NONE('N'),
        /** Odd parity. */
        ODD('O'),
        /** Even parity (IEC 62056-21 sign-on uses 7E1). */
        EVEN('E'),
        /** Parity bit always 1. */
        MARK('M'),
        /** Parity bit always 0. */
        SPACE('S');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        /** The conventional letter in a framing such as {@code 8N1}. */
        public char letter() {
            return letter;
        }

        int bits() {
            return this == NONE ? 0 : 1;
        }
    }

    /** The stop bits closing each character. */
    public enum StopBits {
        /** One stop bit. */
        ONE("1", 2),
        /** One and a half stop bits: UARTs offer it only with 5-bit characters. */
        ONE_POINT_FIVE("1.5", 3),
        /** Two stop bits. */
        TWO("2", 4);

        private final String label;
        private final int halfBits;

        StopBits(String label, int halfBits) {
            this.label = label;
            this.halfBits = halfBits;
        }

        /** How it is written in a framing such as {@code 8N1}. */
        public String label() {
            return label;
        }

        int halfBits() {
            return halfBits;
        }
    }

    /** Validates every field; the message names the port and the offending value. */
    public SerialPortSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(parity, "parity");
        Objects.requireNonNull(stopBits, "stopBits");
        if (port.isBlank()) {
            throw new IllegalArgumentException("serial port name is blank");
        }
        if (baudRate < MIN_BAUD_RATE || baudRate > MAX_BAUD_RATE) {
            throw new IllegalArgumentException("serial port " + port + ": baud rate " + baudRate
                    + " outside " + MIN_BAUD_RATE + ".." + MAX_BAUD_RATE);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("serial port " + port + ": " + dataBits
                    + " data bits, must be 5 to 8");
        }
        // A 16550-class UART has one stop-bit switch: with 5-bit characters it means 1.5, otherwise 2.
        if (stopBits == StopBits.ONE_POINT_FIVE && dataBits != 5) {
            throw new IllegalArgumentException("serial port " + port + ": 1.5 stop bits exist only with 5 data bits, not "
                    + dataBits);
        }
        if (stopBits == StopBits.TWO && dataBits == 5) {
            throw new IllegalArgumentException("serial port " + port
                    + ": 2 stop bits are not available with 5 data bits (the UART sends 1.5)");
        }
    }

    /**
     * The DLMS optical probe in HDLC mode: 9600 baud 8N1 (see the class comment about IEC 62056-21 mode E).
     *
     * @param port the device path or system port name
     * @return the settings
     */
    public static SerialPortSettings opticalProbe(String port) {
        return new SerialPortSettings(port, OPTICAL_PROBE_BAUD_RATE, 8, Parity.NONE, StopBits.ONE);
    }

    /**
     * 8N1 at the given rate.
     *
     * @param port the device path or system port name
     * @param baudRate bits per second
     * @return the settings
     */
    public static SerialPortSettings eightNoneOne(String port, int baudRate) {
        return new SerialPortSettings(port, baudRate, 8, Parity.NONE, StopBits.ONE);
    }

    /**
     * The same line on another port, e.g. the other end of a pty pair.
     *
     * @param otherPort the device path or system port name
     * @return the settings
     */
    public SerialPortSettings withPort(String otherPort) {
        return new SerialPortSettings(otherPort, baudRate, dataBits, parity, stopBits);
    }

    /**
     * The same framing at another rate.
     *
     * @param otherBaudRate bits per second
     * @return the settings
     */
    public SerialPortSettings withBaudRate(int otherBaudRate) {
        return new SerialPortSettings(port, otherBaudRate, dataBits, parity, stopBits);
    }

    /** The framing as usually written, e.g. {@code 8N1}, {@code 7E1}, {@code 5N1.5}. */
    public String framing() {
        return "" + dataBits + parity.letter() + stopBits.label();
    }

    /**
     * Bit times one character occupies on the line: start bit, data bits, parity bit, stop bits (10 for 8N1,
     * 11 for 8E1, 7.5 for 5N1.5).
     *
     * @return the bit times per character
     */
    public double bitsPerCharacter() {
        return halfBitsPerCharacter() / 2.0;
    }

    /**
     * How long the line needs to send {@code characters} back to back, rounded up to the nanosecond.
     *
     * @param characters how many characters (bytes)
     * @return the time on the wire
     */
    public Duration transmitTime(long characters) {
        return Duration.ofNanos(transmitNanos(characters));
    }

    /**
     * {@link #transmitTime(long)} in nanoseconds.
     *
     * @param characters how many characters (bytes), not negative
     * @return nanoseconds on the wire, rounded up
     */
    public long transmitNanos(long characters) {
        if (characters < 0) {
            throw new IllegalArgumentException("negative character count " + characters);
        }
        // Half-bit units keep 1.5 stop bits exact; the product stays far below Long.MAX_VALUE for any real transfer.
        long numerator = Math.multiplyExact(Math.multiplyExact(characters, halfBitsPerCharacter()), 1_000_000_000L);
        long denominator = 2L * baudRate;
        return (numerator + denominator - 1) / denominator;
    }

    /**
     * How many whole characters the line has finished sending {@code nanos} after it started: the inverse of
     * {@link #transmitNanos(long)}.
     *
     * @param nanos elapsed time since the first start bit, not negative
     * @return characters completely on the wire
     */
    public long charactersSentWithin(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative time " + nanos);
        }
        // Divide first so hours of line time cannot overflow the multiplication.
        long perCharacterNumerator = halfBitsPerCharacter() * 1_000_000_000L;
        long denominator = 2L * baudRate;
        long whole = nanos / perCharacterNumerator;
        long rest = nanos % perCharacterNumerator;
        return whole * denominator + rest * denominator / perCharacterNumerator;
    }

    int halfBitsPerCharacter() {
        return 2 * (1 + dataBits + parity.bits()) + stopBits.halfBits();
    }

    @Override
    public String toString() {
        return port + " " + baudRate + " " + framing();
    }
}
