package org.dmct.dlms.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.AxdrLimits;
import org.dmct.dlms.axdr.DlmsData;
import org.junit.jupiter.api.Test;

/**
 * {@link ApduCodec#encode(Apdu)} reuses one buffer per thread: every call still returns an array of its own holding
 * exactly that APDU, after a larger APDU, after an APDU too large for the buffer to be kept, after a failed
 * encoding, and on several threads at once.
 */
class ApduCodecScratchTest {
    private static final GetRequest.Next SMALL = new GetRequest.Next(InvokeIdAndPriority.of(1), 2);
    private static final byte[] SMALL_BYTES = Vectors.bytes("C0024100000002");

    private static GetResponse.Normal valueOf(int octets) {
        byte[] value = new byte[octets];
        Arrays.fill(value, (byte) 0x5A);
        return new GetResponse.Normal(InvokeIdAndPriority.of(1), GetDataResult.of(DlmsData.octets(value)));
    }

    @Test
    void eachEncodingIsItsOwnArrayWithExactlyItsBytes() {
        byte[] first = ApduCodec.encode(SMALL);
        byte[] second = ApduCodec.encode(SMALL);
        assertThat(first).isEqualTo(SMALL_BYTES).isNotSameAs(second);
        second[0] = 0;
        assertThat(ApduCodec.encode(SMALL)).isEqualTo(SMALL_BYTES);
    }

    @Test
    void aSmallApduAfterLargerOnesIsNotPaddedWithTheirBytes() {
        for (int octets : new int[] {1_000, 200_000, 10}) {
            byte[] large = ApduCodec.encode(valueOf(octets));
            ApduDecodeResult back = ApduCodec.decode(large);
            assertThat(back.isFailure()).as(back.toString()).isFalse();
            assertThat(back.apdu()).isInstanceOf(GetResponse.Normal.class);
            assertThat(((GetResponse.Normal) back.apdu()).result().data().asBytes().orElseThrow()).hasSize(octets)
                    .containsOnly((byte) 0x5A);
            assertThat(ApduCodec.encode(SMALL)).isEqualTo(SMALL_BYTES);
        }
    }

    @Test
    void aFailedEncodingLeavesNothingBehindForTheNext() {
        DlmsData deep = DlmsData.u8(1);
        for (int i = 0; i <= AxdrLimits.DEFAULT.maxDepth(); i++) {
            deep = DlmsData.structure(deep);
        }
        // half of it is written before the codec meets the level it refuses
        Apdu tooDeep = new GetResponse.Normal(InvokeIdAndPriority.of(1), GetDataResult.of(deep));
        assertThatThrownBy(() -> ApduCodec.encode(tooDeep)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ApduCodec.encode(SMALL)).isEqualTo(SMALL_BYTES);
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnApdu() throws Exception {
        CompletableFuture<?>[] runs = new CompletableFuture<?>[4];
        for (int t = 0; t < runs.length; t++) {
            int octets = 50 + t * 300;
            runs[t] = CompletableFuture.runAsync(() -> {
                byte[] expected = ApduCodec.encode(valueOf(octets));
                for (int i = 0; i < 2_000; i++) {
                    assertThat(ApduCodec.encode(valueOf(octets))).isEqualTo(expected);
                }
            }, r -> new Thread(r).start());
        }
        CompletableFuture.allOf(runs).get();
    }
}
