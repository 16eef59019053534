package org.dmct.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The image container image_verify checks: every way an image can be wrong is a named failure, never an exception. */
class FirmwareImageTest {
    private static final byte[] PAYLOAD = "firmware payload bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aGoodImageVerifiesForItsIdentifier() {
        FirmwareImage.Verification v = FirmwareImage.verify(FirmwareImage.build("B2-01", PAYLOAD), "B2-01");
        assertThat(v.verified()).isTrue();
        assertThat(v.identifier()).isEqualTo("B2-01");
        assertThat(v.hash()).isEqualTo(FirmwareImage.sha256(PAYLOAD));
    }

    @Test
    void layoutIsAsDocumented() {
        byte[] image = FirmwareImage.build("B2-01", PAYLOAD);
        assertThat(Arrays.copyOf(image, 8)).isEqualTo("DMCTFW01".getBytes(StandardCharsets.US_ASCII));
        assertThat(image[8]).isEqualTo((byte) 5);
        assertThat(new String(image, 9, 5, StandardCharsets.US_ASCII)).isEqualTo("B2-01");
        assertThat(image).hasSize(45 + 5 + PAYLOAD.length);
        assertThat(Arrays.copyOfRange(image, 18, 50)).isEqualTo(FirmwareImage.sha256(PAYLOAD));
    }

    @Test
    void wrongHashIsNamed() {
        byte[] image = FirmwareImage.build("B2-01", PAYLOAD, new byte[32]);
        assertThat(FirmwareImage.verify(image, "B2-01").failure()).contains("SHA-256 of the payload");
    }

    @Test
    void alteredPayloadIsNamed() {
        byte[] image = FirmwareImage.build("B2-01", PAYLOAD);
        image[image.length - 1] ^= 1;
        assertThat(FirmwareImage.verify(image, "B2-01").failure()).contains("SHA-256 of the payload");
    }

    @Test
    void otherIdentifierIsNamed() {
        assertThat(FirmwareImage.verify(FirmwareImage.build("B2-02", PAYLOAD), "B2-01").failure())
                .contains("installs 'B2-02'").contains("initiated for 'B2-01'");
    }

    @Test
    void badMagicTruncationAndLengthAreNamed() {
        byte[] image = FirmwareImage.build("B2-01", PAYLOAD);
        byte[] badMagic = image.clone();
        badMagic[0] = 'X';
        assertThat(FirmwareImage.verify(badMagic, null).failure()).contains("magic");
        assertThat(FirmwareImage.verify(Arrays.copyOf(image, 20), null).failure()).contains("truncated");
        assertThat(FirmwareImage.verify(Arrays.copyOf(image, image.length - 3), null).failure())
                .contains("declares a payload of " + PAYLOAD.length);
        assertThat(FirmwareImage.verify(new byte[0], null).failure()).contains("magic");
        byte[] zeroId = image.clone();
        zeroId[8] = 0;
        assertThat(FirmwareImage.verify(zeroId, null).failure()).contains("identifier of 0 bytes");
    }

    @Test
    void buildRefusesWhatTheFormatCannotHold() {
        assertThatThrownBy(() -> FirmwareImage.build("", PAYLOAD)).hasMessageContaining("1..64");
        assertThatThrownBy(() -> FirmwareImage.build("X", PAYLOAD, new byte[31])).hasMessageContaining("32 bytes");
    }
}
