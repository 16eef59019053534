package org.dmct.core.pack;

/** Asserts {@code that op than} between two captured values, e.g. a register did not go backwards. */
public record CheckStep(String that, Comparison op, String than, int line) implements Step {
}
