package org.dmct.core.pack;

/** Whether a test exercises a function (functional) or guards against a known regression; exit criteria treat them apart. */
public enum TestKind { FUNCTIONAL, REGRESSION }
