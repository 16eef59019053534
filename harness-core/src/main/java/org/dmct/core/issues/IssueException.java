package org.dmct.core.issues;

/**
 * A request the Testing Issues register refuses: an unknown issue id, a lifecycle step out of order (e.g. closing
 * an issue whose test has not passed a re-run), a missing rationale. The message says what was asked, why it was
 * refused and what to do instead; the CLI maps it to exit code 2.
 */
public class IssueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IssueException(String message) {
        super(message);
    }
}
