package org.dmct.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One parsed line of an evidence log: its line number, and the JSON object with its common fields at hand. */
public record EvidenceRecord(long line, long seq, String time, String type, ObjectNode json) {
    /** A text field, or {@code null} when absent or JSON null. */
    public String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public long number(String field) {
        JsonNode n = json.get(field);
        return n == null ? 0 : n.asLong();
    }

    public boolean flag(String field) {
        JsonNode n = json.get(field);
        return n != null && n.asBoolean();
    }

    public JsonNode get(String field) {
        return json.get(field);
    }
}
