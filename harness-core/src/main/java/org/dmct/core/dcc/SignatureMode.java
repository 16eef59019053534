package org.dmct.core.dcc;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the harness, acting as the Supplier, signs a critical request's Pre-Command before it returns it to the DCC as a
 * Signed Pre-Command (command variant 5). Only {@link #VALID} should pass the DCC's check; the others are the refusal
 * paths of the SRV pack: an unauthorised critical request without a valid signature.
 */
public enum SignatureMode {
    /** Signed with the Supplier's registered key over exactly the Pre-Command sent. */
    VALID("valid"),
    /** Sent with no signature at all. */
    MISSING("missing"),
    /** Signed correctly, then the Pre-Command was changed after signing (one bit of its bytes flipped, as tampering
     *  or a corrupting relay would), so the signature no longer covers what is delivered. */
    ALTERED("altered"),
    /** Signed with a key the DCC has not registered for the Supplier (an unauthorised party's key). */
    WRONG_KEY("wrongKey");

    private final String text;

    SignatureMode(String text) {
        this.text = text;
    }

    /** As written in packs and evidence. */
    public String text() {
        return text;
    }

    public static Optional<SignatureMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.text.equalsIgnoreCase(text.trim())).findFirst();
    }
}
