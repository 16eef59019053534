package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed APDUs come back as failures naming the fault; nothing escapes ApduCodec.decode. */
class ApduMalformedTest {

    /** A Cosem-Attribute-Descriptor-With-Selection: control_mode of the disconnect control, no selective access. */
    private static final String CONTROL_MODE = "0046000060030AFF0400";
    /** Cosem-Method-Descriptors of remote_disconnect and remote_reconnect. */
    private static final String DISCONNECT = "0046000060030AFF01";
    private static final String RECONNECT = "0046000060030AFF02";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // framing
                Arguments.of("", "empty APDU"),
                Arguments.of("55", "unknown APDU tag 0x55"),
                Arguments.of("C81E30000000", "glo-get-request claims 30 bytes but only 4 follow"),
                Arguments.of("DC00", "general-ded-ciphering (0xDC) is not supported"),
                Arguments.of("E6E600C0014100030100010800FF0200", "strip E6 E6 00"),
                Arguments.of("000100100001000DC001", "decode the wrapper layer first"),
                Arguments.of("C5014700 00", "1 trailing byte after the set-response"),
                Arguments.of("C4014100060012D688 FFFF", "2 trailing bytes after the get-response"),
                // GET
                Arguments.of("C004410000", "unknown get-request choice 4"),
                Arguments.of("C00171000301000108", "reserved bits 4-5 set"),
                Arguments.of("C0014100030100010800", "truncated cosem-attribute-descriptor"),
                Arguments.of("C0014100030100010800FF02", "truncated presence flag of access-selection"),
                Arguments.of("C0014100030100010800FF0202", "presence flag of optional access-selection must be 0 or 1, got 2"),
                Arguments.of("C0014100030100010800FF020101", "truncated data tag"),
                Arguments.of("C00241000001", "truncated block-number"),
                Arguments.of("C0034181C8 00030100010800FF0200", "attribute-descriptor-list claims 200 entries"),
                Arguments.of("C00341", "truncated length of attribute-descriptor-list"),
                Arguments.of("C4014100 07", "unknown data tag 7"),
                Arguments.of("C4014102", "unknown get-data-result choice 2"),
                Arguments.of("C4014101FF", "unknown data-access-result 255"),
                Arguments.of("C4014101", "truncated data-access-result"),
                Arguments.of("C40241010000000102FF", "unknown datablock result choice 2"),
                Arguments.of("C4024101000000010082010000", "raw-data claims 256 bytes but only 1 follow"),
                Arguments.of("C403418200FF 00 1100", "get-data-result list claims 255 entries"),
                Arguments.of("C4014100 09840000FFFF", "octet-string claims 65535 bytes"),
                Arguments.of("C4014100 " + "0201".repeat(40) + "00", "nests deeper than 32 levels"),
                Arguments.of("C4014100 1907EA0D16FF0B0D2AFF000000", "invalid date-time"),
                // SET and ACTION
                Arguments.of("C10241", "truncated cosem-attribute-descriptor"),
                Arguments.of("C10941", "unknown set-request choice 9"),
                Arguments.of("C1014100080000010000FF0200", "truncated data tag"),
                Arguments.of("C5024100", "truncated block-number"),
                Arguments.of("C10541", "truncated length of attribute-descriptor-list"),
                Arguments.of("C30241", "truncated block-number"),
                Arguments.of("C30541", "truncated length of cosem-method-descriptor-list"),
                Arguments.of("C70441", "truncated block-number"),
                Arguments.of("C301450046000060030AFF0105", "presence flag of optional method-invocation-parameters"),
                Arguments.of("C70241", "truncated last-block"),
                Arguments.of("C70145FF00", "unknown action-result 255"),
                Arguments.of("C701450001", "truncated get-data-result choice"),
                // SET-with-list (C1 04) and its response (C5 05)
                Arguments.of("C10441", "truncated length of attribute-descriptor-list"),
                Arguments.of("C1044181C8 " + CONTROL_MODE, "attribute-descriptor-list claims 200 entries"),
                Arguments.of("C1044102 " + CONTROL_MODE + CONTROL_MODE, "truncated length of value-list"),
                Arguments.of("C1044102 " + CONTROL_MODE + CONTROL_MODE + "01 1602",
                        "value-list has 1 entry for 2 attribute descriptors"),
                Arguments.of("C1044101 " + CONTROL_MODE + "02 1602 1601",
                        "value-list has 2 entries for 1 attribute descriptor;"),
                Arguments.of("C1044101 " + CONTROL_MODE + "8200FF 1602", "value-list claims 255 entries but only 2"),
                Arguments.of("C1044102 " + CONTROL_MODE + CONTROL_MODE + "02 1602", "truncated data tag"),
                Arguments.of("C1044102 " + CONTROL_MODE + CONTROL_MODE + "02 1602 16", "truncated enum"),
                Arguments.of("C1044102 " + CONTROL_MODE + "0046000060030AFF04 02 1602 1601",
                        "presence flag of optional access-selection must be 0 or 1, got 2"),
                Arguments.of("C1044102 " + CONTROL_MODE + CONTROL_MODE + "02 1602 1601 00", "1 trailing byte"),
                Arguments.of("C50541", "truncated length of set-response result list"),
                Arguments.of("C5054103 0000", "set-response result list claims 3 entries but only 2 bytes follow"),
                Arguments.of("C5054102 00FE", "unknown data-access-result 254"),
                Arguments.of("C5054101 0000", "1 trailing byte after the set-response"),
                // ACTION-with-list (C3 03) and its response (C7 03)
                Arguments.of("C30342", "truncated length of cosem-method-descriptor-list"),
                Arguments.of("C3034202 " + DISCONNECT, "cosem-method-descriptor-list claims 2 entries but only 9"),
                Arguments.of("C3034202 " + DISCONNECT + RECONNECT, "truncated length of method-invocation-parameters"),
                Arguments.of("C3034202 " + DISCONNECT + RECONNECT + "01 0F00",
                        "method-invocation-parameters has 1 entry for 2 method descriptors"),
                Arguments.of("C3034201 " + DISCONNECT + "05 0F00",
                        "method-invocation-parameters claims 5 entries but only 2 bytes follow"),
                Arguments.of("C3034202 " + DISCONNECT + RECONNECT + "02 0F00 0F", "truncated integer"),
                Arguments.of("C3034201 " + DISCONNECT + "01 0F00 0F00", "2 trailing bytes after the action-request"),
                Arguments.of("C70342", "truncated length of list-of-responses"),
                Arguments.of("C7034202 0000", "list-of-responses claims 2 entries but only 2 bytes follow"),
                Arguments.of("C7034201 FF00", "unknown action-result 255"),
                Arguments.of("C7034201 0002", "presence flag of optional return-parameters must be 0 or 1, got 2"),
                Arguments.of("C7034202 0000 0001", "truncated get-data-result choice"),
                Arguments.of("C7034201 0001 0207", "unknown get-data-result choice 2"),
                // errors
                Arguments.of("D80302", "unknown state-error 3"),
                Arguments.of("D80107", "unknown service-error 7"),
                Arguments.of("D801", "truncated service-error"),
                Arguments.of("D8010600", "truncated invocation counter"),
                Arguments.of("0E140600", "unknown confirmed-service-error choice 20"),
                Arguments.of("0E010B00", "unknown service-error choice 11"),
                Arguments.of("0E0106", "truncated service-error code"),
                // initiate
                Arguments.of("01000000065F2004000000FE1DFFFF", "must start with tag 5F 1F"),
                Arguments.of("01000000065F1F03000000FE1DFFFF", "bit string length must be 4, got 3"),
                Arguments.of("01000000065F1F040100FE1DFFFF", "must have 0 unused bits, got 1"),
                Arguments.of("01000000065F1F040000FE", "truncated proposed-conformance"),
                Arguments.of("01000000065F1F040000FE1DFF", "truncated client-max-receive-pdu-size"),
                Arguments.of("0102", "presence flag of optional dedicated-key must be 0 or 1"),
                Arguments.of("010140AA", "dedicated-key claims 64 bytes but only 1 follow"),
                Arguments.of("0800065F1F0400181E1DFFFF00", "truncated vaa-name"),
                // AARQ
                Arguments.of("601DA109060760857405080101", "AARQ claims 29 bytes but only 11 follow"),
                Arguments.of("6080", "indefinite length form 0x80"),
                Arguments.of("6000", "AARQ has no application-context-name"),
                Arguments.of("60LL 8F0100", "unexpected field tag 0x8F in AARQ"),
                Arguments.of("60LL A109060760857405080101 A109060760857405080101", "duplicate field tag 0xA1 in AARQ"),
                Arguments.of("60LL A109060760857405080105", "2.16.756.5.8.1.5 is not a DLMS application context"),
                Arguments.of("60LL A109060760857405090101", "2.16.756.5.9.1.1 is not a DLMS application context"),
                Arguments.of("60LL A109060760857405080101 8B0760857405080209", "2.16.756.5.8.2.9 is not a DLMS authentication"),
                Arguments.of("60LL A109040760857405080101", "must have tag 0x06, got 0x04"),
                Arguments.of("60LL A10A06076085740508010100", "trailing byte after the application-context-name"),
                Arguments.of("60LL A10A0681FF60857405080101", "claims 255 bytes but only 7 follow"),
                Arguments.of("60LL A109060760857405080101 BE03040155", "AARQ user-information holds tag 0x55"),
                Arguments.of("60LL A109060760857405080101 BE030401C0", "holds get-request (0xC0)"),
                Arguments.of("60LL A109060760857405080101 AC03810100", "choice 0x81 is not supported"),
                Arguments.of("60LL BF1F00", "multi-byte BER tag 0xBF"),
                Arguments.of("60LL A109060760857405080101 8A0100 8A0100", "duplicate field tag 0x8A"),
                Arguments.of("60LL A109060760857405080101 8A020800", "invalid unused-bit count 8"),
                Arguments.of("60LL A109060760857405080101 BE11040F01000000065F1F040000FE1DFFFF00",
                        "trailing byte after the initiate-request in user-information"),
                Arguments.of("60LL A109060760857405080101 BE0F040D01000000065F1F040000FE1DFF",
                        "truncated client-max-receive-pdu-size"),
                // AARE
                Arguments.of("61LL A109060760857405080101 A305A103020100", "AARE has no result"),
                Arguments.of("61LL A109060760857405080101 A203020100", "AARE has no result-source-diagnostic"),
                Arguments.of("61LL A109060760857405080101 A203020103 A305A103020100", "unknown association result 3"),
                Arguments.of("61LL A109060760857405080101 A203020100 A305A303020100", "neither acse-service-user"),
                Arguments.of("61LL A109060760857405080101 A203020100 A305A103040100", "must have tag 0x02, got 0x04"),
                Arguments.of("61LL A109060760857405080101 A2020200 A305A103020100", "INTEGER must have 1 to 4 content bytes, got 0"),
                Arguments.of("61LL 80020700 A109060760857405080101 A203020100 A305A103020100",
                        "protocol-version does not include version1"),
                Arguments.of("61LL A109060760857405080101 A203020100 A305A103020100 BE03040155",
                        "AARE user-information holds tag 0x55"),
                // release
                Arguments.of("6203A10100", "unexpected field tag 0xA1 in RLRQ"),
                Arguments.of("6307800500000000FF", "INTEGER must have 1 to 4 content bytes, got 5"),
                Arguments.of("6205800100", "RLRQ claims 5 bytes but only 3 follow"),
                Arguments.of("62LL BE03050100", "user-information must have tag 0x04, got 0x05"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("malformed")
    void failsWithAUsefulReason(String hex, String reason) {
        byte[] bytes = Vectors.bytes(withOuterLength(hex));
        ApduDecodeResult r = ApduCodec.decode(bytes);
        assertThat(r.isFailure()).as("decoding %s gave %s", hex, r).isTrue();
        assertThat(r.reason()).contains(reason);
        assertThat(r.offset()).isBetween(0, bytes.length);
        assertThat(r.bytes()).isEqualTo(bytes);
        assertThat(r.toString()).contains(reason);
    }

    /** Replaces the "LL" after an ACSE tag with the length of what follows, so the cases stay readable. */
    private static String withOuterLength(String hex) {
        String h = hex.replace(" ", "");
        if (h.length() >= 4 && h.startsWith("LL", 2)) {
            return h.substring(0, 2) + String.format("%02X", (h.length() - 4) / 2) + h.substring(4);
        }
        return h;
    }

    @Test
    void nullInputIsAFailureToo() {
        assertThat(ApduCodec.decode((byte[]) null).reason()).contains("null");
    }

    static List<byte[]> vectorApdus() {
        List<byte[]> list = new ArrayList<>();
        for (Vectors.Line l : Vectors.all()) {
            if (l.acse() != null) {
                list.add(l.acse());
            }
            if (l.cosemPlain() != null) {
                list.add(l.cosemPlain());
            }
        }
        return list;
    }

    @Test
    @Timeout(20)
    void everyTruncationOfEveryVectorFails() {
        int checked = 0;
        for (byte[] apdu : vectorApdus()) {
            for (int len = 0; len < apdu.length; len++) {
                byte[] prefix = Arrays.copyOf(apdu, len);
                ApduDecodeResult r = ApduCodec.decode(prefix);
                assertThat(r.isFailure()).as("prefix %s of %s decoded as %s", len, Vectors.hex(apdu), r).isTrue();
                assertThat(r.offset()).isBetween(0, len);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(9_000);
    }

    /** Valid encodings of every with-list form of SET and ACTION, requests and responses. */
    static List<byte[]> withListApdus() {
        return Stream.of(ApduRoundTripTest.JDLMS_SET_WITH_LIST, ApduRoundTripTest.JDLMS_ACTION_WITH_LIST,
                        "C10483 02 00080000010000FF0200 00070000636200FF0201020204060000000106000000021200011200"
                                + "00 02 09020102 00",
                        "C50541 03 00 03 FA", "C703 42 03 00 00 00 01 00 0F05 0B 01 01 03")
                .map(h -> Vectors.bytes(h.replace(" ", ""))).toList();
    }

    @Test
    void everyTruncationOfTheWithListFormsFails() {
        List<byte[]> apdus = withListApdus();
        for (byte[] apdu : apdus) {
            assertThat(ApduCodec.decode(apdu).isSuccess()).as("%s itself", Vectors.hex(apdu)).isTrue();
            for (int len = 0; len < apdu.length; len++) {
                ApduDecodeResult r = ApduCodec.decode(Arrays.copyOf(apdu, len));
                assertThat(r.isFailure()).as("prefix %s of %s decoded as %s", len, Vectors.hex(apdu), r).isTrue();
                assertThat(r.offset()).isBetween(0, len);
            }
            byte[] longer = Arrays.copyOf(apdu, apdu.length + 1);
            assertThat(ApduCodec.decode(longer).reason()).contains("trailing");
        }
    }

    @Test
    void everyVectorWithTrailingGarbageFails() {
        for (byte[] apdu : vectorApdus()) {
            byte[] longer = Arrays.copyOf(apdu, apdu.length + 1);
            ApduDecodeResult r = ApduCodec.decode(longer);
            assertThat(r.isFailure()).as("%s + 00", Vectors.hex(apdu)).isTrue();
            assertThat(r.reason()).containsAnyOf("trailing", "claims");
        }
    }

    @Test
    @Timeout(30)
    void mutatedVectorsNeverThrowOrHang() {
        Random random = new Random(4059);
        List<byte[]> apdus = vectorApdus();
        int failures = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] b = apdus.get(random.nextInt(apdus.size())).clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(3)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                    default -> b = Arrays.copyOf(b, Math.max(1, b.length - random.nextInt(4)));
                }
            }
            ApduDecodeResult r = ApduCodec.decode(b);
            assertThat(r).isNotNull();
            if (r.isFailure()) {
                failures++;
                assertThat(r.reason()).isNotBlank();
                assertThat(r.offset()).isBetween(0, b.length);
            } else {
                // whatever decodes must encode again, to something that decodes to the same value
                assertThat(ApduCodec.decode(ApduCodec.encode(r.apdu())).apdu()).isEqualTo(r.apdu());
            }
        }
        assertThat(failures).isPositive();
    }

    @Test
    @Timeout(20)
    void randomBytesWithApduTagsNeverThrow() {
        Random random = new Random(62056);
        int[] tags = {0x01, 0x08, 0x0E, 0x0F, 0x60, 0x61, 0x62, 0x63, 0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC7, 0xD8};
        for (int i = 0; i < 30_000; i++) {
            byte[] b = new byte[1 + random.nextInt(48)];
            random.nextBytes(b);
            b[0] = (byte) tags[random.nextInt(tags.length)];
            if (b.length > 1 && random.nextBoolean()) {
                b[1] = (byte) (b[0] >= 0x60 && b[0] <= 0x63 ? b.length - 2 : 1 + random.nextInt(3));
            }
            ApduDecodeResult r = ApduCodec.decode(b);
            assertThat(r).isNotNull();
        }
    }
}
