package org.dmct.core.dcc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.dmct.core.model.ServiceRequest;

/**
 * A critical request as it returns to the DCC after the Supplier has signed it (command variant 5): the Pre-Command's
 * bytes as delivered, the signature over them (absent when unsigned), the signing public key's id, and how the
 * harness made it ({@link SignatureMode}). The Pre-Command is the request's canonical JSON (keys sorted, UTF-8):
 * request id, SRV, device id and type, command variant and parameters; an auditor can rebuild it from the evidence
 * record and check the signature with the registered key the run records.
 */
public record SignedPreCommand(byte[] payload, byte[] signature, String signerKeyId, SignatureMode mode) {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** The canonical Pre-Command bytes of {@code request}. */
    public static byte[] preCommand(ServiceRequest request) {
        Map<String, Object> m = new TreeMap<>();
        m.put("requestId", request.requestId());
        m.put("srv", request.srv());
        m.put("deviceId", request.deviceId());
        m.put("deviceType", request.deviceType().name());
        m.put("commandVariant", request.commandVariant());
        m.put("params", new TreeMap<>(request.parameters()));
        try {
            return CANONICAL.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request " + request.requestId() + " cannot be written as a Pre-Command: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The fields of the {@code request} evidence record that show the signature. */
    public Map<String, Object> evidence() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.text());
        m.put("preCommandSha256", org.dmct.core.internal.Hashing.sha256Hex(payload));
        m.put("algorithm", signature == null ? null : "ECDSA P-256 SHA-256 (DER)");
        m.put("value", signature == null ? null : Base64.getEncoder().encodeToString(signature));
        m.put("signerKeyId", signerKeyId);
        return m;
    }
}
