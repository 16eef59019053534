package org.dmct.dlms.axdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.dlms.axdr.DlmsData.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.cosem.CosemDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every data type, with its edge values, survives encode then decode, and encodes as the Blue Book says. */
class DlmsDataRoundTripTest {

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    static Stream<DlmsData> values() {
        return Stream.of(
                nullData(), bool(true), bool(false),
                bitString(new byte[0], 0), bits(true), bits(true, false, true), bits(new boolean[8]),
                bitString(new byte[] {(byte) 0xA5, (byte) 0xC0}, 10), bitString(filled(40), 317),
                i8(Byte.MIN_VALUE), i8(-1), i8(0), i8(Byte.MAX_VALUE),
                i16(Short.MIN_VALUE), i16(0), i16(Short.MAX_VALUE),
                i32(Integer.MIN_VALUE), i32(0), i32(Integer.MAX_VALUE),
                i64(Long.MIN_VALUE), i64(0), i64(Long.MAX_VALUE),
                u8(0), u8(255), u16(0), u16(65535), u32(0), u32(0xFFFF_FFFFL),
                u64(0), u64(Long.MAX_VALUE), u64(-1L), u64(new BigInteger("18446744073709551615")),
                enumValue(0), enumValue(255),
                f32(0f), f32(-0f), f32(1.5f), f32(Float.NaN), f32(Float.POSITIVE_INFINITY), f32(Float.NEGATIVE_INFINITY),
                f32(Float.MIN_VALUE), f32(Float.MAX_VALUE),
                f64(0d), f64(-2.75d), f64(Double.NaN), f64(Double.POSITIVE_INFINITY), f64(Double.NEGATIVE_INFINITY),
                f64(Double.MIN_VALUE), f64(Double.MAX_VALUE),
                octets(new byte[0]), octets(filled(1)), octets(filled(127)), octets(filled(128)), octets(filled(255)),
                octets(filled(256)), octets(filled(65535)), octets(filled(65536)), octets(filled(70_000)),
                visible(""), visible("P4X2G04"), visible("x".repeat(300)), visible("\u0000\u00ff ctrl"),
                utf8(""), utf8("Zählerstand €"), utf8("\uD83D\uDD0C plug"),
                bcd(0x12), bcd(0xFF),
                dateTime(CosemDateTime.fromBytes(Vectors.bytes("07EA0B16FF0B0D2AFF000000"))),
                dateTime(new CosemDateTime(0xFFFF, 0xFE, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        CosemDateTime.DEVIATION_NOT_SPECIFIED, 0xFF)),
                dateTime(new CosemDateTime(2024, 3, 31, 7, 2, 0, 0, 0, -60, 0x80)),
                date(Vectors.bytes("07EA0B16FF")), time(Vectors.bytes("0B0D2AFF")),
                array(), structure(),
                structure(i8(0), enumValue(30)),
                array(structure(octets(filled(12)), u16(0x8F57)), structure(octets(filled(12)), u16(1))),
                array(array(array(array(u8(1))))),
                structure(nullData(), array(), structure(bool(true), visible("a"), u64(-1L))),
                array(Stream.generate(() -> (DlmsData) u8(7)).limit(300).collect(Collectors.toList())),
                nested(31));
    }

    static DlmsData nested(int depth) {
        DlmsData d = u8(1);
        for (int i = 1; i < depth; i++) {
            d = structure(d);
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("values")
    void roundTrips(DlmsData value) {
        byte[] encoded = AxdrCodec.encode(value);
        DlmsData decoded = AxdrCodec.decode(encoded);
        assertThat(decoded).isEqualTo(value);
        assertThat(decoded.hashCode()).isEqualTo(value.hashCode());
        assertThat(decoded.type()).isEqualTo(value.type());
        assertThat(encoded[0] & 0xFF).isEqualTo(value.type().tag());
        assertThat(AxdrCodec.encode(decoded)).isEqualTo(encoded);
    }

    @Test
    void everyDataTypeIsCovered() {
        Set<DataType> covered = values().map(DlmsData::type).collect(Collectors.toCollection(() -> EnumSet.noneOf(DataType.class)));
        assertThat(covered).containsExactlyInAnyOrder(DataType.values());
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(nullData(), "00"),
                Arguments.of(bool(true), "0301"),
                Arguments.of(bool(false), "0300"),
                Arguments.of(bits(true, false, true), "0403A0"),
                Arguments.of(i8(-1), "0FFF"),
                Arguments.of(i16(-2), "10FFFE"),
                Arguments.of(i32(0x01020304), "0501020304"),
                Arguments.of(i64(-1), "14FFFFFFFFFFFFFFFF"),
                Arguments.of(u8(200), "11C8"),
                Arguments.of(u16(0x8F57), "128F57"),
                Arguments.of(u32(1234568), "060012D688"),
                Arguments.of(u64(-1L), "15FFFFFFFFFFFFFFFF"),
                Arguments.of(enumValue(30), "161E"),
                Arguments.of(f32(1.0f), "173F800000"),
                Arguments.of(f64(1.0d), "183FF0000000000000"),
                Arguments.of(octets(Vectors.bytes("0102")), "09020102"),
                Arguments.of(visible("AB"), "0A024142"),
                Arguments.of(utf8("é"), "0C02C3A9"),
                Arguments.of(bcd(0x45), "0D45"),
                Arguments.of(date(Vectors.bytes("07EA0B16FF")), "1A07EA0B16FF"),
                Arguments.of(time(Vectors.bytes("0B0D2AFF")), "1B0B0D2AFF"),
                Arguments.of(structure(i8(0), enumValue(30)), "02020F00161E"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void encodesAsSpecified(DlmsData value, String hex) {
        assertThat(Vectors.hex(AxdrCodec.encode(value))).isEqualTo(hex);
    }

    @Test
    void lengthsUseShortestForm() {
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(127))), 2))).isEqualTo("097F");
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(128))), 3))).isEqualTo("098180");
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(255))), 3))).isEqualTo("0981FF");
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(256))), 4))).isEqualTo("09820100");
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(65535))), 4))).isEqualTo("0982FFFF");
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(octets(filled(65536))), 5))).isEqualTo("0983010000");
        List<DlmsData> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(nullData());
        }
        assertThat(Vectors.hex(Arrays.copyOf(AxdrCodec.encode(array(many)), 3))).isEqualTo("0181C8");
    }

    @Test
    void nanPayloadIsPreserved() {
        float oddNan = Float.intBitsToFloat(0x7FC00123);
        byte[] encoded = AxdrCodec.encode(f32(oddNan));
        assertThat(Vectors.hex(encoded)).isEqualTo("177FC00123");
    }

    @Test
    void decodeFromByteBufReadsExactlyOneValue() {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(Vectors.bytes("11070FFF"));
        assertThat(AxdrCodec.decode(buf)).isEqualTo(u8(7));
        assertThat(buf.readerIndex()).isEqualTo(2);
        assertThat(AxdrCodec.decode(buf)).isEqualTo(i8(-1));
        assertThat(buf.isReadable()).isFalse();
    }
}
