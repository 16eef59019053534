package org.dmct.core.status;

/**
 * A change the DMC Status List refuses (an invalid transition, a missing reason or date), or a status file that
 * cannot be read; the message says which DMC, file or field, and what is wrong.
 */
public class StatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StatusException(String message) {
        super(message);
    }

    public StatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
