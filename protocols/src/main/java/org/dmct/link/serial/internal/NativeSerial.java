package org.dmct.link.serial.internal;

import com.fazecast.jSerialComm.SerialPort;

/**
 * The one place that touches jSerialComm's static side, so that a platform without its native library fails
 * with a message saying so instead of an {@link ExceptionInInitializerError} far from the cause.
 */
public final class NativeSerial {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .startsWith("windows");

    private NativeSerial() { }

    /** True on Windows, where ports are system names (COM3) and error codes are Win32 codes, not errno. */
    public static boolean windows() {
        return WINDOWS;
    }

    /**
     * The ports jSerialComm enumerates.
     *
     * @return the ports
     * @throws IllegalStateException when the native library cannot be loaded
     */
    public static SerialPort[] enumerate() {
        try {
            return SerialPort.getCommPorts();
        } catch (LinkageError e) {
            throw nativeUnavailable(e);
        }
    }

    static IllegalStateException nativeUnavailable(Throwable cause) {
        return new IllegalStateException("jSerialComm's native library could not be loaded on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                + " (it unpacks into java.io.tmpdir, which must be writable and not mounted noexec): " + cause, cause);
    }

    /**
     * Words for an error code jSerialComm reports: errno on Linux and macOS, a Win32 error on Windows.
     *
     * @param code the code from {@link SerialPort#getLastErrorCode()}
     * @return a short reason naming the code
     */
    public static String describeError(int code) {
        String reason = WINDOWS ? describeWin32(code) : describeErrno(code);
        return reason + " (" + (WINDOWS ? "Win32 error " : "errno ") + code + ")";
    }

    private static String describeErrno(int errno) {
        return switch (errno) {
            case 0 -> "no error code reported";
            case 1, 13 -> "permission denied (on Linux add the user to the dialout group)";
            case 2 -> "no such file or device";
            case 5 -> "I/O error: the device was removed or the other end of the pty hung up";
            case 6, 19 -> "no such device (unplugged?)";
            case 9 -> "the port is closed";
            case 11, 35 -> "locked by another process (exclusive lock held)";
            case 16 -> "device or resource busy";
            case 20, 21 -> "not a device";
            case 25 -> "not a terminal device (not a serial port)";
            default -> "system error";
        };
    }

    private static String describeWin32(int code) {
        return switch (code) {
            case 2, 3 -> "no such port";
            case 5 -> "access denied: the port is in use by another program";
            case 31 -> "the device is not functioning (unplugged?)";
            case 32 -> "the port is in use by another program";
            case 1167 -> "the device is not connected";
            default -> "system error";
        };
    }
}
