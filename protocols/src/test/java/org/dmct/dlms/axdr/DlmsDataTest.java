package org.dmct.dlms.axdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmct.dlms.axdr.DlmsData.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.cosem.CosemDateTime;
import org.junit.jupiter.api.Test;

/** Construction checks, content equality and the typed accessors. */
class DlmsDataTest {

    @Test
    void unsignedConstructorsCheckTheirRange() {
        assertThatThrownBy(() -> u8(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
        assertThatThrownBy(() -> u8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u16(65536)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> u32(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u32(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u64(BigInteger.ONE.shiftLeft(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> u64(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enumValue(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> i8(128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> i16(-32769)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bcd(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherConstructorsCheckTheirShape() {
        assertThatThrownBy(() -> bitString(new byte[1], 9)).hasMessageContaining("needs 2 bytes");
        assertThatThrownBy(() -> bitString(new byte[0], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> date(new byte[4])).hasMessageContaining("5 bytes");
        assertThatThrownBy(() -> time(new byte[5])).hasMessageContaining("4 bytes");
        assertThatThrownBy(() -> visible("\u0100")).hasMessageContaining("does not fit one byte");
        assertThatThrownBy(() -> array((DlmsData) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void byteArrayRecordsCompareByContentAndAreImmutable() {
        byte[] b = {1, 2, 3};
        OctetString o = octets(b);
        b[0] = 9;
        assertThat(o).isEqualTo(octets(new byte[] {1, 2, 3}));
        o.bytes()[1] = 9;
        assertThat(o.bytes()).containsExactly(1, 2, 3);
        assertThat(o.hashCode()).isEqualTo(octets(new byte[] {1, 2, 3}).hashCode());
        assertThat(o).isNotEqualTo(octets(new byte[] {1, 2}));
        assertThat(bits(true, false)).isEqualTo(bitString(new byte[] {(byte) 0x80}, 2));
        assertThat(bits(true, false)).isNotEqualTo(bitString(new byte[] {(byte) 0x80}, 3));
        assertThat(date(Vectors.bytes("07EA0B16FF"))).isEqualTo(date(Vectors.bytes("07EA0B16FF")));
        assertThat(time(Vectors.bytes("0B0D2AFF"))).isEqualTo(time(Vectors.bytes("0B0D2AFF")));
        assertThat(f64(Double.NaN)).isEqualTo(f64(Double.NaN));
        List<DlmsData> list = new ArrayList<>(List.of(u8(1)));
        ArrayData a = array(list);
        list.add(u8(2));
        assertThat(a.elements()).hasSize(1);
    }

    @Test
    void bitStringBits() {
        BitString s = bits(true, false, true, true, false, false, false, false, true);
        assertThat(s.bitLength()).isEqualTo(9);
        assertThat(s.bytes()).containsExactly(0xB0, 0x80);
        assertThat(s.bit(0)).isTrue();
        assertThat(s.bit(1)).isFalse();
        assertThat(s.bit(8)).isTrue();
        assertThat(s.toString()).isEqualTo("BitString[101100001]");
    }

    @Test
    void asLongCoversEveryIntegerType() {
        assertThat(i8(-5).asLong()).hasValue(-5);
        assertThat(i16(-300).asLong()).hasValue(-300);
        assertThat(i32(-70000).asLong()).hasValue(-70000);
        assertThat(i64(Long.MIN_VALUE).asLong()).hasValue(Long.MIN_VALUE);
        assertThat(u8(200).asLong()).hasValue(200);
        assertThat(u16(60000).asLong()).hasValue(60000);
        assertThat(u32(0xFFFF_FFFFL).asLong()).hasValue(0xFFFF_FFFFL);
        assertThat(u64(Long.MAX_VALUE).asLong()).hasValue(Long.MAX_VALUE);
        assertThat(u64(-1L).asLong()).isEmpty();
        assertThat(enumValue(30).asLong()).hasValue(30);
        assertThat(visible("1").asLong()).isEmpty();
        assertThat(f32(1f).asLong()).isEmpty();
        assertThat(u64(-1L).asBigInteger()).contains(new BigInteger("18446744073709551615"));
        assertThat(i8(-1).asBigInteger()).contains(BigInteger.ONE.negate());
        assertThat(nullData().asBigInteger()).isEmpty();
        assertThat(u32(7).asDouble()).hasValue(7d);
        assertThat(f32(1.5f).asDouble()).hasValue(1.5d);
        assertThat(u64(-1L).toString()).contains("18446744073709551615");
    }

    @Test
    void otherAccessors() {
        assertThat(bool(true).asBoolean()).contains(true);
        assertThat(u8(1).asBoolean()).isEmpty();
        assertThat(visible("abc").asString()).contains("abc");
        assertThat(utf8("é").asString()).contains("é");
        assertThat(octets(new byte[] {1}).asString()).isEmpty();
        assertThat(octets(new byte[] {1}).asBytes()).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        assertThat(structure(u8(1)).asList()).hasValueSatisfying(l -> assertThat(l).containsExactly(u8(1)));
        assertThat(array(u8(1)).asList()).isPresent();
        assertThat(u8(1).asList()).isEmpty();
    }

    @Test
    void asDateTimeAcceptsTheTypeAndTwelveByteOctetStrings() {
        CosemDateTime t = CosemDateTime.fromBytes(Vectors.bytes("07EA0B16FF0B0D2AFF000000"));
        assertThat(dateTime(t).asDateTime()).contains(t);
        assertThat(octets(t.toBytes()).asDateTime()).contains(t);
        assertThat(dateTimeOctets(t)).isEqualTo(octets(t.toBytes()));
        assertThat(octets(new byte[11]).asDateTime()).isEmpty();
        // twelve bytes whose month is 13 are just an octet-string
        assertThat(octets(Vectors.bytes("07EA0D16FF0B0D2AFF000000")).asDateTime()).isEmpty();
        assertThat(u32(1).asDateTime()).isEmpty();
    }

    @Test
    void toStringIsReadableAndBounded() {
        assertThat(octets(Vectors.bytes("0C07EA")).toString()).isEqualTo("OctetString[0C07EA]");
        assertThat(octets(new byte[100_000]).toString()).hasSizeLessThan(600).contains("(100000 bytes)");
        assertThat(u32(5).toString()).contains("5");
    }

    @Test
    void dataTypeLookup() {
        assertThat(DataType.fromTag(6)).isEqualTo(DataType.DOUBLE_LONG_UNSIGNED);
        assertThat(DataType.lookup(19)).isEmpty();
        assertThat(DataType.lookup(-1)).isEmpty();
        assertThatThrownBy(() -> DataType.fromTag(99)).hasMessageContaining("99");
        assertThat(DataType.DATE_TIME.fixedLength()).isEqualTo(12);
        assertThat(DataType.ARRAY.fixedLength()).isEqualTo(-1);
    }
}
