package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the migration pack needs of the adapter, against the lifecycle CI lab's simulators: a request with
 * {@code credentials: previous} goes out on a one-off association with the keys held before 6.15.1 and is refused
 * (E20) while the adapter's own association keeps working with the new keys; 8.2 shows a device Commissioned once
 * 8.1.1 commissioned it; 8.7.1 names the HAN device by its type.
 */
class MigrationProofsTest {
    private LifecycleLab lab;
    private DlmsAdapter adapter;

    @BeforeEach
    void start() {
        lab = new LifecycleLab();
    }

    @AfterEach
    void stop() throws Exception {
        if (adapter != null) {
            adapter.closeAsync().get(10, TimeUnit.SECONDS);
        }
        lab.close();
    }

    @Test
    void thePreviousCredentialsAreRefusedAfterAReplacementAndTheNewOnesKeepWorking() throws Exception {
        adapter = lab.open("DMC-KRP");
        assertThatThrownBy(() -> LifecycleLab.send(adapter, "6.2.4", "KRP-ESME", DeviceType.ESME,
                Map.of("credentials", "previous"))).hasMessageContaining("needs an earlier 6.15.1 on KRP-ESME");
        ServiceResponse replaced = LifecycleLab.send(adapter, "6.15.1", "KRP-ESME", DeviceType.ESME, Map.of(
                "encryptionKey", "keystore:krp-esme-ek-2", "authenticationKey", "keystore:krp-esme-ak-2"));
        assertThat(replaced.deviceResult()).as(replaced.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);

        ServiceResponse old = LifecycleLab.send(adapter, "6.2.4", "KRP-ESME", DeviceType.ESME,
                Map.of("credentials", "previous"));
        assertThat(old.code()).as(old.detail()).isEqualTo(ResponseCode.E20);
        assertThat(old.detail()).contains("KRP-ESME");

        ServiceResponse fresh = LifecycleLab.send(adapter, "6.2.4", "KRP-ESME", DeviceType.ESME, Map.of());
        assertThat(fresh.deviceResult()).as(fresh.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        assertThat(fresh.values()).containsEntry("serialNumber", "ACM-A1-0009002");
    }

    @SuppressWarnings("unchecked")
    @Test
    void theInventoryShowsWhatWasCommissionedAndAJoinNamesTheDisplayByType() throws Exception {
        adapter = lab.open("DMC-LIFE");
        ServiceResponse before = LifecycleLab.send(adapter, "8.2", "LIFE-ESME", DeviceType.ESME, Map.of());
        assertThat(before.values()).containsEntry("smiStatus", "InstalledNotCommissioned");

        LifecycleLab.send(adapter, "8.1.1", "LIFE-ESME", DeviceType.ESME, Map.of());
        LifecycleLab.send(adapter, "8.1.1", "LIFE-IHD", DeviceType.IHD, Map.of());
        ServiceResponse after = LifecycleLab.send(adapter, "8.2", "LIFE-ESME", DeviceType.ESME, Map.of());
        assertThat(after.values()).containsEntry("smiStatus", "Commissioned");
        List<Map<String, Object>> devices = (List<Map<String, Object>>) after.values().get("devices");
        assertThat(devices).filteredOn(d -> d.get("deviceId").equals("LIFE-GSME"))
                .extracting(d -> d.get("smiStatus")).containsExactly("InstalledNotCommissioned");

        ServiceResponse joined = LifecycleLab.send(adapter, "8.7.1", "LIFE-ESME", DeviceType.ESME,
                Map.of("otherDevice", "IHD"));
        assertThat(joined.deviceResult()).as(joined.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        assertThat(joined.values()).containsEntry("joined", true);
    }
}
