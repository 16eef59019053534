package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link ApduCodec#decode(byte[])} with arbitrary bytes: it never throws and never returns null; a failure
 * carries a reason, an offset inside the input and the input itself; a success re-encodes to bytes that decode to
 * the same APDU (what the codec accepts it can also write). Seeds are the APDUs of the jDLMS capture.
 */
class ApduCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesDecodeToAnApduOrAFailureCarriedAsData(byte[] data) {
        ApduDecodeResult result = ApduCodec.decode(data);
        assertThat(result).isNotNull();
        assertThat(result.bytes()).isEqualTo(data);
        if (result.isFailure()) {
            assertThat(result.reason()).isNotBlank();
            assertThat(result.offset()).isBetween(0, data.length);
            return;
        }
        Apdu apdu = result.apdu();
        assertThat(apdu).isNotNull();
        byte[] again = ApduCodec.encode(apdu);
        ApduDecodeResult reread = ApduCodec.decode(again);
        assertThat(reread.isSuccess()).as("our encoding of %s decodes: %s", apdu, reread).isTrue();
        assertThat(reread.apdu()).isEqualTo(apdu);
    }
}
