package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dormant versus active, commissioning and HAN joins through the DLMS adapter against the dormant DMC-LIFE
 * installation: every device starts dormant and not commissioned (the hub's device log says so), 8.1.1 commissions
 * (and activates) a device and raises 0x8F69, 8.7.1 joins the IHD to the ESME only once both are commissioned, and
 * the hub's device log follows.
 */
class CommissioningTest {
    private LifecycleLab lab;
    private DlmsAdapter adapter;

    @BeforeEach
    void start() {
        lab = new LifecycleLab();
        adapter = lab.open("DMC-LIFE");
    }

    @AfterEach
    void stop() throws Exception {
        adapter.closeAsync().get(10, TimeUnit.SECONDS);
        lab.close();
    }

    private ServiceResponse send(String srv, String device, DeviceType type, Map<String, Object> params) throws Exception {
        return LifecycleLab.send(adapter, srv, device, type, params);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> logEntry(String serial) throws Exception {
        ServiceResponse log = send("8.9", "LIFE-CHF", DeviceType.CHF, Map.of());
        assertThat(log.deviceResult()).as(log.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        return ((List<Map<String, Object>>) log.values().get("devices")).stream()
                .filter(e -> e.get("serialNumber").equals(serial)).findFirst().orElseThrow();
    }

    @Test
    void theHubsDeviceLogShowsADormantInstallation() throws Exception {
        ServiceResponse log = send("8.9", "LIFE-CHF", DeviceType.CHF, Map.of());
        assertThat(log.values()).containsEntry("deviceCount", 3L);
        assertThat(logEntry("ACM-D1-0008004")).containsEntry("deviceType", "IHD")
                .containsEntry("lifecycleState", "dormant").containsEntry("commissioningState", "notCommissioned");
        assertThat(logEntry("ACM-A1-0008002")).containsEntry("deviceType", "ESME")
                .containsEntry("lifecycleState", "dormant");
    }

    @Test
    void commissioningChangesTheStatesAndRaisesTheAlert() throws Exception {
        ServiceResponse commissioned = send("8.1.1", "LIFE-ESME", DeviceType.ESME, Map.of());
        assertThat(commissioned.deviceResult()).as(commissioned.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        assertThat(commissioned.values()).containsEntry("previousLifecycleState", "dormant")
                .containsEntry("previousCommissioningState", "notCommissioned")
                .containsEntry("lifecycleState", "active")
                .containsEntry("commissioningState", "commissioned");
        await().atMost(Duration.ofSeconds(20)).until(() -> lab.alerts.stream()
                .anyMatch(a -> a.deviceId().equals("LIFE-ESME") && a.code() == 0x8F69));
        assertThat(logEntry("ACM-A1-0008002")).containsEntry("lifecycleState", "active")
                .containsEntry("commissioningState", "commissioned");

        // commissioning again changes nothing and raises nothing new
        ServiceResponse again = send("8.1.1", "LIFE-ESME", DeviceType.ESME, Map.of());
        assertThat(again.values()).containsEntry("previousCommissioningState", "commissioned");
        assertThat(lab.alerts.stream().filter(a -> a.code() == 0x8F69).map(AlertEvent::deviceId).toList())
                .containsExactly("LIFE-ESME");
    }

    @Test
    void commissioningWithoutActivationLeavesTheDeviceDormant() throws Exception {
        ServiceResponse r = send("8.1.1", "LIFE-IHD", DeviceType.IHD, Map.of("activate", "false"));
        assertThat(r.values()).containsEntry("lifecycleState", "dormant").containsEntry("commissioningState", "commissioned");
        assertThatThrownBy(() -> send("8.1.1", "LIFE-IHD", DeviceType.IHD, Map.of("activate", "maybe")))
                .hasMessageContaining("activate must be true or false");
    }

    @SuppressWarnings("unchecked")
    @Test
    void joinNeedsBothDevicesCommissionedThenJoinsBothWays() throws Exception {
        ServiceResponse early = send("8.7.1", "LIFE-ESME", DeviceType.ESME, Map.of("otherDevice", "LIFE-IHD"));
        assertThat(early.code()).isEqualTo(ResponseCode.I0);
        assertThat(early.deviceResult()).isEqualTo("other-reason");
        assertThat(early.detail()).contains("deviceLifecycle").contains("method 3");

        send("8.1.1", "LIFE-ESME", DeviceType.ESME, Map.of());
        send("8.1.1", "LIFE-IHD", DeviceType.IHD, Map.of());
        ServiceResponse joined = send("8.7.1", "LIFE-ESME", DeviceType.ESME, Map.of("otherDevice", "LIFE-IHD"));
        assertThat(joined.deviceResult()).as(joined.detail()).isEqualTo(ServiceResponse.DEVICE_SUCCESS);
        assertThat(joined.values()).containsEntry("joined", true)
                .containsEntry("joinedDevices", List.of("ACM-D1-0008004"));
        assertThat(lab.simulators.simulator("DMC-LIFE").orElseThrow().device("LIFE-IHD").orElseThrow()
                .lifecycle().joined()).containsExactly("ACM-A1-0008002");
    }

    @Test
    void joinRefusesWhatIsNotAHanDeviceOfTheDmc() {
        assertThatThrownBy(() -> send("8.7.1", "LIFE-ESME", DeviceType.ESME, Map.of("otherDevice", "LIFE-GSME")))
                .hasMessageContaining("joins a PPMID or IHD");
        assertThatThrownBy(() -> send("8.7.1", "LIFE-ESME", DeviceType.ESME, Map.of("otherDevice", "NOPE")))
                .hasMessageContaining("not a device of DMC DMC-LIFE");
        assertThatThrownBy(() -> send("8.7.1", "LIFE-ESME", DeviceType.ESME, Map.of()))
                .hasMessageContaining("otherDevice");
    }

    @Test
    void theIhdProfileHasItsOwnIdentityAndFirmware() throws Exception {
        ServiceResponse identity = send("6.2.4", "LIFE-IHD", DeviceType.IHD, Map.of());
        assertThat(identity.values()).containsEntry("serialNumber", "ACM-D1-0008004")
                .containsEntry("manufacturer", "Acme Metering Ltd").containsEntry("model", "D1-IHD")
                .containsEntry("deviceType", "IHD");
        assertThat(send("11.2", "LIFE-IHD", DeviceType.IHD, Map.of()).values())
                .containsEntry("firmwareVersion", "D1.0.3");
        ServiceResponse unsupported = send("7.4", "LIFE-IHD", DeviceType.IHD, Map.of());
        assertThat(unsupported.code()).isEqualTo(ResponseCode.E11);
    }

    @Test
    void theHubReportsItsFirmwareAndAGasMeterJoinsTheIhd() throws Exception {
        assertThat(send("11.2", "LIFE-CHF", DeviceType.CHF, Map.of()).values())
                .containsEntry("firmwareVersion", "CH1.4.2");
        // the GSME profile supports 8.7.1 too; a GSME may join the IHD once both are commissioned
        send("8.1.1", "LIFE-GSME", DeviceType.GSME, Map.of());
        send("8.1.1", "LIFE-IHD", DeviceType.IHD, Map.of());
        ServiceResponse joined = send("8.7.1", "LIFE-GSME", DeviceType.GSME, Map.of("otherDevice", "LIFE-IHD"));
        assertThat(joined.values()).containsEntry("joined", true);
    }
}
