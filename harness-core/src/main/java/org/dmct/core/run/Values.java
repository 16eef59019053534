package org.dmct.core.run;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.model.Quantity;
import org.dmct.core.pack.Comparison;
import org.dmct.core.pack.ValueCheck;

/**
 * How pack checks judge response values: type checks, ranges with unit conversion, equality with written literals,
 * declared facts, clock windows, list sizes, and comparisons between captured values. Every failure is a sentence that
 * names the value, what it was and what was expected.
 */
public final class Values {
    private Values() {
    }

    /** Thrown when two values cannot be compared (a quantity and a string, kWh and m3, ...). */
    public static final class IncomparableException extends Exception {
        private static final long serialVersionUID = 1L;

        IncomparableException(String message) {
            super(message);
        }
    }

    /** The reason for a value path that leads nowhere in a response, naming the keys the response does have. */
    static String missing(String path, java.util.Map<String, Object> values) {
        String key = org.dmct.core.pack.ValuePath.parse(path).map(org.dmct.core.pack.ValuePath::key).orElse(path);
        if (!key.equals(path) && values.containsKey(key)) {
            return "response value '" + key + "' = " + describe(values.get(key)) + " has nothing at '" + path + "'";
        }
        return "response has no value '" + key + "'" + (values.isEmpty() ? " (it has no values)"
                : " (it has " + String.join(", ", values.keySet()) + ")");
    }

    /** A value as a reason shows it: quantities with their unit, text quoted, lists by size. */
    public static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence s) {
            return "'" + s + "'";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof OffsetDateTime o) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(o);
        }
        if (v instanceof ZonedDateTime z) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(z);
        }
        if (v instanceof Collection<?> c) {
            return "a list of " + c.size() + (c.size() == 1 ? " entry" : " entries");
        }
        return v.toString();
    }

    /**
     * Checks one value against its checks; returns each failed check as a sentence (empty when all hold).
     *
     * @param device the target device, for {@code equalsDeclared}
     * @param now the harness clock at response time, for {@code withinSeconds}
     */
    public static List<String> check(ValueCheck c, Object actual, LabDevice device, Instant now) {
        String name = "value " + c.key();
        List<String> problems = new ArrayList<>();
        if (actual == null) {
            problems.add(name + " is empty (null)");
            return problems;
        }
        String shown = name + " = " + describe(actual);
        Quantity converted = null;
        if (c.type() != null) {
            switch (c.type()) {
                case QUANTITY:
                    if (!(actual instanceof Quantity q)) {
                        problems.add(shown + " is not a quantity (a value with a unit)");
                        return problems;
                    }
                    if (c.unit() != null) {
                        converted = q.to(c.unit()).orElse(null);
                        if (converted == null) {
                            problems.add(shown + " cannot be converted to " + c.unit());
                            return problems;
                        }
                    }
                    break;
                case NUMBER:
                    if (actual instanceof Quantity) {
                        problems.add(shown + " is a quantity, not a plain number; give unit: to check it as a"
                                + " quantity");
                        return problems;
                    }
                    if (toDecimal(actual) == null) {
                        problems.add(shown + " is not a number");
                        return problems;
                    }
                    break;
                case STRING:
                    if (!(actual instanceof CharSequence)) {
                        problems.add(shown + " is not a string");
                        return problems;
                    }
                    break;
                case BOOLEAN:
                    if (!(actual instanceof Boolean)) {
                        problems.add(shown + " is not a boolean");
                        return problems;
                    }
                    break;
                case DATETIME:
                    if (toInstant(actual) == null) {
                        problems.add(shown + " is not a date-time with a UTC offset");
                        return problems;
                    }
                    break;
                default:
                    if (size(actual) < 0) {
                        problems.add(shown + " is not a list");
                        return problems;
                    }
                    break;
            }
        }
        if (c.min() != null || c.max() != null) {
            BigDecimal v = converted != null ? converted.value() : toDecimal(actual);
            String unit = c.unit() == null ? "" : " " + c.unit();
            if (v == null) {
                problems.add(shown + " is not a number to compare with min/max");
            } else {
                if (c.min() != null && v.compareTo(c.min()) < 0) {
                    problems.add(shown + " is below min " + c.min().toPlainString() + unit);
                }
                if (c.max() != null && v.compareTo(c.max()) > 0) {
                    problems.add(shown + " is above max " + c.max().toPlainString() + unit);
                }
            }
        }
        if (c.equals() != null && !equalsLiteral(actual, c.equals(), c.unit())) {
            problems.add(shown + " is not " + literal(c.equals(), c.unit()));
        }
        if (c.oneOf() != null && c.oneOf().stream().noneMatch(l -> equalsLiteral(actual, l, c.unit()))) {
            problems.add(shown + " is not one of " + c.oneOf());
        }
        if (c.equalsDeclared() != null) {
            String declared = c.equalsDeclared().valueOf(device);
            if (declared == null) {
                problems.add(name + ": the lab declares no " + c.equalsDeclared().yamlName() + " for " + device.id());
            } else if (!text(actual).trim().equals(declared.trim())) {
                problems.add(shown + " is not the declared " + c.equalsDeclared().yamlName() + " '" + declared
                        + "' of " + device.id());
            }
        }
        if (c.withinSeconds() != null) {
            Instant at = toInstant(actual);
            if (at == null) {
                problems.add(shown + " is not a date-time with a UTC offset");
            } else {
                long diffMs = Math.abs(java.time.Duration.between(now, at).toMillis());
                if (diffMs > c.withinSeconds() * 1000) {
                    problems.add(shown + " is " + BigDecimal.valueOf(diffMs, 3).stripTrailingZeros().toPlainString()
                            + "s " + (at.isBefore(now) ? "behind" : "ahead of") + " the harness clock at response"
                            + " time (" + now + "); allowed " + c.withinSeconds() + "s");
                }
            }
        }
        if (c.minSize() != null || c.maxSize() != null) {
            int n = size(actual);
            if (n < 0) {
                problems.add(shown + " is not a list");
            } else {
                if (c.minSize() != null && n < c.minSize()) {
                    problems.add(name + " has " + n + (n == 1 ? " entry" : " entries") + ", fewer than minSize "
                            + c.minSize());
                }
                if (c.maxSize() != null && n > c.maxSize()) {
                    problems.add(name + " has " + n + (n == 1 ? " entry" : " entries") + ", more than maxSize "
                            + c.maxSize());
                }
            }
        }
        return problems;
    }

    private static String literal(String literal, String unit) {
        if (unit != null && parseQuantity(literal).isEmpty()) {
            return literal + " " + unit;
        }
        return "'" + literal + "'";
    }

    /** Whether a value equals a literal written in a pack (with the check's unit for quantities). */
    public static boolean equalsLiteral(Object actual, String literal, String unit) {
        String lit = literal.trim();
        if (actual instanceof Quantity q) {
            Optional<Quantity> expected = parseQuantity(lit);
            if (expected.isEmpty() && unit != null) {
                BigDecimal n = parseDecimal(lit);
                expected = n == null ? Optional.empty() : Optional.of(new Quantity(n, unit));
            }
            if (expected.isEmpty()) {
                return false;
            }
            Optional<Quantity> same = q.to(expected.get().unit());
            return same.isPresent() && same.get().value().compareTo(expected.get().value()) == 0;
        }
        if (actual instanceof Boolean b) {
            return lit.equalsIgnoreCase(b.toString());
        }
        BigDecimal number = actual instanceof CharSequence ? null : toDecimal(actual);
        if (number != null) {
            BigDecimal n = parseDecimal(lit);
            return n != null && n.compareTo(number) == 0;
        }
        if (!(actual instanceof CharSequence)) {
            Instant at = toInstant(actual);
            if (at != null) {
                Instant expected = toInstant(lit);
                return expected != null && expected.equals(at);
            }
        }
        return text(actual).equals(lit);
    }

    /**
     * Compares two captured values: quantities (the second converted to the first's unit), numbers, date-times,
     * strings (lexicographically), booleans (equality only).
     */
    public static int compare(Object a, Object b, Comparison op) throws IncomparableException {
        if (a == null || b == null) {
            throw new IncomparableException("cannot compare " + describe(a) + " with " + describe(b));
        }
        if (a instanceof Quantity qa && b instanceof Quantity qb) {
            Quantity bb = qb.to(qa.unit()).orElseThrow(() -> new IncomparableException("cannot compare " + qa
                    + " with " + qb + ": the units do not convert"));
            return qa.value().compareTo(bb.value());
        }
        if (a instanceof Quantity || b instanceof Quantity) {
            throw new IncomparableException("cannot compare " + describe(a) + " with " + describe(b)
                    + ": only one is a quantity");
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            if (!(a instanceof Boolean && b instanceof Boolean)) {
                throw new IncomparableException("cannot compare " + describe(a) + " with " + describe(b));
            }
            if (op != Comparison.EQ && op != Comparison.NE) {
                throw new IncomparableException("booleans can only be compared with == or !=");
            }
            return a.equals(b) ? 0 : 1;
        }
        if (a instanceof CharSequence sa && b instanceof CharSequence sb) {
            return sa.toString().compareTo(sb.toString());
        }
        BigDecimal na = a instanceof CharSequence ? null : toDecimal(a);
        BigDecimal nb = b instanceof CharSequence ? null : toDecimal(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        Instant ia = toInstant(a);
        Instant ib = toInstant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (size(a) >= 0 && size(b) >= 0 && (op == Comparison.EQ || op == Comparison.NE)) {
            return a.equals(b) ? 0 : 1;
        }
        throw new IncomparableException("cannot compare " + describe(a) + " with " + describe(b));
    }

    static String text(Object v) {
        return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    private static BigDecimal parseDecimal(String s) {
        try {
            return new BigDecimal(s.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code "100 kWh"} as a quantity, if the text is a number and a known unit. */
    static Optional<Quantity> parseQuantity(String s) {
        String[] parts = s.trim().split("\\s+");
        if (parts.length != 2 || !Quantity.isKnownUnit(parts[1])) {
            return Optional.empty();
        }
        BigDecimal n = parseDecimal(parts[0]);
        return n == null ? Optional.empty() : Optional.of(new Quantity(n, parts[1]));
    }

    static Instant toInstant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof CharSequence s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    static int size(Object v) {
        if (v instanceof Collection<?> c) {
            return c.size();
        }
        if (v instanceof Object[] a) {
            return a.length;
        }
        return -1;
    }
}
