package org.dmct.dlms.gurux;

import static org.assertj.core.api.Assertions.assertThat;

import gurux.dlms.GXByteBuffer;
import gurux.dlms.GXDLMSClient;
import gurux.dlms.GXDLMSNotify;
import gurux.dlms.GXDateTime;
import gurux.dlms.GXUInt32;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.DataType;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.GXDLMSProfileGeneric;
import gurux.dlms.objects.GXDLMSRegister;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.ActionParameterAssembler;
import org.dmct.dlms.apdu.ActionParameterSplitter;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.CaptureObjectDefinition;
import org.dmct.dlms.apdu.DataNotification;
import org.dmct.dlms.apdu.EventNotificationRequest;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.LongInvokeIdAndPriority;
import org.dmct.dlms.apdu.ProfileGenericSelection;
import org.dmct.dlms.apdu.SelectiveAccess;
import org.dmct.dlms.apdu.SetBlockAssembler;
import org.dmct.dlms.apdu.SetBlockSplitter;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.apdu.SetResponse;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byte vectors produced by Gurux DLMS 4.0.47 (GPL, test scope only), an implementation nobody
 * here wrote: our codec decodes what Gurux encodes, and our splitters and builders produce the
 * same bytes for the same content. Gurux is configured for the wrapper interface and its 8-byte
 * wrapper header is dropped.
 */
class GuruxCrossCheckTest {

    private static final int WRAPPER_HEADER = 8;
    /** Gurux's client sends confirmed, high-priority requests with invoke id 1. */
    private static final InvokeIdAndPriority GURUX_IIP = new InvokeIdAndPriority(1, true, true);
    private static TimeZone savedZone;

    @BeforeAll
    static void guruxDatesInUtc() {
        // Gurux builds COSEM date-times from the JVM's default zone; fix it so the expected bytes do not depend on CI
        savedZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restoreZone() {
        TimeZone.setDefault(savedZone);
    }

    private static GXDLMSClient client(int maxPdu) throws Exception {
        GXDLMSClient c = new GXDLMSClient(true, 16, 1, Authentication.NONE, null, InterfaceType.WRAPPER);
        c.setMaxReceivePDUSize(maxPdu);
        return c;
    }

    private static List<byte[]> apdus(byte[][] frames) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : frames) {
            int length = ((f[6] & 0xFF) << 8) | (f[7] & 0xFF);
            assertThat(f.length).as("wrapper length of %s", Vectors.hex(f)).isEqualTo(WRAPPER_HEADER + length);
            out.add(Arrays.copyOfRange(f, WRAPPER_HEADER, f.length));
        }
        return out;
    }

    private static Apdu decode(byte[] apdu) {
        ApduDecodeResult r = ApduCodec.decode(apdu);
        assertThat(r.isSuccess()).as("decoding Gurux's %s: %s", Vectors.hex(apdu), r).isTrue();
        return r.apdu();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    @ParameterizedTest(name = "max PDU {0}, octet-string of {1} bytes")
    @CsvSource({"64, 120", "64, 500", "256, 2000", "1024, 5000", "1024, 20000"})
    void setWithDatablocksMatchesGuruxByteForByte(int maxPdu, int valueLength) throws Exception {
        byte[] value = pattern(valueLength);
        GXDLMSData data = new GXDLMSData("0.0.96.1.0.255");
        data.setValue(value);
        List<byte[]> gurux = apdus(client(maxPdu).write(data, 2));
        assertThat(gurux).hasSizeGreaterThan(1);

        AttributeDescriptor attribute = AttributeDescriptor.of(1, "0-0:96.1.0.255", 2);
        SetBlockSplitter ours = SetBlockSplitter.forData(GURUX_IIP, attribute, null, DlmsData.octets(value), maxPdu);
        SetBlockAssembler server = new SetBlockAssembler();
        assertThat(ours.blockCount()).isEqualTo(gurux.size());

        SetRequest request = ours.firstRequest();
        for (int i = 0; i < gurux.size(); i++) {
            byte[] guruxApdu = gurux.get(i);
            assertThat(guruxApdu.length).isLessThanOrEqualTo(maxPdu);
            SetRequest decoded = (SetRequest) decode(guruxApdu);
            assertThat(decoded).isEqualTo(request);
            assertThat(Vectors.hex(ApduCodec.encode(request))).as("block %s", i + 1).isEqualTo(Vectors.hex(guruxApdu));
            // Gurux's blocks, acknowledged by our server side, drive our client side to the next block
            SetBlockAssembler.Step step = server.accept(decoded);
            if (i < gurux.size() - 1) {
                SetResponse.BlockAcknowledged ack = ((SetBlockAssembler.Acknowledge) step).response();
                request = ((SetBlockSplitter.Send) ours.accept(ack)).request();
            } else {
                SetBlockAssembler.Complete done = (SetBlockAssembler.Complete) step;
                assertThat(done.value()).isEqualTo(DlmsData.octets(value));
                assertThat(done.attribute()).isEqualTo(attribute);
                SetBlockSplitter.Step end = ours.accept(done.response(org.dmct.dlms.cosem.DataAccessResult.SUCCESS));
                assertThat(end).isEqualTo(new SetBlockSplitter.Complete(
                        org.dmct.dlms.cosem.DataAccessResult.SUCCESS, gurux.size(), true));
            }
        }
    }

    @ParameterizedTest(name = "max PDU {0}, parameter of {1} bytes")
    @CsvSource({"64, 120", "256, 2000", "1024, 20000"})
    void actionWithPblocksMatchesGuruxByteForByte(int maxPdu, int parameterLength) throws Exception {
        byte[] parameter = pattern(parameterLength);
        GXDLMSData data = new GXDLMSData("0.0.96.1.0.255");
        List<byte[]> gurux = apdus(client(maxPdu).method(data, 1, parameter, DataType.OCTET_STRING));
        assertThat(gurux).hasSizeGreaterThan(1);

        MethodDescriptor method = new MethodDescriptor(1, org.dmct.dlms.cosem.ObisCode.parse("0-0:96.1.0.255"), 1);
        ActionParameterSplitter ours = ActionParameterSplitter.forData(GURUX_IIP, method, DlmsData.octets(parameter),
                maxPdu);
        ActionParameterAssembler server = new ActionParameterAssembler();
        assertThat(ours.blockCount()).isEqualTo(gurux.size());
        ActionRequest request = ours.firstRequest();
        for (int i = 0; i < gurux.size(); i++) {
            ActionRequest decoded = (ActionRequest) decode(gurux.get(i));
            assertThat(decoded).isEqualTo(request);
            assertThat(Vectors.hex(ApduCodec.encode(request))).as("block %s", i + 1).isEqualTo(Vectors.hex(gurux.get(i)));
            ActionParameterAssembler.Step step = server.accept(decoded);
            if (i < gurux.size() - 1) {
                ActionResponse.NextPblock ack = ((ActionParameterAssembler.Acknowledge) step).response();
                request = ((ActionParameterSplitter.Send) ours.accept(ack)).request();
            } else {
                ActionParameterAssembler.Complete done = (ActionParameterAssembler.Complete) step;
                assertThat(done.parameters()).isEqualTo(DlmsData.octets(parameter));
                assertThat(done.method()).isEqualTo(method);
            }
        }
    }

    @Test
    void aValueThatFitsGoesAsANormalSetLikeGurux() throws Exception {
        byte[] value = pattern(40);
        GXDLMSData data = new GXDLMSData("0.0.96.1.0.255");
        data.setValue(value);
        List<byte[]> gurux = apdus(client(64).write(data, 2));
        SetRequest.Normal normal = new SetRequest.Normal(GURUX_IIP, AttributeDescriptor.of(1, "0-0:96.1.0.255", 2),
                DlmsData.octets(value));
        assertThat(gurux).hasSize(1);
        assertThat(SetBlockSplitter.needsBlockTransfer(normal, 64)).isFalse();
        assertThat(Vectors.hex(ApduCodec.encode(normal))).isEqualTo(Vectors.hex(gurux.get(0)));
    }

    @Test
    void guruxLeavesTheFinalBlockUnflaggedWhenItNearlyFillsABlockAndOurServerSideWaitsForTheLast() throws Exception {
        // 150 bytes at PDU 64: Gurux 4.0.47 sends 45 + 55 + 53 raw bytes, all of the value, but the third block
        // says last-block FALSE and there is no fourth; a server must not guess, so ours acknowledges and waits
        byte[] value = pattern(150);
        GXDLMSData data = new GXDLMSData("0.0.96.1.0.255");
        data.setValue(value);
        List<byte[]> gurux = apdus(client(64).write(data, 2));
        assertThat(gurux).hasSize(3);
        SetBlockAssembler server = new SetBlockAssembler();
        for (byte[] apdu : gurux) {
            assertThat(server.accept((SetRequest) decode(apdu))).isInstanceOf(SetBlockAssembler.Acknowledge.class);
        }
        assertThat(server.receivedBytes()).isEqualTo(DlmsData.octets(value).length() + 3);
        assertThat(server.isFinished()).isFalse();
        // ours marks the same third block as the last one
        SetBlockSplitter ours = SetBlockSplitter.forData(GURUX_IIP, AttributeDescriptor.of(1, "0-0:96.1.0.255", 2),
                null, DlmsData.octets(value), 64);
        assertThat(ours.blockCount()).isEqualTo(3);
    }

    private static GXDLMSProfileGeneric loadProfile() {
        GXDLMSProfileGeneric pg = new GXDLMSProfileGeneric("1.0.99.1.0.255");
        pg.addCaptureObject(new GXDLMSClock("0.0.1.0.0.255"), 2, 0);
        pg.addCaptureObject(new GXDLMSRegister("1.0.1.8.0.255"), 2, 0);
        return pg;
    }

    @Test
    void readRowsByRangeMatchesOurRangeDescriptor() throws Exception {
        List<byte[]> gurux = apdus(client(1024).readRowsByRange(loadProfile(),
                new GXDateTime(2024, 1, 2, 0, 0, 0, 0), new GXDateTime(2024, 1, 3, 0, 0, 0, 0)));
        assertThat(gurux).hasSize(1);
        // Gurux leaves the hundredths unspecified and sends the date-times as 12-byte octet-strings
        DlmsData from = DlmsData.dateTimeOctets(new CosemDateTime(2024, 1, 2, 2, 0, 0, 0, 0xFF, 0, 0));
        DlmsData to = DlmsData.dateTimeOctets(new CosemDateTime(2024, 1, 3, 3, 0, 0, 0, 0xFF, 0, 0));
        CaptureObjectDefinition clock = CaptureObjectDefinition.of(8, "0-0:1.0.0.255", 2);
        SelectiveAccess ours = SelectiveAccess.byRange(clock, from, to, List.of());
        GetRequest.Normal expected = new GetRequest.Normal(GURUX_IIP, AttributeDescriptor.of(7, "1-0:99.1.0.255", 2), ours);

        assertThat(decode(gurux.get(0))).isEqualTo(expected);
        assertThat(Vectors.hex(ApduCodec.encode(expected))).isEqualTo(Vectors.hex(gurux.get(0)));
        ProfileGenericSelection.ReadResult read = ProfileGenericSelection.read(
                ((GetRequest.Normal) decode(gurux.get(0))).selectiveAccess());
        assertThat(read).isEqualTo(new ProfileGenericSelection.Valid(
                new ProfileGenericSelection.ByRange(clock, from, to, List.of())));
    }

    @Test
    void readRowsByEntryMatchesOurEntryDescriptor() throws Exception {
        // Gurux's (index, count) become entries index..index+count-1; its column form names them directly
        List<byte[]> all = apdus(client(1024).readRowsByEntry(loadProfile(), 3, 5));
        List<byte[]> columns = apdus(client(1024).readRowsByEntry(loadProfile(), 3, 5, 1, 2));
        AttributeDescriptor buffer = AttributeDescriptor.of(7, "1-0:99.1.0.255", 2);
        GetRequest.Normal expectedAll = new GetRequest.Normal(GURUX_IIP, buffer, SelectiveAccess.byEntry(3, 7, 1, 0));
        GetRequest.Normal expectedColumns = new GetRequest.Normal(GURUX_IIP, buffer, SelectiveAccess.byEntry(3, 7, 1, 2));

        assertThat(decode(all.get(0))).isEqualTo(expectedAll);
        assertThat(Vectors.hex(ApduCodec.encode(expectedAll))).isEqualTo(Vectors.hex(all.get(0)));
        assertThat(decode(columns.get(0))).isEqualTo(expectedColumns);
        assertThat(Vectors.hex(ApduCodec.encode(expectedColumns))).isEqualTo(Vectors.hex(columns.get(0)));
        assertThat(ProfileGenericSelection.read(expectedColumns.selectiveAccess()))
                .isEqualTo(new ProfileGenericSelection.Valid(new ProfileGenericSelection.ByEntry(3, 7, 1, 2)));
    }

    private static GXDLMSNotify notifier() {
        return new GXDLMSNotify(true, 16, 1, InterfaceType.WRAPPER);
    }

    private static List<Map.Entry<GXDLMSObject, Integer>> energyRegister() {
        GXDLMSRegister register = new GXDLMSRegister("1.0.1.8.0.255");
        register.setValue(new GXUInt32(12345));
        List<Map.Entry<GXDLMSObject, Integer>> list = new ArrayList<>();
        list.add(new AbstractMap.SimpleEntry<>(register, 2));
        return list;
    }

    @Test
    void dataNotificationWithoutTimeMatchesGurux() throws Exception {
        GXByteBuffer body = new GXByteBuffer();
        body.setUInt8(0x12);
        body.setUInt16(0x1234);
        byte[] gurux = apdus(notifier().generateDataNotificationMessages(null, body)).get(0);
        // Gurux numbers its notifications from 1, confirmed and high priority
        DataNotification expected = new DataNotification(new LongInvokeIdAndPriority(1, false, false, true, true),
                null, DlmsData.u16(0x1234));
        assertThat(decode(gurux)).isEqualTo(expected);
        assertThat(Vectors.hex(ApduCodec.encode(expected))).isEqualTo(Vectors.hex(gurux));
    }

    @Test
    void dataNotificationWithTimeAndObjectListMatchesGurux() throws Exception {
        Date at = Date.from(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC).toInstant());
        GXByteBuffer body = new GXByteBuffer();
        body.setUInt8(0x12);
        body.setUInt16(0x1234);
        byte[] gurux = apdus(notifier().generateDataNotificationMessages(at, body)).get(0);
        DataNotification expected = new DataNotification(new LongInvokeIdAndPriority(1, false, false, true, true),
                new CosemDateTime(2024, 1, 2, 2, 3, 4, 5, 0, 0, 0), DlmsData.u16(0x1234));
        assertThat(decode(gurux)).isEqualTo(expected);
        assertThat(Vectors.hex(ApduCodec.encode(expected))).isEqualTo(Vectors.hex(gurux));

        byte[] list = apdus(notifier().generateDataNotificationMessages(null, energyRegister())).get(0);
        DataNotification expectedList = new DataNotification(new LongInvokeIdAndPriority(1, false, false, true, true),
                null, DlmsData.structure(DlmsData.u32(12345)));
        assertThat(decode(list)).isEqualTo(expectedList);
        assertThat(Vectors.hex(ApduCodec.encode(expectedList))).isEqualTo(Vectors.hex(list));
    }

    @Test
    void eventNotificationMatchesGurux() throws Exception {
        byte[] gurux = apdus(notifier().generateReport(null, energyRegister())).get(0);
        EventNotificationRequest expected = new EventNotificationRequest(null,
                AttributeDescriptor.of(3, "1-0:1.8.0.255", 2), DlmsData.u32(12345));
        assertThat(decode(gurux)).isEqualTo(expected);
        assertThat(Vectors.hex(ApduCodec.encode(expected))).isEqualTo(Vectors.hex(gurux));
    }

    @Test
    void eventNotificationWithTimeDecodesGuruxsPresenceFlagAndEncodesTheStandardOne() throws Exception {
        byte[] gurux = apdus(notifier().generateReport(new GXDateTime(2024, 1, 2, 3, 4, 5, 0), energyRegister()))
                .get(0);
        CosemDateTime time = new CosemDateTime(2024, 1, 2, 2, 3, 4, 5, 0xFF, 0, 0);
        EventNotificationRequest expected = new EventNotificationRequest(time,
                AttributeDescriptor.of(3, "1-0:1.8.0.255", 2), DlmsData.u32(12345));
        assertThat(decode(gurux)).isEqualTo(expected);
        // Gurux writes the octet-string tag 0x09 where A-XDR puts the OPTIONAL presence flag 0x01; nothing else differs
        byte[] ours = ApduCodec.encode(expected);
        assertThat(gurux[1]).isEqualTo((byte) 0x09);
        assertThat(ours[1]).isEqualTo((byte) 0x01);
        assertThat(Vectors.hex(Arrays.copyOfRange(ours, 2, ours.length)))
                .isEqualTo(Vectors.hex(Arrays.copyOfRange(gurux, 2, gurux.length)));
        assertThat(ours.length).isEqualTo(gurux.length);
    }
}
