package org.dmct.dlms.apdu;

import java.util.Optional;

/**
 * The DLMS application context names, OIDs {@code 2.16.756.5.8.1.x}: which referencing (LN or
 * SN) an association uses and whether its xDLMS APDUs are ciphered.
 */
public enum ApplicationContextName {
    /** Logical name referencing, no ciphering (id 1). */
    LN_NO_CIPHERING(1),
    /** Short name referencing, no ciphering (id 2). */
    SN_NO_CIPHERING(2),
    /** Logical name referencing with ciphering (id 3). */
    LN_CIPHERING(3),
    /** Short name referencing with ciphering (id 4). */
    SN_CIPHERING(4);

    private final int id;

    ApplicationContextName(int id) {
        this.id = id;
    }

    /**
     * @return the last arc of the OID
     */
    public int id() {
        return id;
    }

    /**
     * @return the OID in dotted form
     */
    public String oid() {
        return "2.16.756.5.8.1." + id;
    }

    /**
     * @param id the last arc
     * @return the name, empty if not a defined one
     */
    public static Optional<ApplicationContextName> fromId(int id) {
        for (ApplicationContextName n : values()) {
            if (n.id == id) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }
}
