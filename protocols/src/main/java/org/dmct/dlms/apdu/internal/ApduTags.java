package org.dmct.dlms.apdu.internal;

import java.util.Map;

/**
 * APDU tag values and their standard names, so that failures can say "glo-get-request (0xC8) is
 * not supported" instead of just printing a number.
 */
public final class ApduTags {

    /** initiate-request. */
    public static final int INITIATE_REQUEST = 0x01;
    /** initiate-response. */
    public static final int INITIATE_RESPONSE = 0x08;
    /** confirmed-service-error. */
    public static final int CONFIRMED_SERVICE_ERROR = 0x0E;
    /** data-notification. */
    public static final int DATA_NOTIFICATION = 0x0F;
    /** AARQ. */
    public static final int AARQ = 0x60;
    /** AARE. */
    public static final int AARE = 0x61;
    /** RLRQ. */
    public static final int RLRQ = 0x62;
    /** RLRE. */
    public static final int RLRE = 0x63;
    /** get-request. */
    public static final int GET_REQUEST = 0xC0;
    /** set-request. */
    public static final int SET_REQUEST = 0xC1;
    /** event-notification-request. */
    public static final int EVENT_NOTIFICATION_REQUEST = 0xC2;
    /** action-request. */
    public static final int ACTION_REQUEST = 0xC3;
    /** get-response. */
    public static final int GET_RESPONSE = 0xC4;
    /** set-response. */
    public static final int SET_RESPONSE = 0xC5;
    /** action-response. */
    public static final int ACTION_RESPONSE = 0xC7;
    /** exception-response. */
    public static final int EXCEPTION_RESPONSE = 0xD8;
    /** general-glo-ciphering. */
    public static final int GENERAL_GLO_CIPHERING = 0xDB;

    /**
     * Plain tag to glo- tag. The initiate, confirmed-service-error and SN services move by 32
     * ([1] to [33], ...), the LN services by 8 ([192] to [200], ...); the ded- tags are the glo-
     * ones plus 32 (initiate, SN) or plus 8 (LN), which is how the Green Book numbers them.
     */
    private static final Map<Integer, Integer> GLO_OF_PLAIN = Map.ofEntries(
            Map.entry(0x01, 0x21), Map.entry(0x05, 0x25), Map.entry(0x06, 0x26), Map.entry(0x08, 0x28),
            Map.entry(0x0C, 0x2C), Map.entry(0x0D, 0x2D), Map.entry(0x0E, 0x2E), Map.entry(0x16, 0x36),
            Map.entry(0x18, 0x38), Map.entry(0xC0, 0xC8), Map.entry(0xC1, 0xC9), Map.entry(0xC2, 0xCA),
            Map.entry(0xC3, 0xCB), Map.entry(0xC4, 0xCC), Map.entry(0xC5, 0xCD), Map.entry(0xC7, 0xCF));

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x01, "initiate-request"), Map.entry(0x05, "read-request"),
            Map.entry(0x06, "write-request"), Map.entry(0x08, "initiate-response"),
            Map.entry(0x0C, "read-response"), Map.entry(0x0D, "write-response"),
            Map.entry(0x0E, "confirmed-service-error"), Map.entry(0x0F, "data-notification"),
            Map.entry(0x16, "unconfirmed-write-request"), Map.entry(0x18, "information-report-request"),
            Map.entry(0x21, "glo-initiate-request"), Map.entry(0x25, "glo-read-request"),
            Map.entry(0x26, "glo-write-request"), Map.entry(0x28, "glo-initiate-response"),
            Map.entry(0x2C, "glo-read-response"), Map.entry(0x2D, "glo-write-response"),
            Map.entry(0x2E, "glo-confirmed-service-error"), Map.entry(0x36, "glo-unconfirmed-write-request"),
            Map.entry(0x38, "glo-information-report-request"), Map.entry(0x41, "ded-initiate-request"),
            Map.entry(0x45, "ded-read-request"), Map.entry(0x46, "ded-write-request"),
            Map.entry(0x48, "ded-initiate-response"), Map.entry(0x4C, "ded-read-response"),
            Map.entry(0x4D, "ded-write-response"), Map.entry(0x4E, "ded-confirmed-service-error"),
            Map.entry(0x56, "ded-unconfirmed-write-request"), Map.entry(0x58, "ded-information-report-request"),
            Map.entry(0x60, "AARQ"), Map.entry(0x61, "AARE"), Map.entry(0x62, "RLRQ"), Map.entry(0x63, "RLRE"),
            Map.entry(0xC0, "get-request"), Map.entry(0xC1, "set-request"),
            Map.entry(0xC2, "event-notification-request"), Map.entry(0xC3, "action-request"),
            Map.entry(0xC4, "get-response"), Map.entry(0xC5, "set-response"), Map.entry(0xC7, "action-response"),
            Map.entry(0xC8, "glo-get-request"), Map.entry(0xC9, "glo-set-request"),
            Map.entry(0xCA, "glo-event-notification-request"), Map.entry(0xCB, "glo-action-request"),
            Map.entry(0xCC, "glo-get-response"), Map.entry(0xCD, "glo-set-response"),
            Map.entry(0xCF, "glo-action-response"), Map.entry(0xD0, "ded-get-request"),
            Map.entry(0xD1, "ded-set-request"), Map.entry(0xD2, "ded-event-notification-request"),
            Map.entry(0xD3, "ded-action-request"), Map.entry(0xD4, "ded-get-response"),
            Map.entry(0xD5, "ded-set-response"), Map.entry(0xD7, "ded-action-response"),
            Map.entry(0xD8, "exception-response"), Map.entry(0xD9, "access-request"),
            Map.entry(0xDA, "access-response"), Map.entry(0xDB, "general-glo-ciphering"),
            Map.entry(0xDC, "general-ded-ciphering"), Map.entry(0xDD, "general-ciphering"),
            Map.entry(0xDF, "general-signing"), Map.entry(0xE0, "general-block-transfer"));

    private ApduTags() { }

    /**
     * @param tag an APDU tag
     * @return its standard name, or null if it is not an APDU tag
     */
    public static String name(int tag) {
        return NAMES.get(tag);
    }

    /**
     * @param plainTag the tag of an unprotected xDLMS APDU
     * @return the tag of its glo- ciphered form, or -1 if it has none (e.g. exception-response)
     */
    public static int gloTagOf(int plainTag) {
        return GLO_OF_PLAIN.getOrDefault(plainTag, -1);
    }

    /**
     * @param cipheredTag a glo- or ded- ciphered tag
     * @return the tag of the plain APDU it must carry, or -1 if it is not such a tag
     */
    public static int plainTagOf(int cipheredTag) {
        int glo = isDedicatedCiphered(cipheredTag)
                ? cipheredTag - (cipheredTag >= 0xC0 ? 8 : 32) : cipheredTag;
        for (Map.Entry<Integer, Integer> e : GLO_OF_PLAIN.entrySet()) {
            if (e.getValue() == glo) {
                return e.getKey();
            }
        }
        return -1;
    }

    /**
     * @param tag an APDU tag
     * @return true for the glo- ciphered service APDUs
     */
    public static boolean isGlobalCiphered(int tag) {
        return GLO_OF_PLAIN.containsValue(tag);
    }

    /**
     * @param tag an APDU tag
     * @return true for the ded- ciphered service APDUs
     */
    public static boolean isDedicatedCiphered(int tag) {
        if (tag >= 0xD0 && tag <= 0xD7) {
            return tag != 0xD6 && GLO_OF_PLAIN.containsValue(tag - 8);
        }
        return tag >= 0x41 && tag <= 0x58 && GLO_OF_PLAIN.containsValue(tag - 32);
    }

    /**
     * @param tag an APDU tag
     * @return true for every glo- or ded- ciphered service APDU, which share one layout
     */
    public static boolean isServiceCiphered(int tag) {
        return isGlobalCiphered(tag) || isDedicatedCiphered(tag);
    }

    /**
     * Tells whether a tag is a ciphered or otherwise protected APDU that the security layer, not
     * this codec, interprets; such APDUs may sit in an AARQ/AARE user-information.
     *
     * @param tag an APDU tag
     * @return true for glo-/ded- initiate and confirmed-service-error APDUs and the general ciphering APDUs
     */
    public static boolean isProtectedUserInformation(int tag) {
        return tag == 0x21 || tag == 0x28 || tag == 0x2E || tag == 0x41 || tag == 0x48 || tag == 0x4E
                || tag == 0xDB || tag == 0xDC || tag == 0xDD || tag == 0xDF;
    }
}
