package org.dmct.sim;

/** A simulator could not be started or run; the message names the DMC and address. */
public class SimulatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
