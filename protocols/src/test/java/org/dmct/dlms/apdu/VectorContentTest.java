package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.DataType;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.dlms.cosem.ObisCode;
import org.junit.jupiter.api.Test;

/** Checks, field by field, what the decoded jDLMS vectors contain. */
class VectorContentTest {

    private static final String W = "wrapper.jsonl";
    private static final String H = "hdlc.jsonl";
    private static final String S = "wrapper-hls5.jsonl";

    private static Apdu plain(String file, String step, String from) {
        return ApduCodec.decode(Vectors.find(file, step, from).cosemPlain()).apdu();
    }

    private static Apdu acse(String file, String from) {
        return ApduCodec.decode(Vectors.find(file, "associate", from).acse()).apdu();
    }

    @Test
    void aarqWithoutSecurity() {
        AarqApdu aarq = (AarqApdu) acse(W, "CLIENT");
        assertThat(aarq.applicationContextName()).isEqualTo(ApplicationContextName.LN_NO_CIPHERING);
        assertThat(aarq.mechanismName()).isNull();
        assertThat(aarq.acseRequirements()).isFalse();
        assertThat(aarq.callingApTitle()).isNull();
        assertThat(aarq.callingAuthenticationValue()).isNull();
        InitiateRequest ir = aarq.userInformation();
        assertThat(ir.dedicatedKey()).isNull();
        assertThat(ir.responseAllowed()).isTrue();
        assertThat(ir.proposedQualityOfService()).isNull();
        assertThat(ir.proposedDlmsVersion()).isEqualTo(6);
        assertThat(ir.proposedConformance().toBits()).isEqualTo(0x00FE1D);
        assertThat(ir.proposedConformance().bits()).containsExactlyInAnyOrder(
                ConformanceBit.ATTRIBUTE0_SUPPORTED_WITH_SET, ConformanceBit.PRIORITY_MGMT_SUPPORTED,
                ConformanceBit.ATTRIBUTE0_SUPPORTED_WITH_GET, ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ,
                ConformanceBit.BLOCK_TRANSFER_WITH_SET_OR_WRITE, ConformanceBit.BLOCK_TRANSFER_WITH_ACTION,
                ConformanceBit.MULTIPLE_REFERENCES, ConformanceBit.GET, ConformanceBit.SET,
                ConformanceBit.SELECTIVE_ACCESS, ConformanceBit.ACTION);
        assertThat(ir.clientMaxReceivePduSize()).isEqualTo(0xFFFF);
        // the cosem_plain of the same step is the bare InitiateRequest
        assertThat(plain(W, "associate", "CLIENT")).isEqualTo(ir);
    }

    @Test
    void aareAccepted() {
        AareApdu aare = (AareApdu) acse(W, "SERVER");
        assertThat(aare.applicationContextName()).isEqualTo(ApplicationContextName.LN_NO_CIPHERING);
        assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);
        assertThat(aare.resultSourceDiagnostic().source()).isEqualTo(ResultSourceDiagnostic.Source.ACSE_SERVICE_USER);
        assertThat(aare.resultSourceDiagnostic().userDiagnostic()).contains(AcseServiceUserDiagnostic.NULL);
        InitiateResponse r = aare.userInformation();
        assertThat(r.negotiatedQualityOfService()).isNull();
        assertThat(r.negotiatedDlmsVersion()).isEqualTo(6);
        assertThat(r.negotiatedConformance().toBits()).isEqualTo(0x181E1D);
        assertThat(r.negotiatedConformance().contains(ConformanceBit.GET)).isTrue();
        assertThat(r.negotiatedConformance().contains(ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ)).isTrue();
        assertThat(r.negotiatedConformance().contains(ConformanceBit.ATTRIBUTE0_SUPPORTED_WITH_SET)).isFalse();
        assertThat(r.serverMaxReceivePduSize()).isEqualTo(0xFFFF);
        assertThat(r.vaaName()).isEqualTo(InitiateResponse.VAA_NAME_LN);
        assertThat(aare.initiateError()).isNull();
    }

    @Test
    void hlsAarqCarriesMechanismTitleAndChallenge() {
        AarqApdu aarq = (AarqApdu) acse(S, "CLIENT");
        assertThat(aarq.applicationContextName()).isEqualTo(ApplicationContextName.LN_CIPHERING);
        assertThat(aarq.mechanismName()).isEqualTo(AuthenticationMechanism.HIGH_GMAC);
        assertThat(aarq.acseRequirements()).isTrue();
        byte[] title = aarq.callingApTitle();
        assertThat(new String(title, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("ABC");
        assertThat(title).hasSize(8);
        assertThat(title[3] | title[4] | title[5] | title[6]).isZero();
        assertThat(title[7]).isEqualTo((byte) 7);
        assertThat(aarq.callingAuthenticationValue()).hasSize(64);
        assertThat(aarq.userInformation()).isNull();
        // the ciphered glo-initiate-request is kept raw for the security layer
        byte[] raw = aarq.rawUserInformation();
        assertThat(raw[0]).isEqualTo((byte) 0x21);
        assertThat(Vectors.hex(raw)).isEqualTo(Vectors.hex(Vectors.find(S, "associate", "CLIENT").cosemCiphered()));
        assertThat(aarq.toString()).doesNotContain(Vectors.hex(aarq.callingAuthenticationValue()));
    }

    @Test
    void hlsAareCarriesServerTitleAndChallenge() {
        AareApdu aare = (AareApdu) acse(S, "SERVER");
        assertThat(aare.applicationContextName()).isEqualTo(ApplicationContextName.LN_CIPHERING);
        assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);
        byte[] title = aare.respondingApTitle();
        assertThat(new String(title, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("FRN");
        assertThat(((title[5] & 0xFF) << 16) | ((title[6] & 0xFF) << 8) | (title[7] & 0xFF)).isEqualTo(4711);
        assertThat(aare.respondingAuthenticationValue()).hasSize(64);
        assertThat(aare.rawUserInformation()[0]).isEqualTo((byte) 0x28);
    }

    @Test
    void hlsPass3And4AreActionsOnTheAssociationObject() {
        ActionRequest.Normal req = (ActionRequest.Normal) ApduCodec.decode(
                Vectors.load(S).get(2).cosemPlain()).apdu();
        assertThat(req.invokeIdAndPriority()).isEqualTo(new InvokeIdAndPriority(1, true, true));
        assertThat(req.method()).isEqualTo(MethodDescriptor.of(15, "0-0:40.0.0.255", 1));
        assertThat(req.parameters().asBytes()).hasValueSatisfying(b -> assertThat(b).hasSize(17));
        ActionResponse.Normal resp = (ActionResponse.Normal) ApduCodec.decode(
                Vectors.load(S).get(3).cosemPlain()).apdu();
        assertThat(resp.result()).isEqualTo(ActionResult.SUCCESS);
        assertThat(resp.returnParameters().isSuccess()).isTrue();
        assertThat(resp.returnParameters().data().asBytes()).hasValueSatisfying(b -> assertThat(b).hasSize(17));
    }

    @Test
    void getRegisterValue() {
        GetRequest.Normal req = (GetRequest.Normal) plain(W, "get register value", "CLIENT");
        assertThat(req.invokeIdAndPriority()).isEqualTo(InvokeIdAndPriority.of(1));
        assertThat(req.invokeIdAndPriority().toByte()).isEqualTo(0x41);
        assertThat(req.attribute()).isEqualTo(new AttributeDescriptor(3, ObisCode.parse("1-0:1.8.0.255"), 2));
        assertThat(req.selectiveAccess()).isNull();

        GetResponse.Normal resp = (GetResponse.Normal) plain(W, "get register value", "SERVER");
        assertThat(resp.invokeIdAndPriority().invokeId()).isEqualTo(1);
        assertThat(resp.result().data()).isEqualTo(DlmsData.u32(1234568));
        assertThat(resp.result().data().asLong()).hasValue(0x0012D688);
    }

    @Test
    void getScalerUnit() {
        GetResponse.Normal resp = (GetResponse.Normal) plain(W, "get register scaler_unit", "SERVER");
        DlmsData su = resp.result().data();
        assertThat(su).isEqualTo(DlmsData.structure(DlmsData.i8(0), DlmsData.enumValue(30)));
        assertThat(su.asList().orElseThrow().get(1).asLong()).hasValue(30); // Wh
    }

    @Test
    void getClock() {
        GetRequest.Normal req = (GetRequest.Normal) plain(W, "get clock", "CLIENT");
        assertThat(req.attribute()).isEqualTo(AttributeDescriptor.of(8, "0-0:1.0.0.255", 2));
        GetResponse.Normal resp = (GetResponse.Normal) plain(W, "get clock", "SERVER");
        DlmsData value = resp.result().data();
        assertThat(value.type()).isEqualTo(DataType.OCTET_STRING);
        CosemDateTime t = value.asDateTime().orElseThrow();
        assertThat(t.year()).isEqualTo(2026);
        assertThat(t.month()).isEqualTo(11);
        assertThat(t.dayOfMonth()).isEqualTo(22);
        assertThat(t.dayOfWeek()).isEqualTo(CosemDateTime.NOT_SPECIFIED);
        assertThat(t.hour()).isEqualTo(11);
        assertThat(t.minute()).isEqualTo(13);
        assertThat(t.second()).isEqualTo(42);
        assertThat(t.hundredths()).isEqualTo(CosemDateTime.NOT_SPECIFIED);
        assertThat(t.deviation()).isZero();
        assertThat(t.clockStatus()).isZero();
        assertThat(t.toOffsetDateTime()).contains(OffsetDateTime.of(2026, 11, 22, 11, 13, 42, 0, ZoneOffset.UTC));
    }

    @Test
    void getWithList() {
        GetRequest.WithList req = (GetRequest.WithList) plain(W, "get-with-list", "CLIENT");
        assertThat(req.invokeIdAndPriority().invokeId()).isEqualTo(4);
        assertThat(req.attributes()).containsExactly(
                AttributeRequest.of(AttributeDescriptor.of(1, "1-0:0.2.0.255", 2)),
                AttributeRequest.of(AttributeDescriptor.of(70, "0-0:96.3.10.255", 2)),
                AttributeRequest.of(AttributeDescriptor.of(70, "0-0:96.3.10.255", 3)));

        GetResponse.WithList resp = (GetResponse.WithList) plain(W, "get-with-list", "SERVER");
        List<GetDataResult> results = resp.results();
        assertThat(results).hasSize(3);
        assertThat(results.get(0).data().asBytes()).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("P4X2G04"));
        assertThat(results.get(1).data()).isEqualTo(DlmsData.bool(true));
        assertThat(results.get(2).data()).isEqualTo(DlmsData.enumValue(1));
    }

    @Test
    void actionDisconnect() {
        ActionRequest.Normal req = (ActionRequest.Normal) plain(W, "action disconnect", "CLIENT");
        assertThat(req.method()).isEqualTo(MethodDescriptor.of(70, "0-0:96.3.10.255", 1));
        assertThat(req.parameters()).isEqualTo(DlmsData.i8(0));
        ActionResponse.Normal resp = (ActionResponse.Normal) plain(W, "action disconnect", "SERVER");
        assertThat(resp.result()).isEqualTo(ActionResult.SUCCESS);
        assertThat(resp.returnParameters()).isNull();
    }

    @Test
    void controlStateAfterDisconnect() {
        GetResponse.Normal resp = (GetResponse.Normal) plain(W, "get disconnect control attr 3", "SERVER");
        assertThat(resp.result().data()).isEqualTo(DlmsData.enumValue(0));
    }

    @Test
    void setClock() {
        SetRequest.Normal req = (SetRequest.Normal) plain(W, "set clock", "CLIENT");
        assertThat(req.attribute()).isEqualTo(AttributeDescriptor.of(8, "0-0:1.0.0.255", 2));
        CosemDateTime t = req.value().asDateTime().orElseThrow();
        assertThat(t.toLocalDateTime()).hasValueSatisfying(l -> assertThat(l.toString()).isEqualTo("2026-11-22T12:00"));
        SetResponse.Normal resp = (SetResponse.Normal) plain(W, "set clock", "SERVER");
        assertThat(resp.result()).isEqualTo(DataAccessResult.SUCCESS);
        assertThat(resp.invokeIdAndPriority().invokeId()).isEqualTo(7);
    }

    @Test
    void eventLogOf200Entries() {
        checkEventLog(W, 200);
        checkEventLog(S, 200);
        checkEventLog(H, 40);
    }

    private static void checkEventLog(String file, int entries) {
        GetResponse.Normal resp = (GetResponse.Normal) plain(file, "get event log", "SERVER");
        DlmsData.ArrayData log = (DlmsData.ArrayData) resp.result().data();
        assertThat(log.elements()).hasSize(entries);
        DlmsData first = log.elements().get(0);
        assertThat(first.type()).isEqualTo(DataType.STRUCTURE);
        List<DlmsData> fields = first.asList().orElseThrow();
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0).asDateTime().orElseThrow().toLocalDateTime())
                .hasValueSatisfying(l -> assertThat(l.toString()).isEqualTo("2026-11-01T00:00"));
        assertThat(fields.get(1)).isEqualTo(DlmsData.u16(0x8F57));
        for (DlmsData e : log.elements()) {
            assertThat(e.asList().orElseThrow().get(0).asDateTime()).isPresent();
            assertThat(e.asList().orElseThrow().get(1).type()).isEqualTo(DataType.LONG_UNSIGNED);
        }
    }

    @Test
    void undefinedObject() {
        GetRequest.Normal req = (GetRequest.Normal) plain(W, "get undefined object", "CLIENT");
        assertThat(req.attribute().instance()).isEqualTo(ObisCode.parse("0-0:96.99.99.255"));
        GetResponse.Normal resp = (GetResponse.Normal) plain(W, "get undefined object", "SERVER");
        assertThat(resp.result().isSuccess()).isFalse();
        assertThat(resp.result().error()).isEqualTo(DataAccessResult.OBJECT_UNDEFINED);
        assertThat(resp.result().error().dlmsName()).isEqualTo("object-undefined");
    }
}
