package org.dmct.dlms.apdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import org.dmct.dlms.apdu.internal.AcseCodec;
import org.dmct.dlms.apdu.internal.ApduTags;
import org.dmct.dlms.apdu.internal.CipheredCodec;
import org.dmct.dlms.apdu.internal.XdlmsCodec;
import org.dmct.dlms.axdr.AxdrException;
import org.dmct.dlms.axdr.AxdrLimits;
import org.dmct.dlms.axdr.internal.AxdrDataCodec;
import org.dmct.dlms.axdr.internal.AxdrReader;
import org.dmct.dlms.internal.Hex;

/**
 * Encodes {@link Apdu}s to bytes and decodes untrusted bytes into an {@link ApduDecodeResult}.
 * Decoding never throws for malformed input and never returns null: truncation, unknown tags and
 * choices, impossible lengths, excessive nesting and trailing bytes all come back as a failure
 * naming the problem and its offset. Input is expected to be exactly one APDU, as delimited by
 * the transport (wrapper length or HDLC frame). Ciphered APDUs (glo-, ded- and
 * general-glo-ciphering) decode into {@link CipheredApdu} and {@link GeneralGloCipheredApdu},
 * whose framing is checked here and whose content the security layer deciphers; inside AARQ/AARE
 * user-information they are kept raw.
 */
public final class ApduCodec {

    private ApduCodec() { }

    /**
     * Appends the encoding of an APDU.
     *
     * @param apdu the APDU
     * @param out where to write
     */
    public static void encode(Apdu apdu, ByteBuf out) {
        if (apdu instanceof AarqApdu a) {
            AcseCodec.encodeAarq(a, out);
        } else if (apdu instanceof AareApdu a) {
            AcseCodec.encodeAare(a, out);
        } else if (apdu instanceof RlrqApdu r) {
            AcseCodec.encodeRlrq(r, out);
        } else if (apdu instanceof RlreApdu r) {
            AcseCodec.encodeRlre(r, out);
        } else if (apdu instanceof InitiateRequest r) {
            XdlmsCodec.encodeInitiateRequest(r, out);
        } else if (apdu instanceof InitiateResponse r) {
            XdlmsCodec.encodeInitiateResponse(r, out);
        } else if (apdu instanceof ConfirmedServiceError e) {
            XdlmsCodec.encodeConfirmedServiceError(e, out);
        } else if (apdu instanceof ExceptionResponse e) {
            XdlmsCodec.encodeExceptionResponse(e, out);
        } else if (apdu instanceof GetRequest r) {
            XdlmsCodec.encodeGetRequest(r, out);
        } else if (apdu instanceof GetResponse r) {
            XdlmsCodec.encodeGetResponse(r, out);
        } else if (apdu instanceof SetRequest r) {
            XdlmsCodec.encodeSetRequest(r, out);
        } else if (apdu instanceof SetResponse r) {
            XdlmsCodec.encodeSetResponse(r, out);
        } else if (apdu instanceof ActionRequest r) {
            XdlmsCodec.encodeActionRequest(r, out);
        } else if (apdu instanceof ActionResponse r) {
            XdlmsCodec.encodeActionResponse(r, out);
        } else if (apdu instanceof DataNotification n) {
            XdlmsCodec.encodeDataNotification(n, out);
        } else if (apdu instanceof EventNotificationRequest n) {
            XdlmsCodec.encodeEventNotificationRequest(n, out);
        } else if (apdu instanceof CipheredApdu c) {
            CipheredCodec.encodeCiphered(c, out);
        } else if (apdu instanceof GeneralGloCipheredApdu g) {
            CipheredCodec.encodeGeneralGlo(g, out);
        } else {
            throw new IllegalArgumentException("cannot encode " + apdu);
        }
    }

    /**
     * Encodes an APDU into a new array.
     *
     * @param apdu the APDU
     * @return its bytes
     */
    public static byte[] encode(Apdu apdu) {
        Scratch scratch = SCRATCH.get();
        if (scratch.inUse) {
            ByteBuf buf = Unpooled.buffer();
            try {
                return encodeInto(apdu, buf);
            } finally {
                buf.release();
            }
        }
        scratch.inUse = true;
        try {
            return encodeInto(apdu, scratch.buf);
        } finally {
            scratch.release();
        }
    }

    private static byte[] encodeInto(Apdu apdu, ByteBuf buf) {
        encode(apdu, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    /** Bigger than any APDU of a usual association; a buffer grown past it for a rare large APDU is not kept. */
    private static final int SCRATCH_KEPT = 64 * 1024;

    /**
     * Each thread's buffer for {@link #encode(Apdu)}: an APDU is encoded into it and copied out, so encoding one no
     * longer allocates and grows a buffer of its own (the codec runs on every exchange of every event loop).
     */
    private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    private static final class Scratch {
        private ByteBuf buf = Unpooled.buffer(512);
        /** True while an encoding uses the buffer (an encoder that encoded another APDU inside gets its own). */
        private boolean inUse;

        void release() {
            inUse = false;
            if (buf.capacity() > SCRATCH_KEPT) {
                buf.release();
                buf = Unpooled.buffer(512);
            } else {
                buf.clear();
            }
        }
    }

    /**
     * Decodes all readable bytes as one APDU and consumes them, whatever the outcome.
     *
     * @param in the input
     * @return the result, never null
     */
    public static ApduDecodeResult decode(ByteBuf in) {
        byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        return decode(bytes);
    }

    /**
     * Decodes an array as one APDU.
     *
     * @param bytes the input
     * @return the result, never null
     */
    public static ApduDecodeResult decode(byte[] bytes) {
        if (bytes == null) {
            return ApduDecodeResult.failure("no bytes (null)", 0, new byte[0]);
        }
        if (bytes.length == 0) {
            return ApduDecodeResult.failure("empty APDU", 0, bytes);
        }
        AxdrReader in = new AxdrReader(Unpooled.wrappedBuffer(bytes));
        try {
            int tag = in.readU8("APDU tag");
            Apdu apdu = decodeBody(tag, in);
            in.expectEnd(ApduTags.name(tag));
            return ApduDecodeResult.success(apdu, bytes);
        } catch (AxdrException e) {
            return ApduDecodeResult.failure(e.reason(), e.offset(), bytes);
        } catch (RuntimeException e) {
            // a record constructor rejecting a decoded value is still malformed input, not a crash
            return ApduDecodeResult.failure("invalid value: " + e.getMessage(), in.offset(), bytes);
        }
    }

    private static Apdu decodeBody(int tag, AxdrReader in) {
        AxdrDataCodec data = new AxdrDataCodec(AxdrLimits.DEFAULT);
        switch (tag) {
            case ApduTags.AARQ:
                return AcseCodec.decodeAarq(in);
            case ApduTags.AARE:
                return AcseCodec.decodeAare(in);
            case ApduTags.RLRQ:
                return AcseCodec.decodeRlrq(in);
            case ApduTags.RLRE:
                return AcseCodec.decodeRlre(in);
            case ApduTags.INITIATE_REQUEST:
                return XdlmsCodec.decodeInitiateRequest(in);
            case ApduTags.INITIATE_RESPONSE:
                return XdlmsCodec.decodeInitiateResponse(in);
            case ApduTags.CONFIRMED_SERVICE_ERROR:
                return XdlmsCodec.decodeConfirmedServiceError(in);
            case ApduTags.EXCEPTION_RESPONSE:
                return XdlmsCodec.decodeExceptionResponse(in);
            case ApduTags.GET_REQUEST:
                return XdlmsCodec.decodeGetRequest(in, data);
            case ApduTags.GET_RESPONSE:
                return XdlmsCodec.decodeGetResponse(in, data);
            case ApduTags.SET_REQUEST:
                return XdlmsCodec.decodeSetRequest(in, data);
            case ApduTags.SET_RESPONSE:
                return XdlmsCodec.decodeSetResponse(in);
            case ApduTags.ACTION_REQUEST:
                return XdlmsCodec.decodeActionRequest(in, data);
            case ApduTags.ACTION_RESPONSE:
                return XdlmsCodec.decodeActionResponse(in, data);
            case ApduTags.DATA_NOTIFICATION:
                return XdlmsCodec.decodeDataNotification(in, data);
            case ApduTags.EVENT_NOTIFICATION_REQUEST:
                return XdlmsCodec.decodeEventNotificationRequest(in, data);
            case ApduTags.GENERAL_GLO_CIPHERING:
                return CipheredCodec.decodeGeneralGlo(in);
            default: {
                if (ApduTags.isServiceCiphered(tag)) {
                    return CipheredCodec.decodeCiphered(tag, in);
                }
                String name = ApduTags.name(tag);
                if (name != null) {
                    throw in.errorAt(name + " (" + Hex.byteHex(tag) + ") is not supported by this codec", 0);
                }
                String hint = tag == 0xE6 ? " (an HDLC LLC header? strip E6 E6 00 / E6 E7 00 first)"
                        : tag == 0x7E ? " (an HDLC frame? decode the HDLC layer first)"
                        : tag == 0x00 ? " (a wrapper header? decode the wrapper layer first)" : "";
                throw in.errorAt("unknown APDU tag " + Hex.byteHex(tag) + hint, 0);
            }
        }
    }

    /**
     * Encodes a SEQUENCE OF Get-Data-Result, the raw data a server splits into blocks when a
     * GET-with-list answer does not fit one APDU.
     *
     * @param results the results
     * @return the encoding
     */
    public static byte[] encodeGetDataResults(List<GetDataResult> results) {
        ByteBuf buf = Unpooled.buffer();
        try {
            XdlmsCodec.writeGetDataResults(results, buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /**
     * Decodes a SEQUENCE OF Get-Data-Result that must fill the array, the reassembled raw data
     * of a GET-with-list block transfer.
     *
     * @param bytes the encoding
     * @return the results
     * @throws AxdrException on malformed input
     */
    public static List<GetDataResult> decodeGetDataResults(byte[] bytes) {
        AxdrReader in = new AxdrReader(Unpooled.wrappedBuffer(bytes));
        List<GetDataResult> results = XdlmsCodec.readGetDataResults(in, new AxdrDataCodec(AxdrLimits.DEFAULT));
        in.expectEnd("get-data-result list");
        return results;
    }
}
