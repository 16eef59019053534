package org.dmct.sim.control;

/** A control request that cannot be served: the HTTP status to answer with and the reason, sent as JSON. */
final class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ControlException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
