package org.dmct.core.pack;

/** The type a response value must have. */
public enum ValueType { QUANTITY, NUMBER, STRING, BOOLEAN, DATETIME, LIST }
