package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** APDUs we build encode as the Green Book shows and decode back to equal values. */
class ApduRoundTripTest {

    private static final InitiateRequest IR = InitiateRequest.of(Conformance.fromBits(0x00FE1D), 0xFFFF);

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
                        "C00142 0007 0100630100FF 02 01 02 0204 0600000001 0600000000 120001 120000"));
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
