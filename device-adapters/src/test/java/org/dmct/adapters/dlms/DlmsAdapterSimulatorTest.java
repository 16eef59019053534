package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.FrameDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DLMS adapter driving the project's simulators of the CI lab over real TCP wrapper connections: every mapped
 * SRV, through the SPI as the runner uses it.
 */
class DlmsAdapterSimulatorTest {
    private static TestLab lab;
    private static final AtomicInteger IDS = new AtomicInteger();

    @BeforeAll
    static void start() {
        lab = new TestLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type,
                                        Map<String, Object> params) throws Exception {
        ServiceRequest request = new ServiceRequest("r" + IDS.incrementAndGet(), srv, device, type, params, 1);
        return adapter.execute(request).get(30, TimeUnit.SECONDS);
    }

    private static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type) throws Exception {
        return send(adapter, srv, device, type, Map.of());
    }

    @Test
    void providerIsFoundByServiceLoaderAndServesTheCiLab() {
        List<DeviceAdapterProvider> providers = DeviceAdapterProvider.installed();
        assertThat(providers).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("dlms");
            assertThat(p.supports(lab.dmc("DMC-ALPHA"))).isTrue();
        });
    }

    @Test
    void readsImportRegistersWithScalerAndUnit() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "4.1.1", "ALPHA-ESME", DeviceType.ESME);
            assertThat(r.code()).isEqualTo(ResponseCode.I0);
            assertThat(r.succeeded()).isTrue();
            // The register advances with (wall) time from the profile's initial value.
            assertThat(((Quantity) r.values().get("activeImportTotal")).value())
                    .isBetween(new BigDecimal("1234568"), new BigDecimal("1236568"));
            assertThat(r.values()).containsKeys("activeImportRate1", "activeImportRate2");
        }
        try (DlmsAdapter b = lab.open("DMC-BRAVO")) {
            // Borealis reports in units of 10 Wh: 987654 × 10^1 Wh.
            ServiceResponse r = send(b, "4.1.1", "BRAVO-ESME", DeviceType.ESME);
            Quantity total = (Quantity) r.values().get("activeImportTotal");
            assertThat(total.to("kWh").orElseThrow().value()).isBetween(new BigDecimal("9876.54"), new BigDecimal("9878.54"));
            ServiceResponse gas = send(b, "4.1.1", "BRAVO-GSME", DeviceType.GSME);
            assertThat(((Quantity) gas.values().get("activeImportTotal")).unit()).isEqualTo("m3");
            assertThat(((Quantity) gas.values().get("activeImportTotal")).value())
                    .isBetween(new BigDecimal("4521.337"), new BigDecimal("4522.337"));
        }
    }

    @Test
    void readsIdentityAndFirmwareFromDifferentObjectMaps() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA"); DlmsAdapter b = lab.open("DMC-BRAVO")) {
            ServiceResponse id = send(a, "6.2.4", "ALPHA-ESME", DeviceType.ESME);
            assertThat(id.values()).containsEntry("serialNumber", "ACM-A1-0004471")
                    .containsEntry("manufacturer", "Acme Metering Ltd").containsEntry("model", "A1-ESME");
            assertThat(send(a, "11.2", "ALPHA-ESME", DeviceType.ESME).values()).containsEntry("firmwareVersion", "P4X2G04");
            assertThat(send(b, "11.2", "BRAVO-ESME", DeviceType.ESME).values()).containsEntry("firmwareVersion", "B2-00");
            assertThat(send(a, "11.2", "ALPHA-CHF", DeviceType.CHF).values()).containsEntry("firmwareVersion", "CH1.4.2");
            assertThat(send(a, "11.2", "ALPHA-GSME", DeviceType.GSME).values()).containsEntry("firmwareVersion", "G4.02");
        }
    }

    @Test
    void supplySwitchFollowsDisableArmEnable() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            assertThat(send(a, "7.2", "ALPHA-ESME", DeviceType.ESME).values()).containsEntry("supplyStatus", "disconnected")
                    .containsEntry("outputState", false);
            assertThat(send(a, "7.3", "ALPHA-ESME", DeviceType.ESME).values()).containsEntry("supplyStatus", "armed");
            assertThat(send(a, "7.4", "ALPHA-ESME", DeviceType.ESME).values()).containsEntry("supplyStatus", "armed");
            assertThat(send(a, "7.1", "ALPHA-ESME", DeviceType.ESME).values()).containsEntry("supplyStatus", "connected")
                    .containsEntry("outputState", true);
        }
    }

    @Test
    void declaredDefectRefusesArmingOnlyOnTheDefectiveFirmware() throws Exception {
        try (DlmsAdapter c = lab.open("DMC-CHARLIE")) {
            assertThat(send(c, "7.2", "CHARLIE-ESME", DeviceType.ESME).succeeded()).isTrue();
            ServiceResponse arm = send(c, "7.3", "CHARLIE-ESME", DeviceType.ESME);
            assertThat(arm.code()).isEqualTo(ResponseCode.I0);
            assertThat(arm.succeeded()).isFalse();
            assertThat(arm.deviceResult()).isEqualTo("read-write-denied");
            assertThat(arm.detail()).contains("CHARLIE-ESME refused SET supplySwitch");
            assertThat(send(c, "7.1", "CHARLIE-ESME", DeviceType.ESME).values()).containsEntry("supplyStatus", "connected");
        }
    }

    @Test
    void synchronisesTheClock() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "6.11", "ALPHA-ESME", DeviceType.ESME,
                    Map.of("time", "2026-01-15T10:00:00Z"));
            OffsetDateTime clock = (OffsetDateTime) r.values().get("deviceClock");
            assertThat(Duration.between(OffsetDateTime.parse("2026-01-15T10:00:00Z"), clock).abs())
                    .isLessThan(Duration.ofSeconds(30));
            ServiceResponse now = send(a, "6.11", "ALPHA-ESME", DeviceType.ESME);
            assertThat(Duration.between(OffsetDateTime.now(), (OffsetDateTime) now.values().get("deviceClock")).abs())
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsALongEventLogInDataBlocks() throws Exception {
        try (DlmsAdapter b = lab.open("DMC-BRAVO")) {
            ServiceResponse r = send(b, "6.13", "BRAVO-ESME", DeviceType.ESME);
            assertThat(r.succeeded()).as(r.detail()).isTrue();
            List<Map<String, Object>> entries = (List<Map<String, Object>>) r.values().get("entries");
            assertThat(entries).hasSize(150);
            assertThat(entries.get(0)).containsKeys("time", "code");
            // 150 entries of 18 bytes cannot fit the 512-byte APDU the profile negotiates: blocks were used.
            long received = lab.frames.stream().filter(f -> r.requestId().equals(f.requestId())
                    && f.direction() == FrameDirection.RECEIVED).count();
            assertThat(received).isGreaterThan(2);
        }
    }

    @Test
    void unsupportedSrvIsE11WithoutTouchingTheDevice() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "7.1", "ALPHA-GSME", DeviceType.GSME);
            assertThat(r.code()).isEqualTo(ResponseCode.E11);
            assertThat(lab.frames).noneMatch(f -> r.requestId().equals(f.requestId()));
        }
    }

    @Test
    void inventoryIsAnsweredFromTheDeclaration() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "8.2", "ALPHA-ESME", DeviceType.ESME);
            assertThat(r.values()).containsEntry("firmwareVersion", "P4X2G04")
                    .containsEntry("smiStatus", "InstalledNotCommissioned");
            assertThat((List<?>) r.values().get("devices")).hasSize(3);
            assertThat(lab.frames).noneMatch(f -> r.requestId().equals(f.requestId()));
        }
    }

    @Test
    void everyFrameIsRecordedWithItsRequest() throws Exception {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            ServiceResponse r = send(a, "11.2", "ALPHA-CHF", DeviceType.CHF);
            var mine = lab.frames.stream().filter(f -> r.requestId().equals(f.requestId())).toList();
            // AARQ, AARE, GET request, GET response: the first use of an association opens it.
            assertThat(mine).hasSize(4);
            assertThat(mine.get(0).direction()).isEqualTo(FrameDirection.SENT);
            assertThat(mine.get(0).bytes()[8]).isEqualTo((byte) 0x60);
            assertThat(mine.get(1).bytes()[8]).isEqualTo((byte) 0x61);
        }
    }
}
