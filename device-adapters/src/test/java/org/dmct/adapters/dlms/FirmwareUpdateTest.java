package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.dmct.sim.device.FirmwareImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 11.1 Update Firmware and 11.3 Activate Firmware through the DLMS adapter against the simulated Acme A1 ESME's
 * image transfer object (class 18): a good image transfers in image_block_size blocks, verifies and, once activated,
 * changes what 11.2 reads; an image whose declared SHA-256 is wrong fails image_verify with image_transfer_status 4
 * and cannot be activated; each step raises its GBCS alert.
 */
class FirmwareUpdateTest {
    @TempDir
    Path dir;
    private LifecycleLab lab;

    @BeforeEach
    void start() {
        lab = new LifecycleLab();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static byte[] payload(int size) {
        byte[] p = new byte[size];
        new Random(42).nextBytes(p);
        return p;
    }

    private ServiceResponse send(DlmsAdapter adapter, String srv, Map<String, Object> params) throws Exception {
        return LifecycleLab.send(adapter, srv, "LIFE-ESME", DeviceType.ESME, params);
    }

    private boolean alerted(String device, int code) {
        return lab.alerts.stream().anyMatch(a -> a.deviceId().equals(device) && a.code() == code);
    }

    @Test
    void transferVerifyAndActivateChangeTheFirmwareVersion() throws Exception {
        byte[] payload = payload(3000);
        Path image = Files.write(dir.resolve("P4X2G05.img"), FirmwareImage.build("P4X2G05", payload));
        DlmsAdapter adapter = lab.open("DMC-LIFE");
        try {
            assertThat(send(adapter, "11.2", Map.of()).values()).containsEntry("firmwareVersion", "P4X2G04");

            ServiceResponse update = send(adapter, "11.1", Map.of("image", image.toString(), "imageIdentifier", "P4X2G05"));
            assertThat(update.code()).isEqualTo(ResponseCode.I0);
            assertThat(update.deviceResult()).as(update.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
            long size = Files.size(image);
            assertThat(update.values()).containsEntry("transferStatus", "image verification successful")
                    .containsEntry("imageSize", size)
                    .containsEntry("blockSize", 512L)
                    .containsEntry("blockCount", (size + 511) / 512)
                    .containsEntry("imageSignature", HexFormat.of().withUpperCase().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(payload)));
            // verified, not yet activated: the device still runs the old firmware
            assertThat(send(adapter, "11.2", Map.of()).values()).containsEntry("firmwareVersion", "P4X2G04");

            ServiceResponse activate = send(adapter, "11.3", Map.of());
            assertThat(activate.deviceResult()).as(activate.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
            assertThat(activate.values()).containsEntry("transferStatus", "image activation successful")
                    .containsEntry("firmwareVersion", "P4X2G05");
            assertThat(send(adapter, "11.2", Map.of()).values()).containsEntry("firmwareVersion", "P4X2G05");
            await().atMost(Duration.ofSeconds(20)).until(() -> alerted("LIFE-ESME", 0x8F8A)
                    && alerted("LIFE-ESME", 0x8F72) && alerted("LIFE-ESME", 0x8F43));
            assertThat(lab.alerts).extracting(AlertEvent::code).doesNotContain(0x8F1C);
        } finally {
            adapter.closeAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void wrongHashFailsVerificationAndActivationIsRefused() throws Exception {
        byte[] payload = payload(1500);
        byte[] wrongHash = MessageDigest.getInstance("SHA-256").digest("another payload".getBytes());
        byte[] image = FirmwareImage.build("P4X2G05", payload, wrongHash);
        DlmsAdapter adapter = lab.open("DMC-LIFE");
        try {
            ServiceResponse update = send(adapter, "11.1",
                    Map.of("imageHex", HexFormat.of().formatHex(image), "imageIdentifier", "P4X2G05"));
            assertThat(update.code()).isEqualTo(ResponseCode.I0);
            assertThat(update.deviceResult()).isEqualTo("image-verification-failed");
            assertThat(update.detail()).contains("image_verify").contains("image_transfer_status 4");

            ServiceResponse activate = send(adapter, "11.3", Map.of());
            assertThat(activate.deviceResult()).isEqualTo("image-activation-failed");
            assertThat(activate.detail()).contains("image_activate").contains("image_transfer_status 7");
            assertThat(send(adapter, "11.2", Map.of()).values()).containsEntry("firmwareVersion", "P4X2G04");
            await().atMost(Duration.ofSeconds(20)).until(() -> alerted("LIFE-ESME", 0x8F1C));
            assertThat(lab.alerts).extracting(AlertEvent::code).doesNotContain(0x8F43, 0x8F72);
        } finally {
            adapter.closeAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void imageForAnotherIdentifierFailsVerification() throws Exception {
        byte[] image = FirmwareImage.build("P4X2G09", payload(700));
        DlmsAdapter adapter = lab.open("DMC-LIFE");
        try {
            ServiceResponse update = send(adapter, "11.1",
                    Map.of("imageHex", HexFormat.of().formatHex(image), "imageIdentifier", "P4X2G05"));
            assertThat(update.deviceResult()).isEqualTo("image-verification-failed");
        } finally {
            adapter.closeAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void activationWithoutATransferIsRefused() throws Exception {
        DlmsAdapter adapter = lab.open("DMC-LIFE");
        try {
            ServiceResponse activate = send(adapter, "11.3", Map.of());
            assertThat(activate.deviceResult()).isEqualTo("image-transfer-not-initiated");
            assertThat(send(adapter, "11.2", Map.of()).values()).containsEntry("firmwareVersion", "P4X2G04");
        } finally {
            adapter.closeAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void malformedParametersFailLoudly() {
        DlmsAdapter adapter = lab.open("DMC-LIFE");
        try {
            assertThatThrownBy(() -> send(adapter, "11.1", Map.of("imageHex", "00")))
                    .hasMessageContaining("imageIdentifier");
            assertThatThrownBy(() -> send(adapter, "11.1", Map.of("imageIdentifier", "X")))
                    .hasMessageContaining("exactly one of image");
            assertThatThrownBy(() -> send(adapter, "11.1", Map.of("imageIdentifier", "X", "imageHex", "0G")))
                    .hasMessageContaining("hex digits");
            assertThatThrownBy(() -> send(adapter, "11.1", Map.of("imageIdentifier", "X",
                    "image", dir.resolve("missing.img").toString()))).hasMessageContaining("cannot read the image file");
        } finally {
            adapter.close();
        }
    }

    @Test
    void firmwareBlocksTravelInCipheredApduBlocksOnTheSecuredEsme() throws Exception {
        // The HLS-GMAC ESME negotiates 256-byte APDUs: each 512-byte block goes in ACTION parameter blocks.
        byte[] image = FirmwareImage.build("P4X2G05", payload(1200));
        DlmsAdapter adapter = lab.open("DMC-KRP");
        try {
            ServiceResponse update = LifecycleLab.send(adapter, "11.1",
                    "KRP-ESME", DeviceType.ESME, Map.of("imageHex", HexFormat.of().formatHex(image),
                            "imageIdentifier", "P4X2G05"));
            assertThat(update.deviceResult()).as(update.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
            ServiceResponse activate = LifecycleLab.send(adapter, "11.3", "KRP-ESME", DeviceType.ESME, Map.of());
            assertThat(activate.values()).containsEntry("firmwareVersion", "P4X2G05");
        } finally {
            adapter.closeAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
