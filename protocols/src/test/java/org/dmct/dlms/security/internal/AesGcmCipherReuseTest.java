package org.dmct.dlms.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * AesGcm reuses one Cipher per thread; these tests hold it to what a fresh Cipher per call computed: the same bytes
 * whatever ran before on the thread, including a counter used twice on purpose and a tag that failed to verify.
 */
class AesGcmCipherReuseTest {
    private static final HexFormat HEX = HexFormat.of();
    // The Green Book's example keys and system title (DLMS UA 1000-2, the AES-GCM worked examples).
    private static final byte[] EK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
    private static final byte[] AK = HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    private static final byte[] TITLE = HEX.parseHex("4D4D4D0000BC614E");
    private static final byte[] PLAIN = HEX.parseHex("C0010000080000010000FF0200");

    /** What a thread that has never used AesGcm computes: a fresh Cipher, as every call made before the reuse. */
    private static byte[] onFreshThread(int sc, long counter) throws InterruptedException {
        AtomicReference<byte[]> out = new AtomicReference<>();
        Thread t = new Thread(() -> out.set(AesGcm.protect(sc, TITLE, counter, EK, AK, PLAIN)));
        t.start();
        t.join();
        return out.get();
    }

    @Test
    void theSameCounterTwiceProtectsTheSameWayAsAFreshCipher() throws Exception {
        byte[] first = AesGcm.protect(0x30, TITLE, 0x01234567L, EK, AK, PLAIN);
        // GCM refuses a second encryption with the last key and IV on one Cipher object; a replay test does this
        byte[] again = AesGcm.protect(0x30, TITLE, 0x01234567L, EK, AK, PLAIN);
        assertThat(again).isEqualTo(first).isEqualTo(onFreshThread(0x30, 0x01234567L));
    }

    @Test
    void everySecurityControlGivesAFreshCiphersBytesWhateverRanBefore() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int sc : new int[] {0x30, 0x10, 0x20, 0x00}) {
                long counter = 100 + round;
                byte[] payload = AesGcm.protect(sc, TITLE, counter, EK, AK, PLAIN);
                assertThat(payload).as("SC %02X round %d", sc, round).isEqualTo(onFreshThread(sc, counter));
                assertThat(AesGcm.unprotect(sc, TITLE, counter, EK, AK, payload)).isEqualTo(PLAIN);
            }
        }
    }

    @Test
    void aTagThatFailsLeavesTheNextOpeningAndProtectionIntact() throws Exception {
        byte[] payload = AesGcm.protect(0x30, TITLE, 9, EK, AK, PLAIN);
        byte[] altered = payload.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> AesGcm.unprotect(0x30, TITLE, 9, EK, AK, altered))
                .isInstanceOf(AesGcm.TagMismatch.class);
        assertThat(AesGcm.unprotect(0x30, TITLE, 9, EK, AK, payload)).isEqualTo(PLAIN);
        assertThat(AesGcm.protect(0x30, TITLE, 10, EK, AK, PLAIN)).isEqualTo(onFreshThread(0x30, 10));
    }

    @Test
    void aRejectedKeyIsStillRejectedAndDoesNotSpoilTheThreadsCipher() throws Exception {
        assertThatThrownBy(() -> AesGcm.protect(0x30, TITLE, 11, new byte[5], AK, PLAIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key rejected");
        assertThat(AesGcm.protect(0x30, TITLE, 11, EK, AK, PLAIN)).isEqualTo(onFreshThread(0x30, 11));
    }
}
