package org.dmct.core.evidence;

/**
 * The result of checking an evidence log's hash chain.
 *
 * @param lines complete lines read
 * @param finalHash SHA-256 of the last complete line (64 zeros for an empty log)
 * @param firstBadLine the 1-based number of the first line at which the chain does not hold, 0 when valid
 * @param problem what is wrong there, in words; {@code null} when valid
 */
public record ChainVerification(boolean valid, long lines, String finalHash, long firstBadLine, String problem) {
    @Override
    public String toString() {
        return valid ? "evidence chain valid: " + lines + " lines, final hash " + finalHash
                : "evidence chain broken at line " + firstBadLine + ": " + problem;
    }
}
