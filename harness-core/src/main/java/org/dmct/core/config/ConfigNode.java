package org.dmct.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One value of a {@link ConfigDocument}: a scalar, a mapping or a sequence, with its line, column and field path.
 * Typed accessors validate as they read: a wrong type, a value out of range or a missing required field is
 * recorded as a problem of the document and the accessor returns an empty result, so a loader can read the whole
 * file and report every problem together. A field that is absent is represented by a "missing" node placed at
 * its parent, so that errors about it still point at a line.
 */
public final class ConfigNode {
    /** What kind of YAML value this is. */
    public enum Kind { SCALAR, MAPPING, SEQUENCE, MISSING }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private final ConfigDocument document;
    private final String path;
    private final int line;
    private final int column;
    private final Kind kind;
    private final String text;
    private final Map<String, ConfigNode> fields;
    private final List<ConfigNode> items;

    private ConfigNode(ConfigDocument document, String path, int line, int column, Kind kind, String text,
                       Map<String, ConfigNode> fields, List<ConfigNode> items) {
        this.document = document;
        this.path = path;
        this.line = line;
        this.column = column;
        this.kind = kind;
        this.text = text;
        this.fields = fields;
        this.items = items;
    }

    static ConfigNode scalar(ConfigDocument doc, String path, int line, int column, String text) {
        return new ConfigNode(doc, path, line, column, Kind.SCALAR, text, Map.of(), List.of());
    }

    static ConfigNode mapping(ConfigDocument doc, String path, int line, int column, Map<String, ConfigNode> fields) {
        return new ConfigNode(doc, path, line, column, Kind.MAPPING, null, Collections.unmodifiableMap(fields), List.of());
    }

    static ConfigNode sequence(ConfigDocument doc, String path, int line, int column, List<ConfigNode> items) {
        return new ConfigNode(doc, path, line, column, Kind.SEQUENCE, null, Map.of(), List.copyOf(items));
    }

    static ConfigNode missing(ConfigDocument doc, String path, int line, int column) {
        return new ConfigNode(doc, path, line, column, Kind.MISSING, null, Map.of(), List.of());
    }

    public ConfigDocument document() {
        return document;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isMissing() {
        return kind == Kind.MISSING;
    }

    public boolean isPresent() {
        return kind != Kind.MISSING && !(kind == Kind.SCALAR && text == null);
    }

    public boolean isMapping() {
        return kind == Kind.MAPPING;
    }

    public boolean isSequence() {
        return kind == Kind.SEQUENCE;
    }

    public boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    /** Records a problem located at this node. */
    public void problem(String message) {
        if (kind == Kind.MISSING && message.startsWith("missing required") && document.isAbsenceExplained(path)) {
            return;
        }
        document.problem(this, message);
    }

    // ---- mappings -------------------------------------------------------------------------------------------

    /** The named field of this mapping, or a missing node located here when absent (or when this is no mapping). */
    public ConfigNode get(String key) {
        ConfigNode child = fields.get(key);
        if (child != null) {
            return child;
        }
        String childPath = path.isEmpty() ? key : path + "." + key;
        return missing(document, childPath, line, column);
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    public Set<String> keys() {
        return fields.keySet();
    }

    public Map<String, ConfigNode> fields() {
        return fields;
    }

    /**
     * Checks this node is a mapping whose keys are all among {@code allowed}; each unknown key is a problem
     * naming the closest allowed key, since most unknown keys are typos.
     */
    public boolean expectMapping(String... allowed) {
        if (kind == Kind.MISSING) {
            problem("missing required section");
            return false;
        }
        if (kind != Kind.MAPPING) {
            problem("expected a mapping (key: value lines), found " + describe());
            return false;
        }
        List<String> allowedList = Arrays.asList(allowed);
        for (Map.Entry<String, ConfigNode> e : fields.entrySet()) {
            if (!allowedList.contains(e.getKey())) {
                Optional<String> intended = closest(e.getKey(), allowedList);
                String hint = intended.map(s -> "; did you mean '" + s + "'?")
                        .orElse("; allowed: " + String.join(", ", allowedList));
                e.getValue().problem("unknown field '" + e.getKey() + "'" + hint);
                // The typo already explains why the intended field is absent; do not report that twice.
                intended.filter(s -> !fields.containsKey(s))
                        .ifPresent(s -> document.explainAbsence(path.isEmpty() ? s : path + "." + s));
            }
        }
        return true;
    }

    // ---- sequences ------------------------------------------------------------------------------------------

    /** Items of a sequence; a missing optional sequence is empty; anything else is a problem. */
    public List<ConfigNode> items() {
        if (kind == Kind.SEQUENCE) {
            return items;
        }
        if (kind != Kind.MISSING && !(kind == Kind.SCALAR && text == null)) {
            problem("expected a list, found " + describe());
        }
        return List.of();
    }

    /** Items of a sequence that must be present and not empty. */
    public List<ConfigNode> requiredItems() {
        if (kind == Kind.MISSING) {
            problem("missing required field");
            return List.of();
        }
        List<ConfigNode> list = items();
        if (kind == Kind.SEQUENCE && list.isEmpty()) {
            problem("must not be empty");
        }
        return list;
    }

    // ---- scalars --------------------------------------------------------------------------------------------

    /** The scalar text, or empty when absent; a non-scalar is a problem. */
    public Optional<String> optionalText() {
        if (kind == Kind.MISSING || (kind == Kind.SCALAR && text == null)) {
            return Optional.empty();
        }
        if (kind != Kind.SCALAR) {
            problem("expected a single value, found " + describe());
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** The scalar text; absent or blank is a problem and yields empty. */
    public Optional<String> requiredText() {
        if (kind == Kind.MISSING || (kind == Kind.SCALAR && text == null)) {
            problem("missing required field");
            return Optional.empty();
        }
        Optional<String> value = optionalText();
        if (value.isPresent() && value.get().isBlank()) {
            problem("must not be blank");
            return Optional.empty();
        }
        return value;
    }

    /** The raw scalar text or null, without recording anything: for callers that interpret it themselves. */
    public String textOrNull() {
        return kind == Kind.SCALAR ? text : null;
    }

    public Optional<Long> optionalLong(long min, long max) {
        return optionalText().flatMap(s -> parseLong(s, min, max));
    }

    public Optional<Long> requiredLong(long min, long max) {
        return requiredText().flatMap(s -> parseLong(s, min, max));
    }

    public Optional<Integer> optionalInt(int min, int max) {
        return optionalLong(min, max).map(Long::intValue);
    }

    public Optional<Integer> requiredInt(int min, int max) {
        return requiredLong(min, max).map(Long::intValue);
    }

    public Optional<BigDecimal> optionalDecimal() {
        return optionalText().flatMap(this::parseDecimal);
    }

    public Optional<Boolean> optionalBoolean() {
        return optionalText().flatMap(s -> {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on":
                    return Optional.of(true);
                case "false": case "no": case "off":
                    return Optional.of(false);
                default:
                    problem("expected true or false, found '" + s + "'");
                    return Optional.empty();
            }
        });
    }

    /** A duration written as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}. */
    public Optional<Duration> optionalDuration() {
        return optionalText().flatMap(s -> {
            Optional<Duration> d = parseDuration(s);
            if (d.isEmpty()) {
                problem("expected a duration such as 500ms, 5s, 2m or PT5S, found '" + s + "'");
            }
            return d;
        });
    }

    public Optional<Duration> requiredDuration() {
        if (!isPresent()) {
            problem("missing required field");
            return Optional.empty();
        }
        return optionalDuration();
    }

    /** Parses the duration syntax accepted in configuration files, without recording problems. */
    public static Optional<Duration> parseDuration(String s) {
        String t = s.trim();
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            BigDecimal millis;
            switch (m.group(2)) {
                case "ms": millis = amount; break;
                case "s": millis = amount.movePointRight(3); break;
                case "m": millis = amount.multiply(BigDecimal.valueOf(60_000)); break;
                case "h": millis = amount.multiply(BigDecimal.valueOf(3_600_000)); break;
                default: millis = amount.multiply(BigDecimal.valueOf(86_400_000)); break;
            }
            return Optional.of(Duration.ofMillis(millis.longValue()));
        }
        try {
            return Optional.of(Duration.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An enum constant written in any case, with {@code -} standing for {@code _}; others are a problem listing the choices. */
    public <E extends Enum<E>> Optional<E> optionalEnum(Class<E> type) {
        return optionalText().flatMap(s -> parseEnum(type, s));
    }

    public <E extends Enum<E>> Optional<E> requiredEnum(Class<E> type) {
        return requiredText().flatMap(s -> parseEnum(type, s));
    }

    private <E extends Enum<E>> Optional<E> parseEnum(Class<E> type, String s) {
        String wanted = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return Optional.of(e);
            }
        }
        problem("'" + s + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ")));
        return Optional.empty();
    }

    private Optional<Long> parseLong(String s, long min, long max) {
        String t = s.trim().replace("_", "");
        long value;
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                value = Long.parseLong(t.substring(2), 16);
            } else {
                value = Long.parseLong(t);
            }
        } catch (NumberFormatException e) {
            problem("expected a whole number, found '" + s + "'");
            return Optional.empty();
        }
        if (value < min || value > max) {
            problem(value + " is out of range " + min + ".." + max);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private Optional<BigDecimal> parseDecimal(String s) {
        try {
            return Optional.of(new BigDecimal(s.trim().replace("_", "")));
        } catch (NumberFormatException e) {
            problem("expected a number, found '" + s + "'");
            return Optional.empty();
        }
    }

    private String describe() {
        switch (kind) {
            case MAPPING: return "a mapping";
            case SEQUENCE: return "a list";
            case MISSING: return "nothing";
            default: return text == null ? "null" : "'" + text + "'";
        }
    }

    /** The allowed word closest to a typo, if it is close enough to be a plausible intent. */
    public static Optional<String> closest(String typo, List<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(c -> editDistance(typo.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT))))
                .filter(c -> editDistance(typo.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT))
                        <= Math.max(2, c.length() / 3));
    }

    /** The Levenshtein distance between two words: how typos are matched to what was meant. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    @Override
    public String toString() {
        return path + "@" + line + ":" + column + "=" + describe();
    }
}
