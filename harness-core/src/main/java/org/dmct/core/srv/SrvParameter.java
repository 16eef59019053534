package org.dmct.core.srv;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter of an SRV as the DCC's request definition gives it (the part of the DUIS schema the harness models):
 * its kind, whether it is required, and the bounds a well-formed value keeps. The DCC refuses a request whose
 * parameters do not conform before anything reaches a device; {@link #problem(Object)} says why a value does not.
 *
 * @param kind {@code integer} (a whole number, or its decimal text, within {@code min}..{@code max}),
 *             {@code integerList} (a list of integers, or their comma-separated text, each within min..max, at
 *             most {@code maxLength} of them), {@code text} (matching {@code pattern} when given, at most
 *             {@code maxLength} characters),
 *             {@code dateTime} (ISO-8601 with offset, or one of {@code values} such as {@code now}),
 *             {@code choice} (one of {@code values}), {@code any} (checked by the adapter, not here)
 * @param conceal a refusal never quotes the value (a parameter where a key written in clear by mistake would land)
 */
public record SrvParameter(String name, String kind, boolean required, BigDecimal min, BigDecimal max,
                           Pattern pattern, Integer maxLength, List<String> values, String description,
                           boolean conceal) {
    public static final List<String> KINDS = List.of("integer", "integerList", "text", "dateTime", "choice", "any");

    public SrvParameter {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** Why {@code value} is not a well-formed value of this parameter; empty when it is. */
    public Optional<String> problem(Object value) {
        return switch (kind) {
            case "integer" -> integerProblem(value);
            case "integerList" -> integerListProblem(value);
            case "text" -> textProblem(value);
            case "dateTime" -> dateTimeProblem(value);
            case "choice" -> values.contains(String.valueOf(value)) ? Optional.empty()
                    : Optional.of("'" + value + "' is not one of " + values);
            default -> Optional.empty();
        };
    }

    private Optional<String> integerProblem(Object value) {
        BigDecimal n = number(value);
        if (n == null) {
            return Optional.of("'" + value + "' is not a whole number");
        }
        return range(n, "");
    }

    private Optional<String> integerListProblem(Object value) {
        List<?> items = value instanceof List<?> l ? l : value instanceof String s && !s.isBlank()
                ? List.of(s.split(",", -1)) : null;
        if (items == null || items.isEmpty()) {
            return Optional.of("'" + value + "' is not a list of whole numbers (a list, or \"2860,1420\")");
        }
        if (maxLength != null && items.size() > maxLength) {
            return Optional.of("has " + items.size() + " items, more than " + maxLength);
        }
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i) instanceof String s ? s.trim() : items.get(i);
            BigDecimal n = number(item);
            if (n == null) {
                return Optional.of("item " + (i + 1) + " '" + item + "' is not a whole number");
            }
            Optional<String> out = range(n, "item " + (i + 1) + " ");
            if (out.isPresent()) {
                return out;
            }
        }
        return Optional.empty();
    }

    private Optional<String> textProblem(Object value) {
        if (!(value instanceof String s)) {
            return Optional.of("expected text, found " + (value instanceof List ? "a list" : value instanceof
                    java.util.Map ? "a mapping" : "'" + value + "'"));
        }
        if (maxLength != null && s.length() > maxLength) {
            return Optional.of("is " + s.length() + " characters long, more than " + maxLength);
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            return Optional.of((conceal ? "the value (not shown)" : shown(s)) + " does not match " + (description == null ? pattern.pattern() : description));
        }
        return Optional.empty();
    }

    /** A value as a refusal shows it: quoted, and cut short so an image or a long text does not fill the evidence. */
    private static String shown(String s) {
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 60) + "...' (" + s.length() + " characters)";
    }

    private Optional<String> dateTimeProblem(Object value) {
        String s = String.valueOf(value);
        if (values.contains(s)) {
            return Optional.empty();
        }
        try {
            OffsetDateTime.parse(s);
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of(shown(s) + " is not an ISO-8601 date-time with offset"
                    + (values.isEmpty() ? "" : " nor one of " + values));
        }
    }

    private Optional<String> range(BigDecimal n, String prefix) {
        if (min != null && n.compareTo(min) < 0) {
            return Optional.of(prefix + n.toPlainString() + " is below the minimum " + min.toPlainString());
        }
        if (max != null && n.compareTo(max) > 0) {
            return Optional.of(prefix + n.toPlainString() + " is above the maximum " + max.toPlainString());
        }
        return Optional.empty();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof String s && s.trim().matches("[+-]?\\d+")) {
            return new BigDecimal(s.trim());
        }
        return null;
    }
}
