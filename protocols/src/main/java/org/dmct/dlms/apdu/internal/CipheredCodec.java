package org.dmct.dlms.apdu.internal;

import io.netty.buffer.ByteBuf;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.GeneralGloCipheredApdu;
import org.dmct.dlms.axdr.AxdrLength;
import org.dmct.dlms.axdr.internal.AxdrReader;

/**
 * Wire layout of the ciphered APDUs: the glo-/ded- service APDUs ({@code tag, length, SC, IC,
 * payload}) and general-glo-ciphering ({@code 0xDB, length, system title, length, SC, IC,
 * payload}). Only the framing is checked here; whether the payload authenticates is the security
 * layer's business.
 */
public final class CipheredCodec {

    /** Security control byte plus 4-byte invocation counter. */
    private static final int SECURITY_HEADER_LENGTH = 5;

    private CipheredCodec() { }

    /**
     * @param apdu the APDU
     * @param out where to write
     */
    public static void encodeCiphered(CipheredApdu apdu, ByteBuf out) {
        out.writeByte(apdu.tag());
        writeContent(apdu.securityControl(), apdu.invocationCounter(), apdu.payload(), out);
    }

    /**
     * @param apdu the APDU
     * @param out where to write
     */
    public static void encodeGeneralGlo(GeneralGloCipheredApdu apdu, ByteBuf out) {
        out.writeByte(ApduTags.GENERAL_GLO_CIPHERING);
        byte[] title = apdu.systemTitle();
        AxdrLength.write(title.length, out);
        out.writeBytes(title);
        writeContent(apdu.securityControl(), apdu.invocationCounter(), apdu.payload(), out);
    }

    private static void writeContent(int sc, long ic, byte[] payload, ByteBuf out) {
        AxdrLength.write(SECURITY_HEADER_LENGTH + payload.length, out);
        out.writeByte(sc);
        out.writeInt((int) ic);
        out.writeBytes(payload);
    }

    /**
     * Decodes the body after the tag.
     *
     * @param tag the tag already read
     * @param in the reader, after the tag
     * @return the APDU
     */
    public static CipheredApdu decodeCiphered(int tag, AxdrReader in) {
        String name = ApduTags.name(tag);
        int length = in.readBoundedLength(name);
        AxdrReader content = in.slice(length, name);
        int sc = readSecurityControl(content, name, length);
        long ic = content.readU32("invocation counter of " + name);
        return new CipheredApdu(tag, sc, ic, content.readRest());
    }

    /**
     * Decodes the body of a general-glo-ciphering APDU after the tag.
     *
     * @param in the reader, after the tag
     * @return the APDU
     */
    public static GeneralGloCipheredApdu decodeGeneralGlo(AxdrReader in) {
        int at = in.offset();
        int titleLength = in.readBoundedLength("system-title of general-glo-ciphering");
        if (titleLength != GeneralGloCipheredApdu.SYSTEM_TITLE_LENGTH) {
            throw in.errorAt("system-title of general-glo-ciphering must be 8 bytes, got " + titleLength, at);
        }
        byte[] title = in.readBytes(titleLength, "system-title of general-glo-ciphering");
        String name = "ciphered-content of general-glo-ciphering";
        int length = in.readBoundedLength(name);
        AxdrReader content = in.slice(length, name);
        int sc = readSecurityControl(content, name, length);
        long ic = content.readU32("invocation counter of general-glo-ciphering");
        return new GeneralGloCipheredApdu(title, sc, ic, content.readRest());
    }

    private static int readSecurityControl(AxdrReader content, String name, int length) {
        if (length < SECURITY_HEADER_LENGTH) {
            throw content.error(name + " holds " + length + " bytes, too few for the security header "
                    + "(security control and invocation counter, 5 bytes)");
        }
        return content.readU8("security control of " + name);
    }
}
