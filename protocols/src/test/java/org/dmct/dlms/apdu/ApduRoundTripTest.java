package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** APDUs we build encode as the Green Book shows and decode back to equal values. */
class ApduRoundTripTest {

    private static final InitiateRequest IR = InitiateRequest.of(Conformance.fromBits(0x00FE1D), 0xFFFF);

    /** What OpenMUC jDLMS 1.8.0 sent for set(List) of control_mode (class 70, 0-0:96.3.10.255, attribute 4). */
    static final String JDLMS_SET_WITH_LIST = "C1 04 41 02 0046000060030AFF0400 0046000060030AFF0400 02 1602 1601";
    /** What OpenMUC jDLMS 1.8.0 sent for action(List) of remote_disconnect and remote_reconnect. */
    static final String JDLMS_ACTION_WITH_LIST = "C3 03 42 02 0046000060030AFF01 0046000060030AFF02 02 0F00 0F00";

    private static final AttributeDescriptor CONTROL_MODE = AttributeDescriptor.of(70, "0-0:96.3.10.255", 4);
    private static final MethodDescriptor REMOTE_DISCONNECT = MethodDescriptor.of(70, "0-0:96.3.10.255", 1);
    private static final MethodDescriptor REMOTE_RECONNECT = MethodDescriptor.of(70, "0-0:96.3.10.255", 2);

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(new RlrqApdu(RlrqApdu.NORMAL), "6203800100"),
                Arguments.of(new RlrqApdu(null), "6200"),
                Arguments.of(new RlreApdu(RlreApdu.NORMAL), "6303800100"),
                Arguments.of(new RlreApdu(RlreApdu.USER_DEFINED, Vectors.bytes("0800065F1F0400181E1DFFFF0007")),
                        "6315 80011E BE10040E0800065F1F0400181E1DFFFF0007"),
                Arguments.of(new RlrqApdu(RlrqApdu.NORMAL, Vectors.bytes("01000000065F1F040000FE1DFFFF")),
                        "6215 800100 BE10040E01000000065F1F040000FE1DFFFF"),
                Arguments.of(new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED, ServiceError.SERVICE_NOT_SUPPORTED),
                        "D80102"),
                Arguments.of(new ExceptionResponse(StateError.SERVICE_UNKNOWN, ServiceError.INVOCATION_COUNTER_ERROR, 100L),
                        "D8020600000064"),
                Arguments.of(ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_DLMS_VERSION_TOO_LOW),
                        "0E010601"),
                Arguments.of(new ConfirmedServiceError(ServiceErrorKind.READ, ErrorClass.ACCESS, 2), "0E050502"),
                Arguments.of(AarqApdu.lowLevel("12345678".getBytes(StandardCharsets.US_ASCII), IR),
                        "6036 A109060760857405080101 8A020780 8B0760857405080201 AC0A80083132333435363738"
                                + " BE10040E01000000065F1F040000FE1DFFFF"),
                Arguments.of(AarqApdu.lowestLevel(IR),
                        "601DA109060760857405080101BE10040E01000000065F1F040000FE1DFFFF"),
                Arguments.of(AareApdu.rejected(ApplicationContextName.LN_NO_CIPHERING, AssociationResult.REJECTED_PERMANENT,
                        ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.AUTHENTICATION_FAILURE),
                        ConfirmedServiceError.initiateError(ConfirmedServiceError.INITIATE_OTHER)),
                        "6123 80020780 A109060760857405080101 A203020101 A305A10302010D BE0604040E010600"),
                Arguments.of(AareApdu.rejected(ApplicationContextName.LN_NO_CIPHERING, AssociationResult.REJECTED_TRANSIENT,
                        ResultSourceDiagnostic.provider(AcseServiceProviderDiagnostic.NO_COMMON_ACSE_VERSION), null),
                        "611B 80020780 A109060760857405080101 A203020102 A305A203020102"),
                Arguments.of(new InitiateRequest(Vectors.bytes("000102030405060708090A0B0C0D0E0F"), false, 1, 6,
                        Conformance.fromBits(0x00101D), 1024),
                        "01 01 10 000102030405060708090A0B0C0D0E0F 01 00 01 01 06 5F1F040000101D 0400"),
                Arguments.of(new InitiateResponse(-1, 6, Conformance.fromBits(0x00101D), 512, InitiateResponse.VAA_NAME_SN),
                        "08 01 FF 06 5F1F040000101D 0200 FA00"),
                Arguments.of(new GetRequest.Next(InvokeIdAndPriority.of(1), 2), "C0024100000002"),
                Arguments.of(new GetResponse.WithDataBlock(InvokeIdAndPriority.of(1), false, 1, Vectors.bytes("0181C8"), null),
                        "C402 41 00 00000001 00 03 0181C8"),
                Arguments.of(new GetResponse.WithDataBlock(InvokeIdAndPriority.of(1), true, 3, null,
                        DataAccessResult.LONG_GET_ABORTED), "C402410100000003010F"),
                Arguments.of(new GetRequest.Normal(InvokeIdAndPriority.of(2), AttributeDescriptor.of(7, "1-0:99.1.0.255", 2),
                        new SelectiveAccess(2, DlmsData.structure(DlmsData.u32(1), DlmsData.u32(0), DlmsData.u16(1),
                                DlmsData.u16(0)))),
                        "C00142 0007 0100630100FF 02 01 02 0204 0600000001 0600000000 120001 120000"),
                // the with-list forms of SET and ACTION
                Arguments.of(new SetRequest.WithList(InvokeIdAndPriority.of(1),
                        List.of(AttributeRequest.of(CONTROL_MODE), AttributeRequest.of(CONTROL_MODE)),
                        List.of(DlmsData.enumValue(2), DlmsData.enumValue(1))), JDLMS_SET_WITH_LIST),
                Arguments.of(new SetRequest.WithList(new InvokeIdAndPriority(3, false, true),
                        List.of(AttributeRequest.of(AttributeDescriptor.of(8, "0-0:1.0.0.255", 2)),
                                new AttributeRequest(AttributeDescriptor.of(7, "0-0:99.98.0.255", 2),
                                        new SelectiveAccess(2, DlmsData.structure(DlmsData.u32(1), DlmsData.u32(2),
                                                DlmsData.u16(1), DlmsData.u16(0))))),
                        List.of(DlmsData.octets(new byte[] {1, 2}), DlmsData.nullData())),
                        "C104 83 02 0008 0000010000FF 02 00 0007 0000636200FF 02 01 02 0204 0600000001 0600000002"
                                + " 120001 120000 02 09020102 00"),
                Arguments.of(new SetRequest.WithList(InvokeIdAndPriority.of(4), List.of(), List.of()), "C104440000"),
                Arguments.of(new SetResponse.WithList(InvokeIdAndPriority.of(1),
                        List.of(DataAccessResult.SUCCESS, DataAccessResult.READ_WRITE_DENIED,
                                DataAccessResult.OTHER_REASON)),
                        "C50541 03 00 03 FA"),
                Arguments.of(new SetResponse.WithList(InvokeIdAndPriority.of(1), List.of()), "C5054100"),
                Arguments.of(new ActionRequest.WithList(InvokeIdAndPriority.of(2),
                        List.of(REMOTE_DISCONNECT, REMOTE_RECONNECT), List.of(DlmsData.i8(0), DlmsData.i8(0))),
                        JDLMS_ACTION_WITH_LIST),
                Arguments.of(new ActionRequest.WithList(InvokeIdAndPriority.of(5),
                        List.of(MethodDescriptor.of(9, "0-0:10.0.0.255", 1)), List.of(DlmsData.nullData())),
                        "C303 45 01 0009 00000A0000FF 01 01 00"),
                Arguments.of(new ActionResponse.WithList(InvokeIdAndPriority.of(2), List.of(
                        new ActionResponseWithOptionalData(ActionResult.SUCCESS),
                        new ActionResponseWithOptionalData(ActionResult.SUCCESS, GetDataResult.of(DlmsData.i8(5))),
                        new ActionResponseWithOptionalData(ActionResult.OBJECT_UNAVAILABLE,
                                GetDataResult.error(DataAccessResult.READ_WRITE_DENIED)))),
                        "C703 42 03 00 00 00 01 00 0F05 0B 01 01 03"),
                Arguments.of(new ActionResponse.WithList(InvokeIdAndPriority.of(2), List.of()), "C7034200"));
    }

    @Test
    void jdlmsSetWithListDecodesToTheRequestItMeansAndEncodesBackToTheSameBytes() {
        byte[] wire = Vectors.bytes(JDLMS_SET_WITH_LIST.replace(" ", ""));
        ApduDecodeResult r = ApduCodec.decode(wire);
        assertThat(r.isSuccess()).as("%s", r).isTrue();
        SetRequest.WithList set = r.as(SetRequest.WithList.class).orElseThrow();
        assertThat(set.invokeIdAndPriority()).isEqualTo(new InvokeIdAndPriority(1, true, false));
        assertThat(set.attributes()).extracting(AttributeRequest::attribute).containsExactly(CONTROL_MODE, CONTROL_MODE);
        assertThat(set.attributes()).extracting(AttributeRequest::selectiveAccess).containsOnlyNulls();
        assertThat(set.values()).containsExactly(DlmsData.enumValue(2), DlmsData.enumValue(1));
        assertThat(ApduCodec.encode(set)).isEqualTo(wire);
    }

    @Test
    void jdlmsActionWithListDecodesToTheRequestItMeansAndEncodesBackToTheSameBytes() {
        byte[] wire = Vectors.bytes(JDLMS_ACTION_WITH_LIST.replace(" ", ""));
        ApduDecodeResult r = ApduCodec.decode(wire);
        assertThat(r.isSuccess()).as("%s", r).isTrue();
        ActionRequest.WithList action = r.as(ActionRequest.WithList.class).orElseThrow();
        assertThat(action.invokeIdAndPriority()).isEqualTo(new InvokeIdAndPriority(2, true, false));
        assertThat(action.methods()).containsExactly(REMOTE_DISCONNECT, REMOTE_RECONNECT);
        assertThat(action.parameters()).containsExactly(DlmsData.i8(0), DlmsData.i8(0));
        assertThat(ApduCodec.encode(action)).isEqualTo(wire);
    }

    @Test
    void withListRecordsPairTheirListsAndCopyThem() {
        InvokeIdAndPriority iip = InvokeIdAndPriority.of(1);
        assertThatThrownBy(() -> new SetRequest.WithList(iip, List.of(AttributeRequest.of(CONTROL_MODE)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 attributes and 0 values");
        assertThatThrownBy(() -> new ActionRequest.WithList(iip, List.of(REMOTE_DISCONNECT),
                List.of(DlmsData.i8(0), DlmsData.i8(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 methods and 2 parameters");
        // with-list parameters are a SEQUENCE OF Data, not optional: null-data stands for "no parameter"
        assertThatThrownBy(() -> new ActionRequest.WithList(iip, List.of(REMOTE_DISCONNECT),
                Arrays.asList((DlmsData) null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SetResponse.WithList(iip, Arrays.asList(DataAccessResult.SUCCESS, null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionResponse.WithList(null, List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActionResponseWithOptionalData(null)).isInstanceOf(NullPointerException.class);

        List<DlmsData> values = new ArrayList<>(List.of(DlmsData.enumValue(2)));
        SetRequest.WithList set = new SetRequest.WithList(iip, List.of(AttributeRequest.of(CONTROL_MODE)), values);
        values.add(DlmsData.enumValue(3));
        assertThat(set.values()).containsExactly(DlmsData.enumValue(2));
        assertThatThrownBy(() -> set.values().add(DlmsData.enumValue(4)))
                .isInstanceOf(UnsupportedOperationException.class);
        List<MethodDescriptor> methods = new ArrayList<>(List.of(REMOTE_DISCONNECT));
        ActionRequest.WithList action = new ActionRequest.WithList(iip, methods, List.of(DlmsData.nullData()));
        methods.clear();
        assertThat(action.methods()).containsExactly(REMOTE_DISCONNECT);
        assertThatThrownBy(() -> action.parameters().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void encodesAsSpecifiedAndDecodesBack(Apdu apdu, String hex) {
        String expected = hex.replace(" ", "");
        assertThat(Vectors.hex(ApduCodec.encode(apdu))).isEqualTo(expected);
        ApduDecodeResult r = ApduCodec.decode(Vectors.bytes(expected));
        assertThat(r.isSuccess()).as("%s", r).isTrue();
        assertThat(r.apdu()).isEqualTo(apdu);
        assertThat(r.apdu().hashCode()).isEqualTo(apdu.hashCode());
    }

    @Test
    void exceptionResponseWithoutTheCounterIsAccepted() {
        ApduDecodeResult r = ApduCodec.decode(Vectors.bytes("D80106"));
        assertThat(r.apdu()).isEqualTo(new ExceptionResponse(StateError.SERVICE_NOT_ALLOWED,
                ServiceError.INVOCATION_COUNTER_ERROR));
    }

    @Test
    void aarqWithEveryModelledField() {
        AarqApdu a = new AarqApdu(ApplicationContextName.SN_CIPHERING, Vectors.bytes("4142430000000007"),
                Vectors.bytes("3082"), true, AuthenticationMechanism.HIGH_ECDSA, new byte[32], null,
                Vectors.bytes("DB0102"));
        Apdu back = ApduCodec.decode(ApduCodec.encode(a)).apdu();
        assertThat(back).isEqualTo(a);
        AareApdu e = new AareApdu(ApplicationContextName.LN_CIPHERING, AssociationResult.ACCEPTED,
                ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.AUTHENTICATION_REQUIRED),
                Vectors.bytes("46524E0000001267"), Vectors.bytes("01"), true, AuthenticationMechanism.HIGH_GMAC,
                new byte[16], null, null, Vectors.bytes("28020304"));
        assertThat(ApduCodec.decode(ApduCodec.encode(e)).apdu()).isEqualTo(e);
        assertThat(e.resultSourceDiagnostic().toString()).contains("AUTHENTICATION_REQUIRED");
    }

    @Test
    void acseFieldsDlmsDoesNotUseAreSkipped() {
        // AARQ with called-AP-title [2] and implementation-information [29] around the usual fields
        byte[] aarq = Vectors.bytes("6029 A2060404AABBCCDD A109060760857405080101 9D0378797A"
                .replace(" ", "") + "BE10040E01000000065F1F040000FE1DFFFF");
        aarq[1] = (byte) (aarq.length - 2);
        ApduDecodeResult r = ApduCodec.decode(aarq);
        assertThat(r.isSuccess()).as("%s", r).isTrue();
        assertThat(((AarqApdu) r.apdu()).userInformation()).isEqualTo(IR);
    }

    @Test
    void longAcseLengthsUseLongForm() {
        AarqApdu a = new AarqApdu(ApplicationContextName.LN_NO_CIPHERING, null, null, true, AuthenticationMechanism.LOW,
                new byte[300], IR, null);
        byte[] b = ApduCodec.encode(a);
        assertThat(Vectors.hex(b).substring(0, 6)).isEqualTo("608201");
        assertThat(ApduCodec.decode(b).apdu()).isEqualTo(a);
    }

    @Test
    void secretsStayOutOfToString() {
        AarqApdu a = AarqApdu.lowLevel("s3cr3t-pw".getBytes(StandardCharsets.US_ASCII), IR);
        assertThat(a.toString()).doesNotContain("s3cr3t").doesNotContain(Vectors.hex("s3cr3t-pw".getBytes()))
                .contains("9 bytes");
        InitiateRequest keyed = new InitiateRequest(Vectors.bytes("00112233445566778899AABBCCDDEEFF"), true, null, 6,
                Conformance.of(), 100);
        assertThat(keyed.toString()).doesNotContain("00112233").contains("16 bytes");
    }

    @Test
    void decodeFromByteBufConsumesAllReadableBytes() {
        ByteBuf buf = Unpooled.wrappedBuffer(Vectors.bytes("C5014700"));
        assertThat(ApduCodec.decode(buf).apdu()).isEqualTo(new SetResponse.Normal(new InvokeIdAndPriority(7, true, false),
                DataAccessResult.SUCCESS));
        assertThat(buf.isReadable()).isFalse();
        ByteBuf out = Unpooled.buffer();
        ApduCodec.encode(new SetResponse.Normal(InvokeIdAndPriority.of(7), DataAccessResult.SUCCESS), out);
        assertThat(out.readableBytes()).isEqualTo(4);
    }

    @Test
    void resultListHelpers() {
        List<GetDataResult> list = List.of(GetDataResult.of(DlmsData.u8(1)), GetDataResult.error(DataAccessResult.OTHER_REASON));
        byte[] b = ApduCodec.encodeGetDataResults(list);
        assertThat(Vectors.hex(b)).isEqualTo("0200110101FA");
        assertThat(ApduCodec.decodeGetDataResults(b)).isEqualTo(list);
    }

    @Test
    void recordsValidateTheirFields() {
        assertThatThrownBy(() -> new InvokeIdAndPriority(16, true, false)).hasMessageContaining("0..15");
        assertThatThrownBy(() -> InvokeIdAndPriority.fromByte(0x71)).hasMessageContaining("reserved bits");
        assertThatThrownBy(() -> new GetDataResult(null, null)).hasMessageContaining("neither");
        assertThatThrownBy(() -> new GetDataResult(DlmsData.u8(1), DataAccessResult.SUCCESS)).hasMessageContaining("both");
        assertThatThrownBy(() -> new GetResponse.WithDataBlock(InvokeIdAndPriority.of(1), true, 1, null, null))
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> new GetRequest.Next(InvokeIdAndPriority.of(1), -1)).hasMessageContaining("Unsigned32");
        assertThatThrownBy(() -> new SelectiveAccess(256, DlmsData.nullData())).hasMessageContaining("Unsigned8");
        assertThatThrownBy(() -> new InitiateRequest(null, true, 200, 6, Conformance.of(), 10)).hasMessageContaining("Integer8");
        assertThatThrownBy(() -> new InitiateResponse(null, 6, Conformance.of(), 70000, 7)).hasMessageContaining("Unsigned16");
        assertThatThrownBy(() -> new ExceptionResponse(StateError.SERVICE_UNKNOWN, ServiceError.OTHER_REASON, 5L))
                .hasMessageContaining("invocation-counter-error");
        assertThatThrownBy(() -> new ConfirmedServiceError(ServiceErrorKind.READ, ErrorClass.ACCESS, 256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AarqApdu(ApplicationContextName.LN_NO_CIPHERING, null, null, false, null, null, IR,
                new byte[1])).hasMessageContaining("not both");
        assertThatThrownBy(() -> new AareApdu(ApplicationContextName.LN_NO_CIPHERING, AssociationResult.ACCEPTED,
                ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NULL), null, null, false, null, null,
                InitiateResponse.of(Conformance.of(), 10), ConfirmedServiceError.initiateError(0), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invokeIdAndPriorityBits() {
        assertThat(InvokeIdAndPriority.fromByte(0x41)).isEqualTo(new InvokeIdAndPriority(1, true, false));
        assertThat(InvokeIdAndPriority.fromByte(0xC1)).isEqualTo(new InvokeIdAndPriority(1, true, true));
        assertThat(InvokeIdAndPriority.fromByte(0x8F)).isEqualTo(new InvokeIdAndPriority(15, false, true));
        for (int b = 0; b < 256; b++) {
            if ((b & 0x30) == 0) {
                assertThat(InvokeIdAndPriority.fromByte(b).toByte()).isEqualTo(b);
            }
        }
    }

    @Test
    void conformanceBits() {
        Conformance c = Conformance.fromBits(0x00FE1D);
        assertThat(c.contains(ConformanceBit.GET)).isTrue();
        assertThat(c.contains(ConformanceBit.READ)).isFalse();
        assertThat(ConformanceBit.RESERVED_ZERO.mask()).isEqualTo(0x800000);
        assertThat(ConformanceBit.ACTION.mask()).isEqualTo(0x000001);
        assertThat(Conformance.of(ConformanceBit.GET, ConformanceBit.SET).toBits()).isEqualTo(0x000018);
        assertThat(c.intersect(Conformance.fromBits(0x181E1D)).toBits()).isEqualTo(0x001E1D);
        for (int bit = 0; bit < 24; bit++) {
            assertThat(Conformance.fromBits(1 << bit).toBits()).isEqualTo(1 << bit);
        }
        assertThatThrownBy(() -> Conformance.fromBits(0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(c.toString()).contains("0x00FE1D").contains("GET");
    }

    @Test
    void decodeResultAccessors() {
        ApduDecodeResult ok = ApduCodec.decode(Vectors.bytes("C5014700"));
        assertThat(ok.isSuccess()).isTrue();
        assertThat(ok.as(SetResponse.Normal.class)).isPresent();
        assertThat(ok.as(GetResponse.class)).isEmpty();
        assertThat(ok.bytes()).containsExactly(0xC5, 0x01, 0x47, 0x00);
        assertThatThrownBy(ok::reason).isInstanceOf(IllegalStateException.class);

        ApduDecodeResult bad = ApduCodec.decode(Vectors.bytes("C50147"));
        assertThat(bad.isFailure()).isTrue();
        assertThat(bad.toOptional()).isEmpty();
        assertThat(bad.offset()).isEqualTo(3);
        assertThat(bad.offendingBytes()).isEmpty();
        assertThat(bad.reason()).contains("truncated data-access-result");
        assertThat(bad.toString()).contains("C50147 | ");
        assertThatThrownBy(bad::apdu).isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
    }
}
