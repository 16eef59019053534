package org.dmct.dlms.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3394 AES key wrap against the RFC's own test vectors (section 4), and its failures as data. */
class KeyWrapTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] KEK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
    private static final byte[] KEY = HEX.parseHex("00112233445566778899AABBCCDDEEFF");

    @Test
    void wraps128BitKeyWith128BitKekAsRfc3394Section41() {
        assertThat(HEX.formatHex(KeyWrap.wrap(KEK, KEY))).isEqualTo("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
    }

    @Test
    void wraps128BitKeyWith256BitKekAsRfc3394Section43() {
        byte[] kek = HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        assertThat(HEX.formatHex(KeyWrap.wrap(kek, KEY))).isEqualTo("64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7");
    }

    @Test
    void unwrapsTheRfcVector() {
        KeyWrap.Result r = KeyWrap.unwrap(KEK, HEX.parseHex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
        assertThat(r.isSuccess()).isTrue();
        assertThat(r.key()).isEqualTo(KEY);
        assertThat(r.toString()).doesNotContain("0011223344");
    }

    @Test
    void wrongKekFailsTheIntegrityCheck() {
        byte[] wrapped = KeyWrap.wrap(KEK, KEY);
        KeyWrap.Result r = KeyWrap.unwrap(HEX.parseHex("0F0E0D0C0B0A09080706050403020100"), wrapped);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.failure()).contains("integrity check");
    }

    @Test
    void alteredWrappedKeyFailsTheIntegrityCheck() {
        byte[] wrapped = KeyWrap.wrap(KEK, KEY);
        wrapped[10] ^= 1;
        assertThat(KeyWrap.unwrap(KEK, wrapped).failure()).contains("integrity check");
    }

    @Test
    void badLengthsAreNamed() {
        assertThat(KeyWrap.unwrap(KEK, new byte[20]).failure()).contains("24 bytes or more");
        assertThat(KeyWrap.unwrap(new byte[5], new byte[24]).failure()).contains("16, 24 or 32");
        assertThatThrownBy(() -> KeyWrap.wrap(KEK, new byte[12])).hasMessageContaining("16 bytes or more");
    }
}
