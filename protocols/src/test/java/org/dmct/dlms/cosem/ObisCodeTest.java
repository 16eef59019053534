package org.dmct.dlms.cosem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObisCodeTest {

    @Test
    void parsesAndFormats() {
        ObisCode c = ObisCode.parse("1-0:1.8.0.255");
        assertThat(c).isEqualTo(new ObisCode(1, 0, 1, 8, 0, 255));
        assertThat(c.toString()).isEqualTo("1-0:1.8.0.255");
        assertThat(ObisCode.parse(" 0-0:96.3.10.255 ")).isEqualTo(new ObisCode(0, 0, 96, 3, 10, 255));
        assertThat(ObisCode.parse("1-0:1.8.0")).isEqualTo(c);
    }

    @Test
    void bytesRoundTrip() {
        ObisCode c = ObisCode.parse("0-0:99.98.0.255");
        assertThat(c.toBytes()).containsExactly(0, 0, 99, 98, 0, 255);
        assertThat(ObisCode.fromBytes(c.toBytes())).isEqualTo(c);
        assertThatThrownBy(() -> ObisCode.fromBytes(new byte[5])).hasMessageContaining("6 bytes, got 5");
        assertThatThrownBy(() -> ObisCode.fromBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.0.1.8.0.255", "1-0:1.8", "a-b:c.d.e.f", "1-0:1.8.0.255.1", "1-0:1.8.0.-1",
            "1-0;1.8.0.255", "1-0:1.8.0.2555"})
    void rejectsNonObisText(String text) {
        assertThatThrownBy(() -> ObisCode.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an OBIS code").hasMessageContaining("A-B:C.D.E.F");
    }

    @Test
    void rejectsGroupsAbove255() {
        assertThatThrownBy(() -> ObisCode.parse("1-0:256.8.0.255")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value group C is 256");
        assertThatThrownBy(() -> new ObisCode(0, 0, 0, 0, 0, 256)).hasMessageContaining("group F");
        assertThatThrownBy(() -> ObisCode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptorsCheckRanges() {
        assertThat(AttributeDescriptor.of(3, "1-0:1.8.0.255", 2).toString()).isEqualTo("class 3 1-0:1.8.0.255 attr 2");
        assertThat(new AttributeDescriptor(1, ObisCode.parse("0-0:1.0.0.255"), -1).attributeId()).isEqualTo(-1);
        assertThatThrownBy(() -> AttributeDescriptor.of(65536, "1-0:1.8.0.255", 2)).hasMessageContaining("class id");
        assertThatThrownBy(() -> AttributeDescriptor.of(3, "1-0:1.8.0.255", 128)).hasMessageContaining("Integer8");
        assertThatThrownBy(() -> new AttributeDescriptor(3, null, 2)).isInstanceOf(NullPointerException.class);
        assertThat(MethodDescriptor.of(70, "0-0:96.3.10.255", 1).toString()).contains("method 1");
        assertThatThrownBy(() -> MethodDescriptor.of(70, "0-0:96.3.10.255", 200)).hasMessageContaining("Integer8");
    }
}
