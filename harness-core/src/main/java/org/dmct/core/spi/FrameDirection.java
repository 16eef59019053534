package org.dmct.core.spi;

/** Which way a frame crossed the link, seen from the harness. */
public enum FrameDirection { SENT, RECEIVED, MALFORMED_RECEIVED }
