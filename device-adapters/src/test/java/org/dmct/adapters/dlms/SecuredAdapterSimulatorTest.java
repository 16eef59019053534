package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.adapters.dlms.internal.DlmsAssociation;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.Quantity;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.FrameDirection;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.sim.InstallationSimulator;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.dmct.sim.device.SimulatedDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adapter against the simulators with DLMS high level security, both suites, through the adapter SPI: HLS-GMAC
 * and HLS-ECDSA associations with the keys of the lab keystore, every service APDU ciphered (registers, the supply
 * switch, the event log in ciphered GET blocks, SET and ACTION in ciphered blocks), the invocation counter read from
 * the frame counter object through the public client and rising for the whole run, only ciphertext in the evidence
 * unless the lab asks for the deciphered copies, and no key anywhere in frames or messages.
 */
class SecuredAdapterSimulatorTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static SecuredLab lab;

    @BeforeAll
    static void start() {
        lab = new SecuredLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type) throws Exception {
        return send(adapter, srv, device, type, Map.of());
    }

    static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type,
                                Map<String, Object> params) throws Exception {
        ServiceRequest request = new ServiceRequest("s" + IDS.incrementAndGet(), srv, device, type, params, 1);
        return adapter.execute(request).get(30, TimeUnit.SECONDS);
    }

    private static List<SecuredLab.Frame> framesOf(ServiceResponse r) {
        return lab.frames.stream().filter(f -> r.requestId().equals(f.requestId())).toList();
    }

    /** The APDU tag of a wrapper frame. */
    static int tag(byte[] frame) {
        return frame[8] & 0xFF;
    }

    /** The wrapper frame's source wPort. */
    static int source(byte[] frame) {
        return ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
    }

    /** The wrapper frame's destination wPort. */
    static int destination(byte[] frame) {
        return ((frame[4] & 0xFF) << 8) | (frame[5] & 0xFF);
    }

    static boolean gloCiphered(byte[] frame) {
        return tag(frame) >= 0xC8 && tag(frame) <= 0xCF;
    }

    /** The invocation counter of a glo-ciphered APDU in a wrapper frame: after tag, length and SC. */
    static long invocationCounter(byte[] frame) {
        int i = 9;
        int length = frame[i] & 0xFF;
        i += length == 0x81 ? 2 : length == 0x82 ? 3 : 1;
        i++; // security control
        return ((long) (frame[i] & 0xFF) << 24) | ((frame[i + 1] & 0xFF) << 16) | ((frame[i + 2] & 0xFF) << 8)
                | (frame[i + 3] & 0xFF);
    }

    private static SimulatedDevice simulated(String dmc, String device) {
        return lab.simulators.simulator(dmc).orElseThrow().device(device).orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DMC-GMAC, GMAC-ESME", "DMC-ECDSA, ECDSA-ESME"})
    @SuppressWarnings("unchecked")
    void registersSwitchAndEventLogOverACipheredAssociation(String dmc, String esme) throws Exception {
        try (DlmsAdapter a = lab.open(dmc)) {
            ServiceResponse register = send(a, "4.1.1", esme, DeviceType.ESME);
            assertThat(register.code()).as(register.detail()).isEqualTo(ResponseCode.I0);
            // the register advances with (wall) time from the profile's initial value
            assertThat(((Quantity) register.values().get("activeImportTotal")).value())
                    .isBetween(new BigDecimal("1234568"), new BigDecimal("1236568"));

            // The association: public client (16) reads the frame counter in clear, then the secured one.
            List<SecuredLab.Frame> opening = framesOf(register);
            assertThat(opening.get(0).direction()).isEqualTo(FrameDirection.SENT);
            assertThat(source(opening.get(0).bytes())).isEqualTo(16);
            assertThat(tag(opening.get(0).bytes())).isEqualTo(0x60);
            assertThat(opening).filteredOn(f -> f.direction() == FrameDirection.SENT && source(f.bytes()) == 16)
                    .extracting(f -> tag(f.bytes())).containsExactly(0x60, 0xC0); // AARQ, GET (its RLRQ follows, no request)
            List<SecuredLab.Frame> secured = opening.stream()
                    .filter(f -> f.direction() == FrameDirection.SENT && source(f.bytes()) == 1).toList();
            assertThat(tag(secured.get(0).bytes())).isEqualTo(0x60);
            // After the AARQ every APDU we send is glo-ciphered: the HLS reply and the GETs.
            assertThat(secured.subList(1, secured.size())).isNotEmpty()
                    .allSatisfy(f -> assertThat(gloCiphered(f.bytes())).as("ciphered %02X", tag(f.bytes())).isTrue());
            // and every answer to the secured client (wPort 1), after its AARE, is ciphered too
            assertThat(opening).filteredOn(f -> f.direction() == FrameDirection.RECEIVED && destination(f.bytes()) == 1
                    && tag(f.bytes()) != 0x61).isNotEmpty()
                    .allSatisfy(f -> assertThat(gloCiphered(f.bytes())).isTrue());

            DisconnectControlObject sw = simulated(dmc, esme).supplySwitch().orElseThrow();
            assertThat(send(a, "7.2", esme, DeviceType.ESME).values()).containsEntry("supplyStatus", "disconnected");
            assertThat(sw.state()).isEqualTo(DisconnectControlObject.DISCONNECTED);
            assertThat(send(a, "7.3", esme, DeviceType.ESME).values()).containsEntry("supplyStatus", "armed");
            assertThat(send(a, "7.1", esme, DeviceType.ESME).values()).containsEntry("supplyStatus", "connected");
            assertThat(sw.state()).isEqualTo(DisconnectControlObject.CONNECTED);

            ServiceResponse log = send(a, "6.13", esme, DeviceType.ESME);
            assertThat(log.succeeded()).as(log.detail()).isTrue();
            List<Map<String, Object>> entries = (List<Map<String, Object>>) log.values().get("entries");
            assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
            // 40+ entries of 18 bytes cannot fit the 256-byte APDU of the profile: every block came ciphered.
            List<SecuredLab.Frame> blocks = framesOf(log).stream()
                    .filter(f -> f.direction() == FrameDirection.RECEIVED).toList();
            assertThat(blocks).hasSizeGreaterThan(2).allSatisfy(f -> assertThat(tag(f.bytes())).isEqualTo(0xCC));
            assertThat(framesOf(log)).filteredOn(f -> f.direction() == FrameDirection.SENT)
                    .allSatisfy(f -> assertThat(tag(f.bytes())).isEqualTo(0xC8));
        }
    }

    @Test
    void gsmesWithAuthenticatedOnlyAndEncryptedOnlyPoliciesAndGeneralGloCiphering() throws Exception {
        try (DlmsAdapter g = lab.open("DMC-GMAC"); DlmsAdapter e = lab.open("DMC-ECDSA")) {
            ServiceResponse authenticatedOnly = send(g, "11.2", "GMAC-GSME", DeviceType.GSME);
            assertThat(authenticatedOnly.values()).as(authenticatedOnly.detail()).containsEntry("firmwareVersion", "G4.02");
            // policy authenticated: the plaintext travels in clear beside its GMAC tag
            assertThat(framesOf(authenticatedOnly)).anySatisfy(f -> {
                assertThat(tag(f.bytes())).isEqualTo(0xCC);
                assertThat(new String(f.bytes(), StandardCharsets.ISO_8859_1)).contains("G4.02");
            });
            ServiceResponse encryptedOnly = send(e, "4.1.1", "ECDSA-GSME", DeviceType.GSME);
            assertThat(((Quantity) encryptedOnly.values().get("activeImportTotal")).value())
                    .as(encryptedOnly.detail()).isBetween(new BigDecimal("4521.337"), new BigDecimal("4522.337"));
            ServiceResponse firmware = send(e, "11.2", "ECDSA-GSME", DeviceType.GSME);
            assertThat(firmware.values()).containsEntry("firmwareVersion", "G4.02");
            assertThat(framesOf(firmware)).filteredOn(f -> f.note() == null)
                    .noneSatisfy(f -> assertThat(new String(f.bytes(), StandardCharsets.ISO_8859_1)).contains("G4.02"));
            // this model's profile asks for general-glo-ciphering: both ways, every service APDU is 0xDB
            assertThat(framesOf(firmware)).filteredOn(f -> f.note() == null).isNotEmpty()
                    .allSatisfy(f -> assertThat(tag(f.bytes())).as("general-glo-ciphering").isEqualTo(0xDB));
        }
    }

    @Test
    void invocationCounterStartsAboveTheDevicesFrameCounterAndKeepsRisingForTheRun() throws Exception {
        try (SecuredLab own = new SecuredLab()) {
            InstallationSimulator simulator = own.simulators.simulator("DMC-GMAC").orElseThrow();
            SimulatedDevice device = simulator.device("GMAC-ESME").orElseThrow();
            // A counter the device accepted from an earlier client (another harness run): ours must continue above it.
            device.keepInvocationCounters(5_000, device.ownInvocationCounter());
            List<Long> ours = new ArrayList<>();
            try (DlmsAdapter a = own.open("DMC-GMAC")) {
                ServiceResponse first = send(a, "11.2", "GMAC-ESME", DeviceType.ESME);
                assertThat(first.succeeded()).as(first.detail()).isTrue();
                assertThat(device.clientInvocationCounter()).isGreaterThan(5_000);
                // The meter restarts with its client frame counter reset (as after a key change) on the same port:
                // the adapter reassociates, and its counter still continues above every counter it used in this run.
                simulator.kill();
                assertThat(send(a, "11.2", "GMAC-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.E20);
                try (InstallationSimulator fresh = new InstallationSimulator(own.dmc("DMC-GMAC"), own.group,
                        Clock.systemUTC(), own.secrets)) {
                    fresh.start().get(10, TimeUnit.SECONDS);
                    SimulatedDevice freshDevice = fresh.device("GMAC-ESME").orElseThrow();
                    // its own counter lives on (a meter never reuses a nonce): only the client's is back at 0
                    freshDevice.keepInvocationCounters(0, device.ownInvocationCounter());
                    assertThat(freshDevice.clientInvocationCounter()).isZero();
                    ServiceResponse again = send(a, "11.2", "GMAC-ESME", DeviceType.ESME);
                    assertThat(again.succeeded()).as(again.detail()).isTrue();
                    for (ServiceResponse r : List.of(first, again)) {
                        own.frames.stream().filter(f -> r.requestId().equals(f.requestId())
                                        && f.direction() == FrameDirection.SENT && gloCiphered(f.bytes()))
                                .forEach(f -> ours.add(invocationCounter(f.bytes())));
                    }
                    assertThat(freshDevice.clientInvocationCounter()).isEqualTo(ours.get(ours.size() - 1));
                }
            }
            assertThat(ours).hasSizeGreaterThanOrEqualTo(4).isSorted().doesNotHaveDuplicates();
            assertThat(ours.get(0)).isGreaterThan(5_000);
        }
    }

    @Test
    void setAndActionTravelInCipheredBlocks() throws Exception {
        LabDmc dmc = lab.dmc("DMC-GMAC");
        LabDevice esme = dmc.device("GMAC-ESME").orElseThrow();
        List<SecuredLab.Frame> frames = lab.frames;
        DlmsAssociation association = new DlmsAssociation(esme, dmc.link(), (EventLoop) lab.group.next(),
                (device, request, dir, bytes, note) -> frames.add(new SecuredLab.Frame(device, request, dir,
                        bytes.clone(), note)), lab.secrets, Duration.ofSeconds(5));
        try {
            // 600 bytes cannot fit the 256-byte APDU the device receives: three or more ciphered blocks
            DlmsData big = DlmsData.octets(new byte[600]);
            DataAccessResult set = association.set("blocks-set", AttributeDescriptor.of(8, "0-0:1.0.0.255", 2), big)
                    .get(30, TimeUnit.SECONDS);
            // the meter reassembled the value and refused it as a clock time: the answer to the last block
            assertThat(set).isEqualTo(DataAccessResult.TYPE_UNMATCHED);
            List<SecuredLab.Frame> setFrames = frames.stream().filter(f -> "blocks-set".equals(f.requestId())
                    && f.direction() == FrameDirection.SENT && source(f.bytes()) == 1 && tag(f.bytes()) == 0xC9).toList();
            assertThat(setFrames).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(f -> assertThat(f.bytes().length - 8).isLessThanOrEqualTo(256));
            var action = association.action("blocks-action", MethodDescriptor.of(70, "0-0:96.3.10.255", 1), big)
                    .get(30, TimeUnit.SECONDS);
            assertThat(action.result()).isEqualTo(ActionResult.TYPE_UNMATCHED);
            assertThat(frames.stream().filter(f -> "blocks-action".equals(f.requestId())
                    && f.direction() == FrameDirection.SENT && tag(f.bytes()) == 0xCB).count()).isGreaterThanOrEqualTo(3);
            // and the association goes on: a small SET in one APDU
            assertThat(association.set("blocks-after", AttributeDescriptor.of(70, "0-0:96.3.10.255", 4),
                    DlmsData.enumValue(1)).get(30, TimeUnit.SECONDS)).isEqualTo(DataAccessResult.SUCCESS);
        } finally {
            association.release().get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DMC-GMAC, GMAC-ESME, 0xCA", "DMC-ECDSA, ECDSA-GSME, 0xDB"})
    void alertsOnASecuredAssociationArriveCipheredAndAreOpened(String dmc, String device, String tag)
            throws Exception {
        List<org.dmct.core.model.AlertEvent> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeviceType type = device.endsWith("ESME") ? DeviceType.ESME : DeviceType.GSME;
        try (DlmsAdapter a = lab.openWithAlerts(dmc, alerts::add)) {
            assertThat(send(a, "7.2", device, type).succeeded()).isTrue();
            ServiceResponse arm = send(a, "7.3", device, type);
            assertThat(arm.values()).containsEntry("supplyStatus", "armed");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> alerts.stream().anyMatch(e -> e.code() == 0x8F32));
            org.dmct.core.model.AlertEvent armed = alerts.stream().filter(e -> e.code() == 0x8F32).findFirst()
                    .orElseThrow();
            assertThat(armed.deviceId()).isEqualTo(device);
            assertThat(armed.source()).isEqualTo("association");
            // the notification travelled ciphered (glo-event-notification, or general-glo where the profile says
            // so): on the wire no plain event-notification (0xC2) came from the device
            int expected = Integer.decode(tag);
            List<SecuredLab.Frame> received = lab.frames.stream().filter(f -> device.equals(f.deviceId())
                    && f.direction() == FrameDirection.RECEIVED && f.bytes().length > 8).toList();
            assertThat(received).noneSatisfy(f -> assertThat(tag(f.bytes())).isEqualTo(0xC2));
            assertThat(received).anySatisfy(f -> assertThat(tag(f.bytes())).isEqualTo(expected));
            assertThat(lab.frames).anySatisfy(f -> assertThat(f.note()).isNotNull()
                    .contains("ciphered notification").contains("0x8F32"));
            // and the answers still open: the counters of answer and notification follow the order they were sent
            assertThat(send(a, "7.4", device, type).values()).containsEntry("supplyStatus", "armed");
        }
    }

    @Test
    void decipheredCopiesAreRecordedOnlyWhereTheLabAsks() throws Exception {
        try (DlmsAdapter e = lab.open("DMC-ECDSA"); DlmsAdapter g = lab.open("DMC-GMAC")) {
            ServiceResponse recorded = send(e, "11.2", "ECDSA-GSME", DeviceType.GSME);
            assertThat(recorded.succeeded()).as(recorded.detail()).isTrue();
            List<SecuredLab.Frame> frames = framesOf(recorded);
            List<SecuredLab.Frame> copies = frames.stream().filter(f -> f.note() != null
                    && f.note().startsWith("deciphered copy")).toList();
            assertThat(copies).extracting(SecuredLab.Frame::direction)
                    .contains(FrameDirection.SENT, FrameDirection.RECEIVED);
            // each copy follows the ciphered frame it opens, and is a plain xDLMS APDU (no wrapper header)
            for (SecuredLab.Frame copy : copies) {
                SecuredLab.Frame before = frames.get(frames.indexOf(copy) - 1);
                assertThat(before.direction()).isEqualTo(copy.direction());
                assertThat(before.note()).isNull();
                // ECDSA-GSME's profile uses general-glo-ciphering (0xDB)
                assertThat(gloCiphered(before.bytes()) || tag(before.bytes()) == 0xDB).isTrue();
                assertThat(ApduCodec.decode(copy.bytes()).isSuccess()).isTrue();
            }
            assertThat(copies).anySatisfy(c -> assertThat(ApduCodec.decode(c.bytes()).apdu())
                    .isInstanceOf(GetRequest.Normal.class));
            assertThat(copies).anySatisfy(c -> assertThat(ApduCodec.decode(c.bytes()).apdu())
                    .isInstanceOf(GetResponse.Normal.class));

            ServiceResponse notRecorded = send(g, "11.2", "GMAC-ESME", DeviceType.ESME);
            assertThat(notRecorded.succeeded()).isTrue();
            assertThat(framesOf(notRecorded)).allSatisfy(f -> assertThat(f.note()).isNull());
        }
    }

    @Test
    void noKeyReachesTheEvidenceOrAMessage() throws Exception {
        StringBuilder details = new StringBuilder();
        try (DlmsAdapter g = lab.open("DMC-GMAC"); DlmsAdapter e = lab.open("DMC-ECDSA")) {
            for (String srv : List.of("4.1.1", "6.2.4", "11.2", "7.4", "6.13")) {
                details.append(send(g, srv, "GMAC-ESME", DeviceType.ESME).detail());
                details.append(send(e, srv, "ECDSA-ESME", DeviceType.ESME).detail());
                details.append(send(e, "11.2", "ECDSA-GSME", DeviceType.GSME).detail());
            }
        }
        try (DlmsAdapter wrong = lab.open("DMC-GMAC", SecuredLab.withWrongKey(lab.secrets, "gmac-esme-ek"))) {
            details.append(send(wrong, "11.2", "GMAC-ESME", DeviceType.ESME).detail());
        }
        List<String> keys = lab.keyHexes();
        assertThat(keys).hasSize(8);
        HexFormat hex = HexFormat.of().withUpperCase();
        String evidence = lab.frames.stream().map(f -> hex.formatHex(f.bytes()) + " " + f.note())
                .reduce("", String::concat);
        assertThat(evidence).isNotEmpty();
        for (String key : keys) {
            assertThat(evidence).doesNotContain(key);
            assertThat(details.toString().toUpperCase()).doesNotContain(key);
        }
        // nor the private signing key of the harness
        var privateKey = (java.security.interfaces.ECPrivateKey) lab.secrets.privateKey(
                new org.dmct.core.config.SecretRef(org.dmct.core.config.SecretRef.Source.KEYSTORE, "harness-signing"));
        String scalar = hex.formatHex(java.util.Arrays.copyOfRange(privateKey.getS().toByteArray(),
                privateKey.getS().toByteArray().length - 16, privateKey.getS().toByteArray().length));
        assertThat(evidence).doesNotContain(scalar);
    }
}
