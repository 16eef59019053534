package org.dmct.core.pack;

/**
 * Part of a send step: after the response met its expectation, the value at {@code value} (a {@link ValuePath} in this
 * response) must stand in relation {@code op} to the value captured earlier as {@code with}, e.g. a register never
 * goes backwards ({@code value: activeImportTotal, op: ">=", with: before}) or the supply status changed
 * ({@code op: "!="}).
 */
public record CompareCheck(String value, Comparison op, String with) {
}
