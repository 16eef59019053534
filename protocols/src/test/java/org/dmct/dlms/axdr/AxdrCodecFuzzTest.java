package org.dmct.dlms.axdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link AxdrCodec#decode(byte[])} with arbitrary bytes: the only exception it may raise is
 * {@link AxdrException}, with a reason and an offset inside the input; a value it accepts re-encodes to bytes that decode
 * back to an equal value. Seeds are the Data of the
 * GET responses in the jDLMS capture.
 */
class AxdrCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesDecodeToOneValueOrAnAxdrException(byte[] data) {
        DlmsData value;
        try {
            value = AxdrCodec.decode(data);
        } catch (AxdrException e) {
            assertThat(e.reason()).isNotBlank();
            assertThat(e.offset()).isBetween(0, data.length);
            return;
        }
        assertThat(value).isNotNull();
        byte[] again = AxdrCodec.encode(value);
        assertThat(AxdrCodec.decode(again)).isEqualTo(value);
    }
}
