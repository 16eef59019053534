package org.dmct.dlms.apdu;

import java.util.Objects;
import org.dmct.dlms.axdr.DlmsData;

/**
 * The Selective-Access-Descriptor of a GET or SET: an access selector defined by the interface
 * class (for profile generic, 1 = range by value, 2 = by entry) and its parameters.
 *
 * @param accessSelector 0..255
 * @param parameters the selector's parameters
 */
public record SelectiveAccess(int accessSelector, DlmsData parameters) {

    /** Range and null checks. */
    public SelectiveAccess {
        if (accessSelector < 0 || accessSelector > 255) {
            throw new IllegalArgumentException("access selector is an Unsigned8, got " + accessSelector);
        }
        Objects.requireNonNull(parameters, "parameters");
    }
}
