package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.wrapper.WrapperPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed data-notification, event-notification-request and SET/ACTION block APDUs come back as
 * failures naming the field and offset; notifications pass through the wrapper pipeline between
 * responses; malformed profile generic selections are reported, not thrown.
 */
class NotificationAndBlockMalformedTest {

    /** Valid encodings of every new form, one each. */
    static final List<String> VALID = List.of(
            "0F 40000007 00 1102",                                           // data-notification, no time
            "0F C0000001 0C 07E8010202030405000000 00 12 1234",              // data-notification with time
            "C2 00 0003 0100010800FF 02 06 00003039",                        // event-notification, no time
            "C2 01 0C 07E8010202030405FF000000 0003 0100010800FF 02 06 00003039",
            "C1 02 45 0001 0000600100FF 02 00 00 00000001 03 090101",          // set with-first-datablock
            "C1 02 45 0001 0000600100FF 02 01 02 0204 0600000001 0600000000 120001 120000 01 00000001 01 11",
            "C1 03 45 01 00000002 02 AABB",                                   // set with-datablock
            "C1 05 45 02 0001 0000600100FF 02 00 0001 0000600200FF 02 00 00 00000001 02 0102",
            "C5 02 45 00000001", "C5 03 45 13 00000003", "C5 04 45 02 00 03 00000004",
            "C3 02 45 00000001",                                              // action next-pblock
            "C3 04 45 0012 00002C0000FF 02 00 00000001 02 0900",             // action with-first-pblock
            "C3 05 45 02 0012 00002C0000FF 01 0012 00002C0000FF 02 01 00000001 01 00",
            "C3 06 45 01 00000002 01 11",                                     // action with-pblock
            "C7 02 45 01 00000001 02 1107", "C7 04 45 00000002");

    static Stream<Arguments> malformed() {
        return Stream.of(
                // data-notification
                Arguments.of("0F", "truncated long-invoke-id-and-priority", 1),
                Arguments.of("0F 400000", "truncated long-invoke-id-and-priority", 1),
                Arguments.of("0F 41000007 00 1102", "reserved bits 24-27 set", 1),
                Arguments.of("0F 40000007", "truncated length of date-time", 5),
                Arguments.of("0F 40000007 05 0102030405 1102", "must be empty or 12 bytes, got 5", 5),
                Arguments.of("0F 40000007 0C 0102", "date-time claims 12 bytes but only 2 follow", 5),
                Arguments.of("0F 40000007 0C 07E80D0202030405000000 00 1102", "invalid date-time", 6),
                Arguments.of("0F 40000007 00", "truncated data tag", 6),
                Arguments.of("0F 40000007 00 07", "unknown data tag 7", 6),
                Arguments.of("0F 40000007 00 1102 00", "1 trailing byte after the data-notification", 8),
                // event-notification-request
                Arguments.of("C2", "truncated presence flag of time", 1),
                Arguments.of("C2 02 0003 0100010800FF 02 1100", "presence flag of optional time must be 0 or 1, got 2", 1),
                Arguments.of("C2 01 0B 07E8010202030405FF0000 0003", "time of an event-notification-request must be 12 bytes, got 11", 2),
                Arguments.of("C2 01 0C 07E8010202030405", "time claims 12 bytes but only 8 follow", 2),
                Arguments.of("C2 00 0003 0100010800", "truncated cosem-attribute-descriptor", 2),
                Arguments.of("C2 00 0003 0100010800FF 02", "truncated data tag", 11),
                Arguments.of("C2 00 0003 0100010800FF 02 1100 FF", "1 trailing byte after the event-notification-request", 13),
                // SET block forms
                Arguments.of("C1 02 45 0001 0000600100FF 02 00", "truncated last-block", 13),
                Arguments.of("C1 02 45 0001 0000600100FF 02 00 00 000000", "truncated block-number", 14),
                Arguments.of("C1 02 45 0001 0000600100FF 02 00 00 00000001", "truncated length of raw-data", 18),
                Arguments.of("C1 02 45 0001 0000600100FF 02 00 00 00000001 05 0909", "raw-data claims 5 bytes but only 2 follow", 18),
                Arguments.of("C1 02 45 0001 0000600100FF 02 03 00 00000001 01 11", "presence flag of optional access-selection", 12),
                Arguments.of("C1 03 75 01 00000002 01 11", "reserved bits 4-5 set", 2),
                Arguments.of("C1 03 45 01 00000002 8500000001 11", "uses 5 length bytes", 8),
                Arguments.of("C1 03 45 01 00000002 01 11 11", "1 trailing byte after the set-request", 10),
                Arguments.of("C1 05 45 05 0001 0000600100FF 02 00", "attribute-descriptor-list claims 5 entries", 3),
                Arguments.of("C5 02 45 000000", "truncated block-number", 3),
                Arguments.of("C5 03 45 FE 00000001", "unknown data-access-result 254", 3),
                Arguments.of("C5 03 45 00 000000", "truncated block-number", 4),
                Arguments.of("C5 04 45 09 00 00000001", "set-response result list claims 9 entries", 3),
                Arguments.of("C5 04 45 01 00", "truncated block-number", 5),
                Arguments.of("C5 06 45", "unknown set-response choice 6", 1),
                // ACTION block forms
                Arguments.of("C3 02 45 0000", "truncated block-number", 3),
                Arguments.of("C3 04 45 0012 00002C0000FF", "truncated method-id", 11),
                Arguments.of("C3 04 45 0012 00002C0000FF 02 00 00000001 03 0900", "raw-data claims 3 bytes but only 2 follow", 17),
                Arguments.of("C3 05 45 03 0012 00002C0000FF 01", "cosem-method-descriptor-list claims 3 entries", 3),
                Arguments.of("C3 06 45 01 00000002", "truncated length of raw-data", 8),
                Arguments.of("C3 07 45", "unknown action-request choice 7", 1),
                Arguments.of("C7 02 45 01 0000", "truncated block-number", 4),
                Arguments.of("C7 02 45 01 00000001 02 11", "raw-data claims 2 bytes but only 1 follow", 8),
                Arguments.of("C7 04 45 00000002 00", "1 trailing byte after the action-response", 7),
                Arguments.of("C7 05 45", "unknown action-response choice 5", 1));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("malformed")
    void failsNamingTheFieldAndOffset(String hex, String reason, int offset) {
        byte[] bytes = Vectors.bytes(hex);
        ApduDecodeResult r = ApduCodec.decode(bytes);
        assertThat(r.isFailure()).as("decoding %s gave %s", hex, r).isTrue();
        assertThat(r.reason()).contains(reason);
        assertThat(r.offset()).isEqualTo(offset);
        assertThat(r.bytes()).isEqualTo(bytes);
    }

    @Test
    void everyValidFormRoundTripsAndEveryTruncationAndExtensionFails() {
        for (String hex : VALID) {
            byte[] apdu = Vectors.bytes(hex);
            ApduDecodeResult whole = ApduCodec.decode(apdu);
            assertThat(whole.isSuccess()).as("%s itself: %s", hex, whole).isTrue();
            assertThat(Vectors.hex(ApduCodec.encode(whole.apdu()))).isEqualTo(Vectors.hex(apdu));
            for (int len = 0; len < apdu.length; len++) {
                ApduDecodeResult r = ApduCodec.decode(Arrays.copyOf(apdu, len));
                assertThat(r.isFailure()).as("prefix %s of %s decoded as %s", len, hex, r).isTrue();
                assertThat(r.offset()).isBetween(0, len);
            }
            assertThat(ApduCodec.decode(Arrays.copyOf(apdu, apdu.length + 1)).reason()).contains("trailing");
        }
    }

    @Test
    void notificationsArriveBetweenResponsesOnAnOpenAssociation() {
        EmbeddedChannel client = new EmbeddedChannel();
        List<String> received = new java.util.ArrayList<>();
        WrapperPipeline.install(client.pipeline(), 16, 1, new RawFrameListener() {
            @Override
            public void frameReceived(byte[] frame) {
                received.add(Vectors.hex(frame));
            }
        });
        // a GET response, a data-notification pushed meanwhile, an event-notification, then the next response
        String[] apdus = {"C4014100060012D688", "0F40000007001102", "C2000003 0100010800FF 02 0600003039",
                "C401420011 2A"};
        for (String apdu : apdus) {
            byte[] body = Vectors.bytes(apdu);
            byte[] frame = new byte[8 + body.length];
            System.arraycopy(Vectors.bytes("0001000100100000"), 0, frame, 0, 8);
            frame[7] = (byte) body.length;
            System.arraycopy(body, 0, frame, 8, body.length);
            client.writeInbound(Unpooled.wrappedBuffer(frame));
        }
        ApduDecodeResult first = client.readInbound();
        ApduDecodeResult data = client.readInbound();
        ApduDecodeResult event = client.readInbound();
        ApduDecodeResult second = client.readInbound();
        assertThat(first.apdu()).isInstanceOf(GetResponse.Normal.class);
        assertThat(data.apdu()).isEqualTo(new DataNotification(new LongInvokeIdAndPriority(7, false, false, true, false),
                null, DlmsData.u8(2)));
        assertThat(data.apdu()).isNotInstanceOf(ServiceApdu.class);
        assertThat(event.apdu()).isEqualTo(new EventNotificationRequest(null, AttributeDescriptor.of(3, "1-0:1.8.0.255", 2),
                DlmsData.u32(12345)));
        assertThat(((GetResponse.Normal) second.apdu()).invokeIdAndPriority().invokeId()).isEqualTo(2);
        assertThat(received).hasSize(4);
        assertThat(client.isActive()).isTrue();
        client.finishAndReleaseAll();
    }

    @Test
    void malformedProfileGenericSelectionsAreReportedNotThrown() {
        CaptureObjectDefinition clock = CaptureObjectDefinition.of(8, "0-0:1.0.0.255", 2);
        DlmsData goodClock = clock.toData();
        List<Object[]> cases = List.of(
                new Object[] {new SelectiveAccess(3, DlmsData.nullData()), "access selector 3 is not defined"},
                new Object[] {new SelectiveAccess(1, DlmsData.u8(1)), "range_descriptor (selector 1) must be a structure of 4"},
                new Object[] {new SelectiveAccess(1, DlmsData.structure(DlmsData.u8(1), DlmsData.u8(1), DlmsData.u8(1),
                        DlmsData.array())), "restricting_object of range_descriptor is not a capture_object_definition"},
                new Object[] {new SelectiveAccess(1, DlmsData.structure(DlmsData.structure(DlmsData.u16(8),
                        DlmsData.octets(new byte[5]), DlmsData.i8(2), DlmsData.u16(0)), DlmsData.u8(1), DlmsData.u8(1),
                        DlmsData.array())), "restricting_object"},
                new Object[] {new SelectiveAccess(1, DlmsData.structure(goodClock, DlmsData.u8(1), DlmsData.u8(1),
                        DlmsData.u8(0))), "selected_values of range_descriptor must be an array"},
                new Object[] {new SelectiveAccess(1, DlmsData.structure(goodClock, DlmsData.u8(1), DlmsData.u8(1),
                        DlmsData.array(goodClock, DlmsData.u16(3)))), "selected_values[1] of range_descriptor"},
                new Object[] {new SelectiveAccess(2, DlmsData.structure(DlmsData.u32(1), DlmsData.u32(2), DlmsData.u16(1))),
                        "entry_descriptor (selector 2) must be a structure of 4"},
                new Object[] {new SelectiveAccess(2, DlmsData.structure(DlmsData.u16(1), DlmsData.u32(2), DlmsData.u16(1),
                        DlmsData.u16(0))), "from_entry and to_entry of entry_descriptor must be double-long-unsigned"},
                new Object[] {new SelectiveAccess(2, DlmsData.structure(DlmsData.u32(1), DlmsData.u32(2), DlmsData.u32(1),
                        DlmsData.u16(0))), "must be long-unsigned"},
                new Object[] {SelectiveAccess.byEntry(5, 3, 1, 0), "to_entry is below from_entry"},
                new Object[] {SelectiveAccess.byEntry(1, 0, 4, 2), "to_selected_value is below from_selected_value"});
        for (Object[] c : cases) {
            ProfileGenericSelection.ReadResult r = ProfileGenericSelection.read((SelectiveAccess) c[0]);
            assertThat(r).as("%s", c[0]).isInstanceOf(ProfileGenericSelection.Invalid.class);
            assertThat(((ProfileGenericSelection.Invalid) r).reason()).contains((String) c[1]);
        }
        // the builders' output reads back as what was built
        SelectiveAccess range = SelectiveAccess.byRange(clock, DlmsData.u32(1), DlmsData.u32(9),
                List.of(clock, CaptureObjectDefinition.of(3, "1-0:1.8.0.255", 2)));
        assertThat(ProfileGenericSelection.read(range)).isEqualTo(new ProfileGenericSelection.Valid(
                new ProfileGenericSelection.ByRange(clock, DlmsData.u32(1), DlmsData.u32(9),
                        List.of(clock, CaptureObjectDefinition.of(3, "1-0:1.8.0.255", 2)))));
        assertThat(ProfileGenericSelection.read(SelectiveAccess.byEntry(1, 0, 2, 0)))
                .isEqualTo(new ProfileGenericSelection.Valid(new ProfileGenericSelection.ByEntry(1, 0, 2, 0)));
    }
}
