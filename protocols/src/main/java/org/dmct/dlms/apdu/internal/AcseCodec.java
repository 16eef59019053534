package org.dmct.dlms.apdu.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ApplicationContextName;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.ConfirmedServiceError;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.ResultSourceDiagnostic;
import org.dmct.dlms.apdu.RlreApdu;
import org.dmct.dlms.apdu.RlrqApdu;
import org.dmct.dlms.axdr.internal.AxdrReader;
import org.dmct.dlms.internal.Hex;

/**
 * BER encoding and decoding of the ACSE APDUs of DLMS: AARQ, AARE, RLRQ and RLRE. The encoder
 * writes fields in tag order; the decoder accepts any order but rejects duplicates and tags the
 * ACSE standard does not define, and skips standard fields DLMS does not use.
 */
public final class AcseCodec {

    private static final byte[] CONTEXT_PREFIX = {0x60, (byte) 0x85, 0x74, 0x05, 0x08, 0x01};
    private static final byte[] MECHANISM_PREFIX = {0x60, (byte) 0x85, 0x74, 0x05, 0x08, 0x02};
    /** BIT STRING content "version1" / "authentication": 7 unused bits, bit 0 set. */
    private static final byte[] FIRST_BIT_SET = {0x07, (byte) 0x80};
    private static final int AUTH_VALUE_CHARSTRING = 0x80;

    private AcseCodec() { }

    // =================================================================== encoding

    /**
     * @param a the AARQ
     * @param out where to write, tag included
     */
    public static void encodeAarq(AarqApdu a, ByteBuf out) {
        Ber.writeTlv(ApduTags.AARQ, out, c -> {
            writeOid(0xA1, CONTEXT_PREFIX, a.applicationContextName().id(), c);
            writeWrappedOctets(0xA6, a.callingApTitle(), c);
            writeWrappedOctets(0xA7, a.callingAeQualifier(), c);
            if (a.acseRequirements()) {
                Ber.writeTlv(0x8A, FIRST_BIT_SET, c);
            }
            if (a.mechanismName() != null) {
                Ber.writeTlv(0x8B, oid(MECHANISM_PREFIX, a.mechanismName().id()), c);
            }
            writeAuthenticationValue(0xAC, a.callingAuthenticationValue(), c);
            if (a.userInformation() != null) {
                writeUserInformation(toBytes(b -> XdlmsCodec.encodeInitiateRequest(a.userInformation(), b)), c);
            } else if (a.rawUserInformation() != null) {
                writeUserInformation(a.rawUserInformation(), c);
            }
        });
    }

    /**
     * @param a the AARE
     * @param out where to write, tag included
     */
    public static void encodeAare(AareApdu a, ByteBuf out) {
        Ber.writeTlv(ApduTags.AARE, out, c -> {
            Ber.writeTlv(0x80, FIRST_BIT_SET, c);
            writeOid(0xA1, CONTEXT_PREFIX, a.applicationContextName().id(), c);
            Ber.writeTlv(0xA2, c, r -> Ber.writeTlv(Ber.INTEGER, Ber.integerContent(a.result().code()), r));
            ResultSourceDiagnostic d = a.resultSourceDiagnostic();
            int choice = d.source() == ResultSourceDiagnostic.Source.ACSE_SERVICE_USER ? 0xA1 : 0xA2;
            Ber.writeTlv(0xA3, c, r -> Ber.writeTlv(choice, r,
                    s -> Ber.writeTlv(Ber.INTEGER, Ber.integerContent(d.code()), s)));
            writeWrappedOctets(0xA4, a.respondingApTitle(), c);
            writeWrappedOctets(0xA5, a.respondingAeQualifier(), c);
            if (a.acseRequirements()) {
                Ber.writeTlv(0x88, FIRST_BIT_SET, c);
            }
            if (a.mechanismName() != null) {
                Ber.writeTlv(0x89, oid(MECHANISM_PREFIX, a.mechanismName().id()), c);
            }
            writeAuthenticationValue(0xAA, a.respondingAuthenticationValue(), c);
            if (a.userInformation() != null) {
                writeUserInformation(toBytes(b -> XdlmsCodec.encodeInitiateResponse(a.userInformation(), b)), c);
            } else if (a.initiateError() != null) {
                writeUserInformation(toBytes(b -> XdlmsCodec.encodeConfirmedServiceError(a.initiateError(), b)), c);
            } else if (a.rawUserInformation() != null) {
                writeUserInformation(a.rawUserInformation(), c);
            }
        });
    }

    /**
     * @param r the RLRQ
     * @param out where to write, tag included
     */
    public static void encodeRlrq(RlrqApdu r, ByteBuf out) {
        encodeRelease(ApduTags.RLRQ, r.reason(), r.userInformation(), out);
    }

    /**
     * @param r the RLRE
     * @param out where to write, tag included
     */
    public static void encodeRlre(RlreApdu r, ByteBuf out) {
        encodeRelease(ApduTags.RLRE, r.reason(), r.userInformation(), out);
    }

    private static void encodeRelease(int tag, Integer reason, byte[] userInformation, ByteBuf out) {
        Ber.writeTlv(tag, out, c -> {
            if (reason != null) {
                Ber.writeTlv(0x80, Ber.integerContent(reason), c);
            }
            if (userInformation != null) {
                writeUserInformation(userInformation, c);
            }
        });
    }

    private static byte[] oid(byte[] prefix, int id) {
        byte[] b = Arrays.copyOf(prefix, prefix.length + 1);
        b[prefix.length] = (byte) id;
        return b;
    }

    private static void writeOid(int tag, byte[] prefix, int id, ByteBuf out) {
        Ber.writeTlv(tag, out, c -> Ber.writeTlv(Ber.OBJECT_IDENTIFIER, oid(prefix, id), c));
    }

    private static void writeWrappedOctets(int tag, byte[] value, ByteBuf out) {
        if (value != null) {
            Ber.writeTlv(tag, out, c -> Ber.writeTlv(Ber.OCTET_STRING, value, c));
        }
    }

    private static void writeAuthenticationValue(int tag, byte[] value, ByteBuf out) {
        if (value != null) {
            Ber.writeTlv(tag, out, c -> Ber.writeTlv(AUTH_VALUE_CHARSTRING, value, c));
        }
    }

    private static void writeUserInformation(byte[] xdlms, ByteBuf out) {
        Ber.writeTlv(0xBE, out, c -> Ber.writeTlv(Ber.OCTET_STRING, xdlms, c));
    }

    private static byte[] toBytes(Consumer<ByteBuf> writer) {
        ByteBuf tmp = Unpooled.buffer();
        try {
            writer.accept(tmp);
            byte[] b = new byte[tmp.readableBytes()];
            tmp.readBytes(b);
            return b;
        } finally {
            tmp.release();
        }
    }

    // =================================================================== decoding

    /**
     * @param in positioned after the tag
     * @return the AARQ
     */
    public static AarqApdu decodeAarq(AxdrReader in) {
        AxdrReader body = outer(in, "AARQ");
        Set<Integer> seen = new HashSet<>();
        ApplicationContextName context = null;
        byte[] apTitle = null;
        byte[] aeQualifier = null;
        boolean acseRequirements = false;
        AuthenticationMechanism mechanism = null;
        byte[] authValue = null;
        InitiateRequest initiate = null;
        byte[] raw = null;
        while (body.hasRemaining()) {
            Ber.Tlv f = Ber.readTlv(body, "AARQ");
            checkDuplicate(body, seen, f, "AARQ");
            AxdrReader c = f.content();
            switch (f.tag()) {
                case 0x80 -> checkProtocolVersion(c);
                case 0xA1 -> context = readContextName(c);
                case 0xA2, 0xA3, 0xA4, 0xA5, 0xA8, 0xA9, 0x9D -> c.readRest(); // unused by DLMS
                case 0xA6 -> apTitle = Ber.readExpected(c, Ber.OCTET_STRING, "calling-AP-title").readRest();
                case 0xA7 -> aeQualifier = Ber.readExpected(c, Ber.OCTET_STRING, "calling-AE-qualifier").readRest();
                case 0x8A -> acseRequirements = readFirstBit(c, "sender-acse-requirements");
                case 0x8B -> mechanism = readMechanism(c);
                case 0xAC -> authValue = readAuthenticationValue(c, "calling-authentication-value");
                case 0xBE -> {
                    AxdrReader x = Ber.readExpected(c, Ber.OCTET_STRING, "user-information");
                    int tag = x.peekU8("user-information APDU tag");
                    if (tag == ApduTags.INITIATE_REQUEST) {
                        x.readU8("initiate-request tag");
                        initiate = XdlmsCodec.decodeInitiateRequest(x);
                        x.expectEnd("initiate-request in user-information");
                    } else if (ApduTags.isProtectedUserInformation(tag)) {
                        raw = x.readRest();
                    } else {
                        throw x.error("AARQ user-information holds " + describe(tag)
                                + ", expected an initiate-request or a ciphered one");
                    }
                }
                default -> throw body.errorAt("unexpected field tag " + Hex.byteHex(f.tag()) + " in AARQ", f.offset());
            }
            c.expectEnd(String.format("AARQ field 0x%02X", f.tag()));
        }
        if (context == null) {
            throw body.error("AARQ has no application-context-name");
        }
        return new AarqApdu(context, apTitle, aeQualifier, acseRequirements, mechanism, authValue, initiate, raw);
    }

    /**
     * @param in positioned after the tag
     * @return the AARE
     */
    public static AareApdu decodeAare(AxdrReader in) {
        AxdrReader body = outer(in, "AARE");
        Set<Integer> seen = new HashSet<>();
        ApplicationContextName context = null;
        AssociationResult result = null;
        ResultSourceDiagnostic diagnostic = null;
        byte[] apTitle = null;
        byte[] aeQualifier = null;
        boolean acseRequirements = false;
        AuthenticationMechanism mechanism = null;
        byte[] authValue = null;
        InitiateResponse initiate = null;
        ConfirmedServiceError error = null;
        byte[] raw = null;
        while (body.hasRemaining()) {
            Ber.Tlv f = Ber.readTlv(body, "AARE");
            checkDuplicate(body, seen, f, "AARE");
            AxdrReader c = f.content();
            switch (f.tag()) {
                case 0x80 -> checkProtocolVersion(c);
                case 0xA1 -> context = readContextName(c);
                case 0xA2 -> {
                    AxdrReader i = Ber.readExpected(c, Ber.INTEGER, "result");
                    int at = i.offset();
                    int code = Ber.readIntegerContent(i, "result");
                    result = AssociationResult.fromCode(code).orElseThrow(() ->
                            i.errorAt("unknown association result " + code, at));
                }
                case 0xA3 -> diagnostic = readDiagnostic(c);
                case 0xA4 -> apTitle = Ber.readExpected(c, Ber.OCTET_STRING, "responding-AP-title").readRest();
                case 0xA5 -> aeQualifier = Ber.readExpected(c, Ber.OCTET_STRING, "responding-AE-qualifier").readRest();
                case 0xA6, 0xA7, 0x9D -> c.readRest(); // unused by DLMS
                case 0x88 -> acseRequirements = readFirstBit(c, "responder-acse-requirements");
                case 0x89 -> mechanism = readMechanism(c);
                case 0xAA -> authValue = readAuthenticationValue(c, "responding-authentication-value");
                case 0xBE -> {
                    AxdrReader x = Ber.readExpected(c, Ber.OCTET_STRING, "user-information");
                    int tag = x.peekU8("user-information APDU tag");
                    if (tag == ApduTags.INITIATE_RESPONSE) {
                        x.readU8("initiate-response tag");
                        initiate = XdlmsCodec.decodeInitiateResponse(x);
                        x.expectEnd("initiate-response in user-information");
                    } else if (tag == ApduTags.CONFIRMED_SERVICE_ERROR) {
                        x.readU8("confirmed-service-error tag");
                        error = XdlmsCodec.decodeConfirmedServiceError(x);
                        x.expectEnd("confirmed-service-error in user-information");
                    } else if (ApduTags.isProtectedUserInformation(tag)) {
                        raw = x.readRest();
                    } else {
                        throw x.error("AARE user-information holds " + describe(tag)
                                + ", expected an initiate-response, a confirmed-service-error or a ciphered one");
                    }
                }
                default -> throw body.errorAt("unexpected field tag " + Hex.byteHex(f.tag()) + " in AARE", f.offset());
            }
            c.expectEnd(String.format("AARE field 0x%02X", f.tag()));
        }
        if (context == null) {
            throw body.error("AARE has no application-context-name");
        }
        if (result == null) {
            throw body.error("AARE has no result");
        }
        if (diagnostic == null) {
            throw body.error("AARE has no result-source-diagnostic");
        }
        return new AareApdu(context, result, diagnostic, apTitle, aeQualifier, acseRequirements, mechanism, authValue,
                initiate, error, raw);
    }

    /**
     * @param in positioned after the tag
     * @return the RLRQ
     */
    public static RlrqApdu decodeRlrq(AxdrReader in) {
        Object[] fields = decodeRelease(in, "RLRQ");
        return new RlrqApdu((Integer) fields[0], (byte[]) fields[1]);
    }

    /**
     * @param in positioned after the tag
     * @return the RLRE
     */
    public static RlreApdu decodeRlre(AxdrReader in) {
        Object[] fields = decodeRelease(in, "RLRE");
        return new RlreApdu((Integer) fields[0], (byte[]) fields[1]);
    }

    private static Object[] decodeRelease(AxdrReader in, String name) {
        AxdrReader body = outer(in, name);
        Set<Integer> seen = new HashSet<>();
        Integer reason = null;
        byte[] userInformation = null;
        while (body.hasRemaining()) {
            Ber.Tlv f = Ber.readTlv(body, name);
            checkDuplicate(body, seen, f, name);
            AxdrReader c = f.content();
            if (f.tag() == 0x80) {
                reason = Ber.readIntegerContent(c, "reason");
            } else if (f.tag() == 0xBE) {
                userInformation = Ber.readExpected(c, Ber.OCTET_STRING, "user-information").readRest();
            } else {
                throw body.errorAt("unexpected field tag " + Hex.byteHex(f.tag()) + " in " + name, f.offset());
            }
            c.expectEnd(String.format("%s field 0x%02X", name, f.tag()));
        }
        return new Object[] {reason, userInformation};
    }

    private static AxdrReader outer(AxdrReader in, String name) {
        int at = in.offset();
        int len = in.readLength(name);
        if (len > in.remaining()) {
            throw in.errorAt(name + " claims " + len + " bytes but only " + in.remaining() + " follow", at);
        }
        return in.slice(len, name);
    }

    private static void checkDuplicate(AxdrReader body, Set<Integer> seen, Ber.Tlv f, String name) {
        if (!seen.add(f.tag())) {
            throw body.errorAt("duplicate field tag " + Hex.byteHex(f.tag()) + " in " + name, f.offset());
        }
    }

    private static void checkProtocolVersion(AxdrReader c) {
        if (!readFirstBit(c, "protocol-version")) {
            throw c.error("protocol-version does not include version1");
        }
    }

    private static boolean readFirstBit(AxdrReader c, String what) {
        int at = c.offset();
        if (c.remaining() < 1) {
            throw c.error(what + " BIT STRING is empty");
        }
        int unused = c.readU8(what + " unused bits");
        if (unused > 7 || c.remaining() == 0 && unused != 0) {
            throw c.errorAt(what + " BIT STRING has invalid unused-bit count " + unused, at);
        }
        if (c.remaining() == 0) {
            return false;
        }
        boolean first = (c.readU8(what) & 0x80) != 0;
        c.readRest();
        return first;
    }

    private static ApplicationContextName readContextName(AxdrReader c) {
        AxdrReader o = Ber.readExpected(c, Ber.OBJECT_IDENTIFIER, "application-context-name");
        int at = o.offset();
        byte[] oid = o.readRest();
        int id = dlmsOid(oid, CONTEXT_PREFIX);
        return ApplicationContextName.fromId(id).orElseThrow(() -> o.errorAt("application-context-name "
                + Ber.oidToString(oid) + " is not a DLMS application context (2.16.756.5.8.1.1-4)", at));
    }

    private static AuthenticationMechanism readMechanism(AxdrReader c) {
        int at = c.offset();
        byte[] oid = c.readRest();
        int id = dlmsOid(oid, MECHANISM_PREFIX);
        return AuthenticationMechanism.fromId(id).orElseThrow(() -> c.errorAt("mechanism-name "
                + Ber.oidToString(oid) + " is not a DLMS authentication mechanism (2.16.756.5.8.2.0-7)", at));
    }

    private static int dlmsOid(byte[] oid, byte[] prefix) {
        if (oid.length != prefix.length + 1 || !Arrays.equals(Arrays.copyOf(oid, prefix.length), prefix)) {
            return -1;
        }
        return oid[prefix.length] & 0xFF;
    }

    private static byte[] readAuthenticationValue(AxdrReader c, String what) {
        Ber.Tlv v = Ber.readTlv(c, what);
        if (v.tag() != AUTH_VALUE_CHARSTRING) {
            throw c.errorAt(what + " choice " + Hex.byteHex(v.tag())
                    + " is not supported (only charstring [0], tag 0x80)", v.offset());
        }
        c.expectEnd(what);
        return v.content().readRest();
    }

    private static ResultSourceDiagnostic readDiagnostic(AxdrReader c) {
        Ber.Tlv choice = Ber.readTlv(c, "result-source-diagnostic");
        c.expectEnd("result-source-diagnostic");
        ResultSourceDiagnostic.Source source;
        if (choice.tag() == 0xA1) {
            source = ResultSourceDiagnostic.Source.ACSE_SERVICE_USER;
        } else if (choice.tag() == 0xA2) {
            source = ResultSourceDiagnostic.Source.ACSE_SERVICE_PROVIDER;
        } else {
            throw c.errorAt("result-source-diagnostic choice " + Hex.byteHex(choice.tag())
                    + " is neither acse-service-user (0xA1) nor acse-service-provider (0xA2)", choice.offset());
        }
        AxdrReader i = Ber.readExpected(choice.content(), Ber.INTEGER, "result-source-diagnostic value");
        int code = Ber.readIntegerContent(i, "result-source-diagnostic");
        return new ResultSourceDiagnostic(source, code);
    }

    private static String describe(int tag) {
        String name = ApduTags.name(tag);
        return name == null ? "tag " + Hex.byteHex(tag) : name + " (" + Hex.byteHex(tag) + ")";
    }
}
