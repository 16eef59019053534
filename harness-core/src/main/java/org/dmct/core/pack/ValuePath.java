package org.dmct.core.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a value sits in a response: a value key, optionally followed by {@code .field} steps into a structure and
 * {@code [n]} steps into a list ({@code [-1]} is the last entry), e.g. {@code activeImportTotal},
 * {@code profile[-1].value}, {@code balance.credit}. Packs use it in {@code capture}, {@code compare} and
 * {@code expect.values}; a plain key is a path of one step, so existing packs read the same.
 */
public final class ValuePath {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[(-?[0-9]{1,6})]");

    private final String text;
    private final List<Object> steps;

    private ValuePath(String text, List<Object> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** Parses a path; empty when it is not one (the loader reports that with the field's position). */
    public static Optional<ValuePath> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        Matcher head = WORD.matcher(t);
        if (!head.lookingAt()) {
            return Optional.empty();
        }
        List<Object> steps = new ArrayList<>();
        steps.add(head.group());
        int at = head.end();
        Matcher m = STEP.matcher(t);
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
            at = m.end();
        }
        return Optional.of(new ValuePath(t, steps));
    }

    /** The response value key the path starts from. */
    public String key() {
        return (String) steps.get(0);
    }

    /** True when the path is just a key. */
    public boolean isKey() {
        return steps.size() == 1;
    }

    /**
     * Follows the path through response values. Empty when a step does not exist (a missing key or field, an index
     * past the end); a present {@code null} value is a present value (Optional cannot hold it, so it is
     * {@link #NULL}).
     */
    public Optional<Object> find(Map<String, Object> values) {
        Object current = values;
        for (Object step : steps) {
            if (step instanceof String field) {
                if (!(current instanceof Map<?, ?> map) || !map.containsKey(field)) {
                    return Optional.empty();
                }
                current = map.get(field);
            } else {
                int index = (Integer) step;
                if (!(current instanceof List<?> list)) {
                    return Optional.empty();
                }
                int i = index < 0 ? list.size() + index : index;
                if (i < 0 || i >= list.size()) {
                    return Optional.empty();
                }
                current = list.get(i);
            }
        }
        return Optional.of(current == null ? NULL : current);
    }

    /** Stands for a value that is present but null, so that callers can tell it from an absent one. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValuePath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
