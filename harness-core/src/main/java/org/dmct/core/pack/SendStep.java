package org.dmct.core.pack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmct.core.dcc.SignatureMode;
import org.dmct.core.model.DeviceType;

/**
 * Sends a service request to the DMC's device of type {@code to} and checks the response.
 *
 * @param params request parameters in pack order, as written (String, List or Map values); packs hold no secrets
 * @param commandVariant the DUIS command variant; defaulted by the loader (8 non-device, 4 critical, else 1)
 * @param attempts how many times the request may be sent until the expectation is met; every attempt is evidence
 * @param capture capture name to the {@link ValuePath} of the response value it keeps, for later {@link CheckStep}s
 *                and {@link CompareCheck}s
 * @param signature how the Supplier signs a critical request's Pre-Command ({@code valid} unless a refusal test says
 *                  otherwise); ignored for requests that are not critical
 * @param compare relations between values of this response and values captured earlier; judged after the
 *                expectation, before this step's captures are taken
 */
public record SendStep(String srv, DeviceType to, Map<String, Object> params, int commandVariant, int attempts,
                       Expectation expect, Map<String, String> capture, List<CompareCheck> compare,
                       SignatureMode signature, int line)
        implements Step {
    public SendStep {
        signature = signature == null ? SignatureMode.VALID : signature;
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        capture = Collections.unmodifiableMap(new LinkedHashMap<>(capture));
        compare = List.copyOf(compare);
    }

    public SendStep(String srv, DeviceType to, Map<String, Object> params, int commandVariant, int attempts,
                    Expectation expect, Map<String, String> capture, int line) {
        this(srv, to, params, commandVariant, attempts, expect, capture, List.of(), SignatureMode.VALID, line);
    }

    public SendStep(String srv, DeviceType to, Map<String, Object> params, int commandVariant, int attempts,
                    Expectation expect, Map<String, String> capture, List<CompareCheck> compare, int line) {
        this(srv, to, params, commandVariant, attempts, expect, capture, compare, SignatureMode.VALID, line);
    }
}
