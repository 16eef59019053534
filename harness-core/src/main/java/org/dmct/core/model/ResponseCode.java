package org.dmct.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The DCC response codes a service request can end with (DUIS response codes as listed in SMETS1-REFERENCE).
 * Adapters answer with the code the DCC would give: E11 for an SRV the device model does not support, E20 when
 * the device cannot be reached, E21 when it does not answer in time.
 */
public enum ResponseCode {
    I0("success"),
    I99("acknowledgement: the result follows later"),
    E1("failed authorisation: invalid user / user role"),
    E2("failed authorisation: user role not permitted to send this service reference"),
    E3("failed authorisation: user status not permitted"),
    E4("failed authorisation: user role not authorised for the device"),
    E5("failed authorisation: device status incompatible with the service reference"),
    E11("service request not valid for this device type"),
    E12("invalid request / command variant combination"),
    E13("invalid request type for the URL"),
    E17("not available for local command services"),
    E19("device unknown"),
    E20("cannot communicate with the device"),
    E21("no response from the device"),
    E30("future-dated command timed out"),
    /**
     * Not a DUIS response code: the DCC refused the request at its interface because it does not conform to the SRV's
     * definition (a missing, undefined or malformed parameter), as DUIS does with a request that fails schema
     * validation, before any response code is given.
     */
    REJECTED("request rejected by the DCC's validation: it does not conform to the SRV's definition");

    private final String meaning;

    ResponseCode(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public boolean isSuccess() {
        return this == I0 || this == I99;
    }

    /** Parses a code as written in packs ("I0", "e11"); empty if it is not a known code. */
    public static Optional<ResponseCode> parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(t)).findFirst();
    }
}
