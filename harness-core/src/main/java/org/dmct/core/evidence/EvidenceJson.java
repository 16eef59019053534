package org.dmct.core.evidence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.Map;
import org.dmct.core.model.Quantity;

/**
 * The JSON conventions of evidence, manifest and reports: times as ISO-8601 UTC with milliseconds, decimals written
 * plainly (never {@code 1.2E+6}), quantities as {@code {value, unit}}, datetimes as ISO-8601 text with their offset,
 * bytes as lower-case hex.
 */
public final class EvidenceJson {
    /** {@code 2025-01-31T12:00:00.000Z}. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidenceJson() {
    }

    /** The shared mapper (compact output). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper with indented output, for the manifest and report.json. */
    public static ObjectMapper prettyMapper() {
        return PRETTY;
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Converts a value a response, request or record may hold into JSON. Unknown objects become their text. */
    public static JsonNode toJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return f.numberNode(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return f.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? f.numberNode(BigDecimal.valueOf(d)) : f.textNode(Double.toString(d));
        }
        if (value instanceof Quantity q) {
            ObjectNode n = f.objectNode();
            n.set("value", f.numberNode(q.value()));
            n.put("unit", q.unit());
            return n;
        }
        if (value instanceof Instant i) {
            return f.textNode(i.toString());
        }
        if (value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            return f.textNode(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((TemporalAccessor) value));
        }
        if (value instanceof byte[] bytes) {
            return f.textNode(HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Enum<?> e) {
            return f.textNode(e.name());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode n = f.objectNode();
            map.forEach((k, v) -> n.set(String.valueOf(k), toJson(v)));
            return n;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode a = f.arrayNode();
            items.forEach(i -> a.add(toJson(i)));
            return a;
        }
        if (value instanceof Object[] items) {
            ArrayNode a = f.arrayNode();
            for (Object i : items) {
                a.add(toJson(i));
            }
            return a;
        }
        return f.textNode(value.toString());
    }
}
