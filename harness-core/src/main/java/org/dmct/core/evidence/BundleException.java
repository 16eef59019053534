package org.dmct.core.evidence;

/** A run bundle directory that cannot be used: not empty when a run would write into it, or incomplete when read. */
public class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
