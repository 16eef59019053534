package org.dmct.core.evidence;

/**
 * Where an evidence chain stands: how many lines it has and the SHA-256 (hex) of its last line, which the manifest
 * records as the final chain hash (64 zeros when the log is empty).
 */
public record ChainState(long lines, String lastLineHash) {
}
