package org.dmct.dlms.axdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.stream.Stream;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed A-XDR fails with an AxdrException naming the fault and its offset, never anything else. */
class AxdrMalformedTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "truncated data tag", 0),
                Arguments.of("07", "unknown data tag 7", 0),
                Arguments.of("13", "compact-array is not supported", 0),
                Arguments.of("FF", "unknown data tag 255", 0),
                Arguments.of("0600", "truncated double-long-unsigned: needs 4 bytes, 1 left", 1),
                Arguments.of("14000000", "truncated long64", 1),
                Arguments.of("17", "truncated float32", 1),
                Arguments.of("03", "truncated boolean", 1),
                Arguments.of("1A07EA", "truncated date", 1),
                Arguments.of("1907EA0B16FF0B0D2AFF0000", "truncated date-time", 1),
                Arguments.of("1907EA0D16FF0B0D2AFF000000", "invalid date-time: date-time month must be 1..12", 1),
                Arguments.of("1907EA0B16FF0B0D2AFF030000", "deviation", 1),
                Arguments.of("0905010203", "octet-string claims 5 bytes but only 3 follow", 1),
                Arguments.of("09", "truncated length of octet-string", 1),
                Arguments.of("0980", "indefinite length form 0x80", 1),
                Arguments.of("0985FFFFFFFFFF", "uses 5 length bytes", 1),
                Arguments.of("0984FFFFFFFF", "beyond any possible input", 1),
                Arguments.of("0984000FFFFF00", "claims 1048575 bytes but only 1 follow", 1),
                Arguments.of("0982FF", "truncated length of octet-string", 2),
                Arguments.of("0A0341", "visible-string claims 3 bytes", 1),
                Arguments.of("0C02C328", "utf8-string is not valid UTF-8", 2),
                Arguments.of("0C01FF", "not valid UTF-8", 2),
                Arguments.of("040901", "bit-string of 9 bits needs 2 bytes but only 1 follow", 1),
                Arguments.of("0484FFFFFFFF", "beyond any possible input", 1),
                Arguments.of("0203", "structure claims 3 elements but only 0 bytes follow", 1),
                Arguments.of("0184000FFFFF00", "array claims 1048575 elements", 1),
                Arguments.of("0102110111", "truncated unsigned", 5),
                Arguments.of("020211010F", "truncated integer", 5),
                Arguments.of("0201020107", "unknown data tag 7", 4));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\": {1}")
    @MethodSource("malformed")
    void failsWithReasonAndOffset(String hex, String reason, int offset) {
        AxdrException e = catchThrowableOfType(AxdrException.class, () -> AxdrCodec.decode(Vectors.bytes(hex)));
        assertThat(e).as("decoding %s", hex).isNotNull();
        assertThat(e.reason()).contains(reason);
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).contains("at byte offset " + offset);
    }

    @Test
    void trailingGarbageIsRejectedByTheArrayDecoder() {
        assertThatThrownBy(() -> AxdrCodec.decode(Vectors.bytes("110700")))
                .isInstanceOf(AxdrException.class).hasMessageContaining("1 trailing byte after the unsigned value");
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedWithoutStackOverflow() {
        byte[] deep = new byte[100_000];
        for (int i = 0; i < deep.length; i += 2) {
            deep[i] = 0x02;
            deep[i + 1] = 0x01;
        }
        AxdrException e = catchThrowableOfType(AxdrException.class, () -> AxdrCodec.decode(deep));
        assertThat(e.reason()).contains("nests deeper than 32 levels");
        // exactly at the limit is fine
        assertThat(AxdrCodec.decode(AxdrCodec.encode(DlmsDataRoundTripTest.nested(32)))).isNotNull();
        assertThatThrownBy(() -> withLimits(AxdrCodec.encode(DlmsDataRoundTripTest.nested(5)), new AxdrLimits(4, 100)))
                .isInstanceOf(AxdrException.class).hasMessageContaining("deeper than 4");
        assertThat(withLimits(AxdrCodec.encode(DlmsDataRoundTripTest.nested(4)), new AxdrLimits(4, 100))).isNotNull();
    }

    @Test
    void encoderRefusesWhatTheDecoderWouldRefuse() {
        assertThatThrownBy(() -> AxdrCodec.encode(DlmsDataRoundTripTest.nested(33)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deeper than 32");
    }

    @Test
    void elementBudgetIsEnforced() {
        byte[] many = AxdrCodec.encode(DlmsData.array(java.util.Collections.nCopies(50, DlmsData.nullData())));
        assertThatThrownBy(() -> withLimits(many, new AxdrLimits(32, 10)))
                .isInstanceOf(AxdrException.class).hasMessageContaining("more than 10 data values");
        assertThat(withLimits(many, new AxdrLimits(32, 51))).isNotNull();
    }

    private static DlmsData withLimits(byte[] bytes, AxdrLimits limits) {
        return AxdrCodec.decode(Unpooled.wrappedBuffer(bytes), limits);
    }

    @Test
    void failedDecodeRestoresTheReaderIndex() {
        ByteBuf buf = Unpooled.wrappedBuffer(Vectors.bytes("AA0600"));
        buf.readByte();
        assertThatThrownBy(() -> AxdrCodec.decode(buf)).isInstanceOf(AxdrException.class);
        assertThat(buf.readerIndex()).isEqualTo(1);
    }

    @Test
    void hugeClaimedCountsDoNotAllocate() {
        // a 6-byte input claiming two billion elements must fail fast, not try to allocate them
        assertThatThrownBy(() -> AxdrCodec.decode(Vectors.bytes("01847FFFFFFF")))
                .isInstanceOf(AxdrException.class).hasMessageContaining("claims 2147483647 elements");
    }

    @Test
    @Timeout(10)
    void randomInputNeverEscapesAsAnotherException() {
        Random random = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (random.nextInt(28)); // mostly valid tags, to get deeper
            }
            try {
                AxdrCodec.decode(b);
                decoded++;
            } catch (AxdrException expected) {
                assertThat(expected.offset()).isBetween(0, b.length);
            }
        }
        assertThat(decoded).isPositive();
    }

    @Test
    void lengthHelper() {
        ByteBuf buf = Unpooled.buffer();
        for (int len : new int[] {0, 127, 128, 255, 256, 65535, 65536, 0xFFFFFF, 0x1000000, Integer.MAX_VALUE}) {
            buf.clear();
            AxdrLength.write(len, buf);
            assertThat(buf.readableBytes()).isEqualTo(AxdrLength.encodedSize(len));
            assertThat(AxdrLength.read(buf)).isEqualTo(len);
        }
        assertThatThrownBy(() -> AxdrLength.write(-1, Unpooled.buffer())).isInstanceOf(IllegalArgumentException.class);
        // non-minimal forms are accepted when reading
        assertThat(AxdrLength.read(Unpooled.wrappedBuffer(Vectors.bytes("820005")))).isEqualTo(5);
        assertThatThrownBy(() -> AxdrLength.read(Unpooled.wrappedBuffer(Vectors.bytes("8201"))))
                .isInstanceOf(AxdrException.class).hasMessageContaining("truncated");
    }
}
