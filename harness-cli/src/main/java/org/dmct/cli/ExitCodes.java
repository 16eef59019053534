package org.dmct.cli;

/** The exit codes of every {@code dmct} command; scripts and CI rely on them. */
public final class ExitCodes {
    /** Every DMC met its criteria (or the command did what it was asked). */
    public static final int OK = 0;
    /** The run completed, and at least one DMC did not meet its criteria. */
    public static final int CRITERIA_NOT_MET = 1;
    /** The command line or a configuration file is wrong; nothing was run. */
    public static final int USAGE_OR_CONFIG = 2;
    /** The harness could not do its work (a port it could not bind, a disk it could not write, ...). */
    public static final int INFRASTRUCTURE = 3;

    private ExitCodes() {
    }
}
