package org.dmct.dlms.apdu.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ActionResponseWithOptionalData;
import org.dmct.dlms.apdu.AttributeRequest;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConfirmedServiceError;
import org.dmct.dlms.apdu.DataBlock;
import org.dmct.dlms.apdu.DataNotification;
import org.dmct.dlms.apdu.ErrorClass;
import org.dmct.dlms.apdu.EventNotificationRequest;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.LongInvokeIdAndPriority;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.apdu.ServiceError;
import org.dmct.dlms.apdu.ServiceErrorKind;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.apdu.SetResponse;
import org.dmct.dlms.apdu.StateError;
import org.dmct.dlms.axdr.AxdrLength;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.axdr.internal.AxdrDataCodec;
import org.dmct.dlms.axdr.internal.AxdrReader;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.cosem.ObisCode;

/**
 * A-XDR encoding and decoding of the xDLMS APDUs: initiate request and response, GET, SET and
 * ACTION (block transfer forms included), data-notification, event-notification-request,
 * confirmed-service-error and exception-response. Decoders start after the APDU tag and
 * throw {@link org.dmct.dlms.axdr.AxdrException} with offsets from the start of the outermost APDU.
 */
public final class XdlmsCodec {

    private static final int CONFORMANCE_TAG_1 = 0x5F;
    private static final int CONFORMANCE_TAG_2 = 0x1F;
    private static final int ATTRIBUTE_DESCRIPTOR_LENGTH = 9;
    private static final int ATTRIBUTE_REQUEST_MIN_LENGTH = ATTRIBUTE_DESCRIPTOR_LENGTH + 1;
    private static final int METHOD_DESCRIPTOR_LENGTH = 9;
    /** An action-result and the presence flag of the return-parameters. */
    private static final int ACTION_RESPONSE_WITH_OPTIONAL_DATA_MIN_LENGTH = 2;
    /** The presence flag Gurux writes for the optional time of an event-notification-request. */
    private static final int GURUX_OCTET_STRING_PRESENCE = 0x09;

    private XdlmsCodec() { }

    // =================================================================== encoding

    /**
     * @param r the request
     * @param out where to write, tag included
     */
    public static void encodeInitiateRequest(InitiateRequest r, ByteBuf out) {
        out.writeByte(ApduTags.INITIATE_REQUEST);
        byte[] key = r.dedicatedKey();
        if (key == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            AxdrLength.write(key.length, out);
            out.writeBytes(key);
        }
        if (r.responseAllowed()) {
            out.writeByte(0); // DEFAULT TRUE: encoded as absent
        } else {
            out.writeByte(1).writeByte(0);
        }
        writeOptionalInt8(r.proposedQualityOfService(), out);
        out.writeByte(r.proposedDlmsVersion());
        writeConformance(r.proposedConformance(), out);
        out.writeShort(r.clientMaxReceivePduSize());
    }

    /**
     * @param r the response
     * @param out where to write, tag included
     */
    public static void encodeInitiateResponse(InitiateResponse r, ByteBuf out) {
        out.writeByte(ApduTags.INITIATE_RESPONSE);
        writeOptionalInt8(r.negotiatedQualityOfService(), out);
        out.writeByte(r.negotiatedDlmsVersion());
        writeConformance(r.negotiatedConformance(), out);
        out.writeShort(r.serverMaxReceivePduSize());
        out.writeShort(r.vaaName());
    }

    /**
     * @param e the error
     * @param out where to write, tag included
     */
    public static void encodeConfirmedServiceError(ConfirmedServiceError e, ByteBuf out) {
        out.writeByte(ApduTags.CONFIRMED_SERVICE_ERROR);
        out.writeByte(e.service().tag());
        out.writeByte(e.errorClass().tag());
        out.writeByte(e.errorCode());
    }

    /**
     * @param e the response
     * @param out where to write, tag included
     */
    public static void encodeExceptionResponse(ExceptionResponse e, ByteBuf out) {
        out.writeByte(ApduTags.EXCEPTION_RESPONSE);
        out.writeByte(e.stateError().code());
        out.writeByte(e.serviceError().code());
        if (e.invocationCounter() != null) {
            out.writeInt((int) e.invocationCounter().longValue());
        }
    }

    /**
     * @param r the request
     * @param out where to write, tag included
     */
    public static void encodeGetRequest(GetRequest r, ByteBuf out) {
        out.writeByte(ApduTags.GET_REQUEST);
        if (r instanceof GetRequest.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            writeAttribute(n.attribute(), out);
            writeOptionalSelectiveAccess(n.selectiveAccess(), out);
        } else if (r instanceof GetRequest.Next n) {
            out.writeByte(2).writeByte(n.invokeIdAndPriority().toByte());
            out.writeInt((int) n.blockNumber());
        } else if (r instanceof GetRequest.WithList l) {
            out.writeByte(3).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.attributes().size(), out);
            for (AttributeRequest a : l.attributes()) {
                writeAttribute(a.attribute(), out);
                writeOptionalSelectiveAccess(a.selectiveAccess(), out);
            }
        }
    }

    /**
     * @param r the response
     * @param out where to write, tag included
     */
    public static void encodeGetResponse(GetResponse r, ByteBuf out) {
        out.writeByte(ApduTags.GET_RESPONSE);
        if (r instanceof GetResponse.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            writeGetDataResult(n.result(), out);
        } else if (r instanceof GetResponse.WithDataBlock b) {
            out.writeByte(2).writeByte(b.invokeIdAndPriority().toByte());
            out.writeByte(b.lastBlock() ? 1 : 0);
            out.writeInt((int) b.blockNumber());
            byte[] raw = b.rawData();
            if (raw != null) {
                out.writeByte(0);
                AxdrLength.write(raw.length, out);
                out.writeBytes(raw);
            } else {
                out.writeByte(1).writeByte(b.error().code());
            }
        } else if (r instanceof GetResponse.WithList l) {
            out.writeByte(3).writeByte(l.invokeIdAndPriority().toByte());
            writeGetDataResults(l.results(), out);
        }
    }

    /**
     * Writes a SEQUENCE OF Get-Data-Result: the content of a get-response-with-list, and what
     * the raw data of a with-list block transfer concatenates to.
     *
     * @param results the results
     * @param out where to write
     */
    public static void writeGetDataResults(List<GetDataResult> results, ByteBuf out) {
        AxdrLength.write(results.size(), out);
        for (GetDataResult g : results) {
            writeGetDataResult(g, out);
        }
    }

    /**
     * @param r the request
     * @param out where to write, tag included
     */
    public static void encodeSetRequest(SetRequest r, ByteBuf out) {
        out.writeByte(ApduTags.SET_REQUEST);
        if (r instanceof SetRequest.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            writeAttribute(n.attribute(), out);
            writeOptionalSelectiveAccess(n.selectiveAccess(), out);
            AxdrDataCodec.encode(n.value(), out);
        } else if (r instanceof SetRequest.WithList l) {
            out.writeByte(4).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.attributes().size(), out);
            for (AttributeRequest a : l.attributes()) {
                writeAttribute(a.attribute(), out);
                writeOptionalSelectiveAccess(a.selectiveAccess(), out);
            }
            AxdrLength.write(l.values().size(), out);
            for (DlmsData v : l.values()) {
                AxdrDataCodec.encode(v, out);
            }
        } else if (r instanceof SetRequest.WithFirstDataBlock f) {
            out.writeByte(2).writeByte(f.invokeIdAndPriority().toByte());
            writeAttribute(f.attribute(), out);
            writeOptionalSelectiveAccess(f.selectiveAccess(), out);
            writeDataBlock(f.block(), out);
        } else if (r instanceof SetRequest.WithDataBlock b) {
            out.writeByte(3).writeByte(b.invokeIdAndPriority().toByte());
            writeDataBlock(b.block(), out);
        } else if (r instanceof SetRequest.WithListAndFirstDataBlock l) {
            out.writeByte(5).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.attributes().size(), out);
            for (AttributeRequest a : l.attributes()) {
                writeAttribute(a.attribute(), out);
                writeOptionalSelectiveAccess(a.selectiveAccess(), out);
            }
            writeDataBlock(l.block(), out);
        }
    }

    /**
     * @param r the response
     * @param out where to write, tag included
     */
    public static void encodeSetResponse(SetResponse r, ByteBuf out) {
        out.writeByte(ApduTags.SET_RESPONSE);
        if (r instanceof SetResponse.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            out.writeByte(n.result().code());
        } else if (r instanceof SetResponse.WithList l) {
            out.writeByte(5).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.results().size(), out);
            for (DataAccessResult result : l.results()) {
                out.writeByte(result.code());
            }
        } else if (r instanceof SetResponse.BlockAcknowledged a) {
            out.writeByte(2).writeByte(a.invokeIdAndPriority().toByte());
            out.writeInt((int) a.blockNumber());
        } else if (r instanceof SetResponse.LastBlock b) {
            out.writeByte(3).writeByte(b.invokeIdAndPriority().toByte());
            out.writeByte(b.result().code());
            out.writeInt((int) b.blockNumber());
        } else if (r instanceof SetResponse.LastBlockWithList l) {
            out.writeByte(4).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.results().size(), out);
            for (DataAccessResult result : l.results()) {
                out.writeByte(result.code());
            }
            out.writeInt((int) l.blockNumber());
        }
    }

    /**
     * @param r the request
     * @param out where to write, tag included
     */
    public static void encodeActionRequest(ActionRequest r, ByteBuf out) {
        out.writeByte(ApduTags.ACTION_REQUEST);
        if (r instanceof ActionRequest.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            writeMethod(n.method(), out);
            if (n.parameters() == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                AxdrDataCodec.encode(n.parameters(), out);
            }
        } else if (r instanceof ActionRequest.WithList l) {
            out.writeByte(3).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.methods().size(), out);
            for (MethodDescriptor m : l.methods()) {
                writeMethod(m, out);
            }
            AxdrLength.write(l.parameters().size(), out);
            for (DlmsData p : l.parameters()) {
                AxdrDataCodec.encode(p, out);
            }
        } else if (r instanceof ActionRequest.NextPblock n) {
            out.writeByte(2).writeByte(n.invokeIdAndPriority().toByte());
            out.writeInt((int) n.blockNumber());
        } else if (r instanceof ActionRequest.WithFirstPblock f) {
            out.writeByte(4).writeByte(f.invokeIdAndPriority().toByte());
            writeMethod(f.method(), out);
            writeDataBlock(f.block(), out);
        } else if (r instanceof ActionRequest.WithListAndFirstPblock l) {
            out.writeByte(5).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.methods().size(), out);
            for (MethodDescriptor m : l.methods()) {
                writeMethod(m, out);
            }
            writeDataBlock(l.block(), out);
        } else if (r instanceof ActionRequest.WithPblock b) {
            out.writeByte(6).writeByte(b.invokeIdAndPriority().toByte());
            writeDataBlock(b.block(), out);
        }
    }

    /**
     * @param r the response
     * @param out where to write, tag included
     */
    public static void encodeActionResponse(ActionResponse r, ByteBuf out) {
        out.writeByte(ApduTags.ACTION_RESPONSE);
        if (r instanceof ActionResponse.Normal n) {
            out.writeByte(1).writeByte(n.invokeIdAndPriority().toByte());
            writeActionResult(n.result(), n.returnParameters(), out);
        } else if (r instanceof ActionResponse.WithList l) {
            out.writeByte(3).writeByte(l.invokeIdAndPriority().toByte());
            AxdrLength.write(l.results().size(), out);
            for (ActionResponseWithOptionalData a : l.results()) {
                writeActionResult(a.result(), a.returnParameters(), out);
            }
        } else if (r instanceof ActionResponse.WithPblock b) {
            out.writeByte(2).writeByte(b.invokeIdAndPriority().toByte());
            writeDataBlock(b.block(), out);
        } else if (r instanceof ActionResponse.NextPblock n) {
            out.writeByte(4).writeByte(n.invokeIdAndPriority().toByte());
            out.writeInt((int) n.blockNumber());
        }
    }

    /**
     * @param n the notification
     * @param out where to write, tag included
     */
    public static void encodeDataNotification(DataNotification n, ByteBuf out) {
        out.writeByte(ApduTags.DATA_NOTIFICATION);
        out.writeInt((int) n.longInvokeIdAndPriority().toLong());
        // date-time is a plain OCTET STRING, empty when absent (not an OPTIONAL with a presence flag)
        if (n.dateTime() == null) {
            out.writeByte(0);
        } else {
            out.writeByte(CosemDateTime.LENGTH).writeBytes(n.dateTime().toBytes());
        }
        AxdrDataCodec.encode(n.body(), out);
    }

    /**
     * @param n the notification
     * @param out where to write, tag included
     */
    public static void encodeEventNotificationRequest(EventNotificationRequest n, ByteBuf out) {
        out.writeByte(ApduTags.EVENT_NOTIFICATION_REQUEST);
        if (n.time() == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeByte(CosemDateTime.LENGTH).writeBytes(n.time().toBytes());
        }
        writeAttribute(n.attribute(), out);
        AxdrDataCodec.encode(n.value(), out);
    }

    private static void writeDataBlock(DataBlock b, ByteBuf out) {
        out.writeByte(b.lastBlock() ? 1 : 0);
        out.writeInt((int) b.blockNumber());
        AxdrLength.write(b.rawLength(), out);
        out.writeBytes(b.rawData());
    }

    private static void writeActionResult(ActionResult result, GetDataResult returnParameters, ByteBuf out) {
        out.writeByte(result.code());
        if (returnParameters == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            writeGetDataResult(returnParameters, out);
        }
    }

    private static void writeOptionalInt8(Integer v, ByteBuf out) {
        if (v == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeByte(v);
        }
    }

    private static void writeConformance(Conformance c, ByteBuf out) {
        out.writeByte(CONFORMANCE_TAG_1).writeByte(CONFORMANCE_TAG_2).writeByte(4).writeByte(0);
        out.writeMedium(c.toBits());
    }

    private static void writeAttribute(AttributeDescriptor a, ByteBuf out) {
        out.writeShort(a.classId());
        out.writeBytes(a.instance().toBytes());
        out.writeByte(a.attributeId());
    }

    private static void writeMethod(MethodDescriptor m, ByteBuf out) {
        out.writeShort(m.classId());
        out.writeBytes(m.instance().toBytes());
        out.writeByte(m.methodId());
    }

    private static void writeOptionalSelectiveAccess(SelectiveAccess s, ByteBuf out) {
        if (s == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeByte(s.accessSelector());
            AxdrDataCodec.encode(s.parameters(), out);
        }
    }

    private static void writeGetDataResult(GetDataResult g, ByteBuf out) {
        if (g.isSuccess()) {
            out.writeByte(0);
            AxdrDataCodec.encode(g.data(), out);
        } else {
            out.writeByte(1).writeByte(g.error().code());
        }
    }

    // =================================================================== decoding

    /**
     * @param in positioned after the tag
     * @return the request
     */
    public static InitiateRequest decodeInitiateRequest(AxdrReader in) {
        byte[] key = null;
        if (readPresence(in, "dedicated-key")) {
            int len = in.readBoundedLength("dedicated-key");
            key = in.readBytes(len, "dedicated-key");
        }
        boolean responseAllowed = true;
        if (readPresence(in, "response-allowed")) {
            responseAllowed = in.readU8("response-allowed") != 0;
        }
        Integer qos = readPresence(in, "proposed-quality-of-service") ? in.readI8("proposed-quality-of-service") : null;
        int version = in.readU8("proposed-dlms-version-number");
        Conformance conformance = readConformance(in, "proposed-conformance");
        int maxPdu = in.readU16("client-max-receive-pdu-size");
        return new InitiateRequest(key, responseAllowed, qos, version, conformance, maxPdu);
    }

    /**
     * @param in positioned after the tag
     * @return the response
     */
    public static InitiateResponse decodeInitiateResponse(AxdrReader in) {
        Integer qos = readPresence(in, "negotiated-quality-of-service") ? in.readI8("negotiated-quality-of-service") : null;
        int version = in.readU8("negotiated-dlms-version-number");
        Conformance conformance = readConformance(in, "negotiated-conformance");
        int maxPdu = in.readU16("server-max-receive-pdu-size");
        int vaa = in.readU16("vaa-name");
        return new InitiateResponse(qos, version, conformance, maxPdu, vaa);
    }

    /**
     * @param in positioned after the tag
     * @return the error
     */
    public static ConfirmedServiceError decodeConfirmedServiceError(AxdrReader in) {
        int at = in.offset();
        int which = in.readU8("confirmed-service-error choice");
        ServiceErrorKind kind = ServiceErrorKind.fromTag(which).orElseThrow(() ->
                in.errorAt("unknown confirmed-service-error choice " + which, at));
        int classAt = in.offset();
        int cls = in.readU8("service-error choice");
        ErrorClass errorClass = ErrorClass.fromTag(cls).orElseThrow(() ->
                in.errorAt("unknown service-error choice " + cls, classAt));
        int code = in.readU8("service-error code");
        return new ConfirmedServiceError(kind, errorClass, code);
    }

    /**
     * @param in positioned after the tag
     * @return the response
     */
    public static ExceptionResponse decodeExceptionResponse(AxdrReader in) {
        int at = in.offset();
        int state = in.readU8("state-error");
        StateError stateError = StateError.fromCode(state).orElseThrow(() ->
                in.errorAt("unknown state-error " + state, at));
        int serviceAt = in.offset();
        int service = in.readU8("service-error");
        ServiceError serviceError = ServiceError.fromCode(service).orElseThrow(() ->
                in.errorAt("unknown service-error " + service, serviceAt));
        Long counter = null;
        // older servers send invocation-counter-error without the counter; accept both
        if (serviceError == ServiceError.INVOCATION_COUNTER_ERROR && in.hasRemaining()) {
            counter = in.readU32("invocation counter");
        }
        return new ExceptionResponse(stateError, serviceError, counter);
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the request
     */
    public static GetRequest decodeGetRequest(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("get-request choice");
        switch (choice) {
            case 1: {
                InvokeIdAndPriority iip = readIip(in);
                AttributeDescriptor a = readAttribute(in);
                return new GetRequest.Normal(iip, a, readOptionalSelectiveAccess(in, data));
            }
            case 2: {
                InvokeIdAndPriority iip = readIip(in);
                return new GetRequest.Next(iip, in.readU32("block-number"));
            }
            case 3: {
                InvokeIdAndPriority iip = readIip(in);
                int countAt = in.offset();
                int count = in.readLength("attribute-descriptor-list");
                if ((long) count * ATTRIBUTE_REQUEST_MIN_LENGTH > in.remaining()) {
                    throw in.errorAt("attribute-descriptor-list claims " + count + " entries but only "
                            + in.remaining() + " bytes follow", countAt);
                }
                List<AttributeRequest> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    AttributeDescriptor a = readAttribute(in);
                    list.add(new AttributeRequest(a, readOptionalSelectiveAccess(in, data)));
                }
                return new GetRequest.WithList(iip, list);
            }
            default:
                throw in.errorAt("unknown get-request choice " + choice + " (expected 1 normal, 2 next, 3 with-list)", at);
        }
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the response
     */
    public static GetResponse decodeGetResponse(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("get-response choice");
        switch (choice) {
            case 1: {
                InvokeIdAndPriority iip = readIip(in);
                return new GetResponse.Normal(iip, readGetDataResult(in, data));
            }
            case 2: {
                InvokeIdAndPriority iip = readIip(in);
                boolean last = readBoolean(in, "last-block");
                long block = in.readU32("block-number");
                int resultAt = in.offset();
                int result = in.readU8("datablock result choice");
                if (result == 0) {
                    int len = in.readBoundedLength("raw-data");
                    return new GetResponse.WithDataBlock(iip, last, block, in.readBytes(len, "raw-data"), null);
                } else if (result == 1) {
                    return new GetResponse.WithDataBlock(iip, last, block, null, readDataAccessResult(in));
                }
                throw in.errorAt("unknown datablock result choice " + result
                        + " (expected 0 raw-data or 1 data-access-result)", resultAt);
            }
            case 3: {
                InvokeIdAndPriority iip = readIip(in);
                return new GetResponse.WithList(iip, readGetDataResults(in, data));
            }
            default:
                throw in.errorAt("unknown get-response choice " + choice
                        + " (expected 1 normal, 2 with-datablock, 3 with-list)", at);
        }
    }

    /**
     * Reads a SEQUENCE OF Get-Data-Result.
     *
     * @param in the input
     * @param data the data decoder
     * @return the results
     */
    public static List<GetDataResult> readGetDataResults(AxdrReader in, AxdrDataCodec data) {
        int countAt = in.offset();
        int count = in.readLength("get-data-result list");
        // each result is at least a choice byte and one more
        if ((long) count * 2 > in.remaining()) {
            throw in.errorAt("get-data-result list claims " + count + " entries but only "
                    + in.remaining() + " bytes follow", countAt);
        }
        List<GetDataResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(readGetDataResult(in, data));
        }
        return results;
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the request
     */
    public static SetRequest decodeSetRequest(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("set-request choice");
        if (choice == 1) {
            InvokeIdAndPriority iip = readIip(in);
            AttributeDescriptor a = readAttribute(in);
            SelectiveAccess s = readOptionalSelectiveAccess(in, data);
            return new SetRequest.Normal(iip, a, s, data.decode(in));
        }
        if (choice == 4) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "attribute-descriptor-list", ATTRIBUTE_REQUEST_MIN_LENGTH);
            List<AttributeRequest> attributes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                AttributeDescriptor a = readAttribute(in);
                attributes.add(new AttributeRequest(a, readOptionalSelectiveAccess(in, data)));
            }
            List<DlmsData> values = readPairedData(in, data, "value-list", count, "attribute descriptor");
            return new SetRequest.WithList(iip, attributes, values);
        }
        if (choice == 2) {
            InvokeIdAndPriority iip = readIip(in);
            AttributeDescriptor a = readAttribute(in);
            SelectiveAccess s = readOptionalSelectiveAccess(in, data);
            return new SetRequest.WithFirstDataBlock(iip, a, s, readDataBlock(in));
        }
        if (choice == 3) {
            InvokeIdAndPriority iip = readIip(in);
            return new SetRequest.WithDataBlock(iip, readDataBlock(in));
        }
        if (choice == 5) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "attribute-descriptor-list", ATTRIBUTE_REQUEST_MIN_LENGTH);
            List<AttributeRequest> attributes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                AttributeDescriptor a = readAttribute(in);
                attributes.add(new AttributeRequest(a, readOptionalSelectiveAccess(in, data)));
            }
            return new SetRequest.WithListAndFirstDataBlock(iip, attributes, readDataBlock(in));
        }
        throw in.errorAt(unsupported("set-request", choice, new String[] {null, "normal", "with-first-datablock",
                "with-datablock", "with-list", "with-list-and-first-datablock"}), at);
    }

    /**
     * @param in positioned after the tag
     * @return the response
     */
    public static SetResponse decodeSetResponse(AxdrReader in) {
        int at = in.offset();
        int choice = in.readU8("set-response choice");
        if (choice == 1) {
            InvokeIdAndPriority iip = readIip(in);
            return new SetResponse.Normal(iip, readDataAccessResult(in));
        }
        if (choice == 5) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "set-response result list", 1);
            List<DataAccessResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(readDataAccessResult(in));
            }
            return new SetResponse.WithList(iip, results);
        }
        if (choice == 2) {
            InvokeIdAndPriority iip = readIip(in);
            return new SetResponse.BlockAcknowledged(iip, in.readU32("block-number"));
        }
        if (choice == 3) {
            InvokeIdAndPriority iip = readIip(in);
            DataAccessResult result = readDataAccessResult(in);
            return new SetResponse.LastBlock(iip, result, in.readU32("block-number"));
        }
        if (choice == 4) {
            InvokeIdAndPriority iip = readIip(in);
            // each result is one byte, and the block number follows the list
            int count = readCount(in, "set-response result list", 1);
            List<DataAccessResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(readDataAccessResult(in));
            }
            return new SetResponse.LastBlockWithList(iip, results, in.readU32("block-number"));
        }
        throw in.errorAt(unsupported("set-response", choice, new String[] {null, "normal", "datablock",
                "last-datablock", "last-datablock-with-list", "with-list"}), at);
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the request
     */
    public static ActionRequest decodeActionRequest(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("action-request choice");
        if (choice == 1) {
            InvokeIdAndPriority iip = readIip(in);
            MethodDescriptor method = readMethod(in);
            DlmsData params = readPresence(in, "method-invocation-parameters") ? data.decode(in) : null;
            return new ActionRequest.Normal(iip, method, params);
        }
        if (choice == 3) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "cosem-method-descriptor-list", METHOD_DESCRIPTOR_LENGTH);
            List<MethodDescriptor> methods = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                methods.add(readMethod(in));
            }
            List<DlmsData> params = readPairedData(in, data, "method-invocation-parameters", count,
                    "method descriptor");
            return new ActionRequest.WithList(iip, methods, params);
        }
        if (choice == 2) {
            InvokeIdAndPriority iip = readIip(in);
            return new ActionRequest.NextPblock(iip, in.readU32("block-number"));
        }
        if (choice == 4) {
            InvokeIdAndPriority iip = readIip(in);
            MethodDescriptor method = readMethod(in);
            return new ActionRequest.WithFirstPblock(iip, method, readDataBlock(in));
        }
        if (choice == 5) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "cosem-method-descriptor-list", METHOD_DESCRIPTOR_LENGTH);
            List<MethodDescriptor> methods = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                methods.add(readMethod(in));
            }
            return new ActionRequest.WithListAndFirstPblock(iip, methods, readDataBlock(in));
        }
        if (choice == 6) {
            InvokeIdAndPriority iip = readIip(in);
            return new ActionRequest.WithPblock(iip, readDataBlock(in));
        }
        throw in.errorAt(unsupported("action-request", choice, new String[] {null, "normal", "next-pblock",
                "with-list", "with-first-pblock", "with-list-and-first-pblock", "with-pblock"}), at);
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the response
     */
    public static ActionResponse decodeActionResponse(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("action-response choice");
        if (choice == 1) {
            InvokeIdAndPriority iip = readIip(in);
            ActionResult result = readActionResult(in);
            GetDataResult ret = readPresence(in, "return-parameters") ? readGetDataResult(in, data) : null;
            return new ActionResponse.Normal(iip, result, ret);
        }
        if (choice == 3) {
            InvokeIdAndPriority iip = readIip(in);
            int count = readCount(in, "list-of-responses", ACTION_RESPONSE_WITH_OPTIONAL_DATA_MIN_LENGTH);
            List<ActionResponseWithOptionalData> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ActionResult result = readActionResult(in);
                GetDataResult ret = readPresence(in, "return-parameters") ? readGetDataResult(in, data) : null;
                results.add(new ActionResponseWithOptionalData(result, ret));
            }
            return new ActionResponse.WithList(iip, results);
        }
        if (choice == 2) {
            InvokeIdAndPriority iip = readIip(in);
            return new ActionResponse.WithPblock(iip, readDataBlock(in));
        }
        if (choice == 4) {
            InvokeIdAndPriority iip = readIip(in);
            return new ActionResponse.NextPblock(iip, in.readU32("block-number"));
        }
        throw in.errorAt(unsupported("action-response", choice, new String[] {null, "normal", "with-pblock",
                "with-list", "next-pblock"}), at);
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the notification
     */
    public static DataNotification decodeDataNotification(AxdrReader in, AxdrDataCodec data) {
        int iipAt = in.offset();
        long iipValue = in.readU32("long-invoke-id-and-priority");
        LongInvokeIdAndPriority iip;
        try {
            iip = LongInvokeIdAndPriority.fromLong(iipValue);
        } catch (IllegalArgumentException e) {
            throw in.errorAt(e.getMessage(), iipAt);
        }
        int timeAt = in.offset();
        int length = in.readBoundedLength("date-time");
        CosemDateTime time = null;
        if (length != 0) {
            if (length != CosemDateTime.LENGTH) {
                throw in.errorAt("date-time of a data-notification must be empty or 12 bytes, got " + length, timeAt);
            }
            time = readDateTime(in, "date-time");
        }
        return new DataNotification(iip, time, data.decode(in));
    }

    /**
     * @param in positioned after the tag
     * @param data the data decoder of this APDU
     * @return the notification
     */
    public static EventNotificationRequest decodeEventNotificationRequest(AxdrReader in, AxdrDataCodec data) {
        int flagAt = in.offset();
        int flag = in.readU8("presence flag of time");
        CosemDateTime time = null;
        if (flag == 1 || flag == GURUX_OCTET_STRING_PRESENCE) {
            int lengthAt = in.offset();
            int length = in.readBoundedLength("time");
            if (length != CosemDateTime.LENGTH) {
                throw in.errorAt("time of an event-notification-request must be 12 bytes, got " + length, lengthAt);
            }
            time = readDateTime(in, "time");
        } else if (flag != 0) {
            throw in.errorAt("presence flag of optional time must be 0 or 1, got " + flag, flagAt);
        }
        AttributeDescriptor attribute = readAttribute(in);
        return new EventNotificationRequest(time, attribute, data.decode(in));
    }

    private static CosemDateTime readDateTime(AxdrReader in, String what) {
        int at = in.offset();
        byte[] bytes = in.readBytes(CosemDateTime.LENGTH, what);
        try {
            return CosemDateTime.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw in.errorAt("invalid " + what + ": " + e.getMessage(), at);
        }
    }

    private static DataBlock readDataBlock(AxdrReader in) {
        // a BOOLEAN is true when non-zero, as for the get-response datablock
        boolean last = readBoolean(in, "last-block");
        long number = in.readU32("block-number");
        int len = in.readBoundedLength("raw-data");
        return new DataBlock(last, number, in.readBytes(len, "raw-data"));
    }

    private static ActionResult readActionResult(AxdrReader in) {
        int at = in.offset();
        int code = in.readU8("action-result");
        return ActionResult.lookup(code).orElseThrow(() -> in.errorAt("unknown action-result " + code, at));
    }

    /**
     * Reads the count of a SEQUENCE OF and checks that the bytes left can hold that many entries.
     *
     * @param minEntryLength the fewest bytes one entry takes
     */
    private static int readCount(AxdrReader in, String what, int minEntryLength) {
        int at = in.offset();
        int count = in.readLength(what);
        if ((long) count * minEntryLength > in.remaining()) {
            throw in.errorAt(what + " claims " + count + " entries but only " + in.remaining() + " bytes follow", at);
        }
        return count;
    }

    /**
     * Reads a SEQUENCE OF Data that the standard pairs by position with a list already read, so it
     * must have exactly as many entries.
     */
    private static List<DlmsData> readPairedData(AxdrReader in, AxdrDataCodec data, String what, int expected,
                                                 String pairedWith) {
        int at = in.offset();
        // each Data is at least its tag
        int count = readCount(in, what, 1);
        if (count != expected) {
            throw in.errorAt(what + " has " + count + (count == 1 ? " entry" : " entries") + " for " + expected
                    + " " + pairedWith + (expected == 1 ? "" : "s") + "; the lists pair up one to one", at);
        }
        List<DlmsData> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(data.decode(in));
        }
        return values;
    }

    private static String unsupported(String apdu, int choice, String[] names) {
        if (choice > 0 && choice < names.length) {
            return apdu + "-" + names[choice] + " (choice " + choice + ") is not supported";
        }
        return "unknown " + apdu + " choice " + choice;
    }

    private static boolean readPresence(AxdrReader in, String what) {
        int at = in.offset();
        int flag = in.readU8("presence flag of " + what);
        if (flag > 1) {
            throw in.errorAt("presence flag of optional " + what + " must be 0 or 1, got " + flag, at);
        }
        return flag == 1;
    }

    private static boolean readBoolean(AxdrReader in, String what) {
        return in.readU8(what) != 0;
    }

    private static InvokeIdAndPriority readIip(AxdrReader in) {
        int at = in.offset();
        int b = in.readU8("invoke-id-and-priority");
        try {
            return InvokeIdAndPriority.fromByte(b);
        } catch (IllegalArgumentException e) {
            throw in.errorAt(e.getMessage(), at);
        }
    }

    private static Conformance readConformance(AxdrReader in, String what) {
        int at = in.offset();
        int t1 = in.readU8(what + " tag");
        int t2 = in.readU8(what + " tag");
        if (t1 != CONFORMANCE_TAG_1 || t2 != CONFORMANCE_TAG_2) {
            throw in.errorAt(what + " must start with tag 5F 1F, got "
                    + String.format("%02X %02X", t1, t2), at);
        }
        int lenAt = in.offset();
        int len = in.readU8(what + " length");
        if (len != 4) {
            throw in.errorAt(what + " bit string length must be 4, got " + len, lenAt);
        }
        int unusedAt = in.offset();
        int unused = in.readU8(what + " unused bits");
        if (unused != 0) {
            throw in.errorAt(what + " must have 0 unused bits, got " + unused, unusedAt);
        }
        need(in, 3, what);
        int bits = (in.readU8(what) << 16) | (in.readU8(what) << 8) | in.readU8(what);
        return Conformance.fromBits(bits);
    }

    private static void need(AxdrReader in, int n, String what) {
        if (in.remaining() < n) {
            throw in.error("truncated " + what + ": needs " + n + " bytes, " + in.remaining() + " left");
        }
    }

    private static AttributeDescriptor readAttribute(AxdrReader in) {
        need(in, ATTRIBUTE_DESCRIPTOR_LENGTH, "cosem-attribute-descriptor");
        int classId = in.readU16("class-id");
        ObisCode obis = ObisCode.fromBytes(in.readBytes(6, "instance-id"));
        int attributeId = in.readI8("attribute-id");
        return new AttributeDescriptor(classId, obis, attributeId);
    }

    private static MethodDescriptor readMethod(AxdrReader in) {
        int classId = in.readU16("class-id");
        ObisCode obis = ObisCode.fromBytes(in.readBytes(6, "instance-id"));
        int methodId = in.readI8("method-id");
        return new MethodDescriptor(classId, obis, methodId);
    }

    private static SelectiveAccess readOptionalSelectiveAccess(AxdrReader in, AxdrDataCodec data) {
        if (!readPresence(in, "access-selection")) {
            return null;
        }
        int selector = in.readU8("access-selector");
        return new SelectiveAccess(selector, data.decode(in));
    }

    private static GetDataResult readGetDataResult(AxdrReader in, AxdrDataCodec data) {
        int at = in.offset();
        int choice = in.readU8("get-data-result choice");
        if (choice == 0) {
            return GetDataResult.of(data.decode(in));
        } else if (choice == 1) {
            return GetDataResult.error(readDataAccessResult(in));
        }
        throw in.errorAt("unknown get-data-result choice " + choice + " (expected 0 data or 1 data-access-result)", at);
    }

    private static DataAccessResult readDataAccessResult(AxdrReader in) {
        int at = in.offset();
        int code = in.readU8("data-access-result");
        return DataAccessResult.lookup(code).orElseThrow(() -> in.errorAt("unknown data-access-result " + code, at));
    }
}
