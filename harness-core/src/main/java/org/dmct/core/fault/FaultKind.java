package org.dmct.core.fault;

import java.util.Locale;

/**
 * The kinds of fault a simulator can inject, each the way a real installation misbehaves: slow or irregular answers,
 * a slow line, answers lost, damaged or repeated on the way, a device that restarts in the middle of a block
 * transfer, one that stops accepting associations, and a clock that runs slow or fast. Written in files in
 * lower-case with hyphens ({@code dropped-responses}).
 */
public enum FaultKind {
    LATENCY,
    LINE_SPEED,
    DROPPED_RESPONSES,
    CORRUPTED_FRAMES,
    DUPLICATED_FRAMES,
    REBOOT_MID_TRANSFER,
    ASSOCIATION_REFUSED,
    SLOW_CLOCK;

    /** The name as written in profile, lab and fault files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
