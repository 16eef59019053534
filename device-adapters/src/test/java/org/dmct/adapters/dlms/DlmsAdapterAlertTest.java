package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.PushDestination;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.profile.AlertSettings;
import org.dmct.core.spi.FrameDirection;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.DataNotification;
import org.dmct.dlms.apdu.EventNotificationRequest;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.LongInvokeIdAndPriority;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.CosemDateTime;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.sim.device.SimulatedDevice;
import org.dmct.sim.cosem.ProfileGenericObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end between the simulators of the CI lab and the DLMS adapter: raised by a simulated device's state
 * change or stimulus, carried on an open association (idle or between a request and its answer) or pushed to the
 * adapter's listener, translated through the profile's event map; and what the listener does with pushes it
 * cannot use.
 */
class DlmsAdapterAlertTest {
    /** The event code column of an event log row (date-time, code). */
    private static final java.util.function.Function<java.util.List<org.dmct.dlms.axdr.DlmsData>, Integer> EVENT_CODE =
            row -> (int) row.get(1).asLong().orElseThrow();

    private static TestLab lab;
    private static final AtomicInteger IDS = new AtomicInteger();
    private final List<AlertEvent> alerts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        lab = new TestLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @BeforeEach
    void clear() {
        lab.frames.clear();
    }

    private DlmsAdapter open(LabDmc dmc) {
        return (DlmsAdapter) new DlmsAdapterProvider().open(lab.context(dmc, Duration.ofSeconds(5), alerts::add));
    }

    private static ServiceResponse send(DlmsAdapter adapter, String srv, String device, DeviceType type)
            throws Exception {
        ServiceRequest request = new ServiceRequest("a" + IDS.incrementAndGet(), srv, device, type, Map.of(), 1);
        return adapter.execute(request).get(30, TimeUnit.SECONDS);
    }

    private static SimulatedDevice simulated(String dmcId, String deviceId) {
        return lab.simulators.simulator(dmcId).orElseThrow().device(deviceId).orElseThrow();
    }

    private static InetSocketAddress pushAddress(DlmsAdapter adapter) throws Exception {
        return adapter.pushListener().orElseThrow().get(10, TimeUnit.SECONDS);
    }

    private TestLab.Frame frameNoted(String text) {
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.frames.stream()
                .anyMatch(f -> f.note() != null && f.note().contains(text)));
        return lab.frames.stream().filter(f -> f.note() != null && f.note().contains(text)).findFirst().orElseThrow();
    }

    @Test
    void alertOnAnIdleAssociationIsTranslatedAndHasNoRequestId() throws Exception {
        try (DlmsAdapter a = open(lab.dmc("DMC-ALPHA"))) {
            assertThat(send(a, "11.2", "ALPHA-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.I0);
            OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
            simulated("DMC-ALPHA", "ALPHA-ESME").supplyInterrupted();

            await().atMost(Duration.ofSeconds(10)).until(() -> !alerts.isEmpty());
            AlertEvent e = alerts.get(0);
            assertThat(e.dmcId()).isEqualTo("DMC-ALPHA");
            assertThat(e.deviceId()).isEqualTo("ALPHA-ESME");
            assertThat(e.codeHex()).isEqualTo("0x8F57");
            assertThat(e.source()).isEqualTo("association");
            assertThat(e.details()).containsEntry("deviceCode", "0x8F57")
                    .containsEntry("notification", "event-notification");
            assertThat(OffsetDateTime.parse((String) e.details().get("deviceTime"))).isAfterOrEqualTo(before);
            assertThat((String) e.details().get("rawTime")).hasSize(24);

            TestLab.Frame f = frameNoted("is alert 0x8F57");
            assertThat(f.requestId()).as("an idle association's notification belongs to no request").isNull();
            assertThat(f.direction()).isEqualTo(FrameDirection.RECEIVED);
            assertThat(f.deviceId()).isEqualTo("ALPHA-ESME");
            assertThat(f.bytes()[WrapperFrame.HEADER_LENGTH] & 0xFF).as("event-notification-request tag").isEqualTo(0xC2);
            // The request after the alert is answered as usual: the notification was not taken for an answer.
            assertThat(send(a, "11.2", "ALPHA-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.I0);
        }
    }

    @Test
    void alertBetweenARequestAndItsAnswerCarriesThatRequestAndIsTranslatedThroughTheVendorMap() throws Exception {
        try (DlmsAdapter a = open(lab.dmc("DMC-BRAVO"))) {
            assertThat(send(a, "7.2", "BRAVO-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.I0);
            ServiceResponse arm = send(a, "7.3", "BRAVO-ESME", DeviceType.ESME);
            assertThat(arm.code()).isEqualTo(ResponseCode.I0);
            assertThat(arm.values()).containsEntry("supplyStatus", "armed");

            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F32));
            AlertEvent e = alerts.stream().filter(x -> x.code() == 0x8F32).findFirst().orElseThrow();
            assertThat(e.deviceId()).isEqualTo("BRAVO-ESME");
            assertThat(e.source()).isEqualTo("association");
            // Borealis logs and sends its own code 0x0101; the profile's map makes it GBCS 0x8F32.
            assertThat(e.details()).containsEntry("deviceCode", "0x0101")
                    .containsEntry("notification", "data-notification");
            assertThat(e.receivedAt()).isBeforeOrEqualTo(arm.answeredAt());

            TestLab.Frame notification = frameNoted("device event code 0x0101 is alert 0x8F32");
            assertThat(notification.requestId()).as("sent while the arm request waited for its answer")
                    .isEqualTo(arm.requestId());
            assertThat(notification.bytes()[WrapperFrame.HEADER_LENGTH] & 0xFF).as("data-notification tag")
                    .isEqualTo(0x0F);
            List<TestLab.Frame> ofArm = lab.frames.stream()
                    .filter(f -> arm.requestId().equals(f.requestId()) && f.direction() == FrameDirection.RECEIVED)
                    .toList();
            assertThat(ofArm.indexOf(notification)).as("the notification came before the arm's last answer")
                    .isLessThan(ofArm.size() - 1);

            ProfileGenericObject log = simulated("DMC-BRAVO", "BRAVO-ESME").eventLog().orElseThrow();
            assertThat(log.rows()).extracting(EVENT_CODE).contains(0x0101)
                    .doesNotContain(0x8F32);
        }
    }

    @Test
    void alertWithNoAssociationOpenIsPushedToTheListener() throws Exception {
        try (DlmsAdapter a = open(lab.dmc("DMC-BRAVO"))) {
            pushAddress(a);
            simulated("DMC-BRAVO", "BRAVO-GSME").lowBattery();

            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F1F));
            AlertEvent e = alerts.stream().filter(x -> x.code() == 0x8F1F).findFirst().orElseThrow();
            assertThat(e.deviceId()).isEqualTo("BRAVO-GSME");
            assertThat(e.source()).isEqualTo("push");
            assertThat(e.details()).containsEntry("deviceCode", "0x8F1F");
            TestLab.Frame f = frameNoted("is alert 0x8F1F");
            assertThat(f.requestId()).isNull();
            assertThat(f.deviceId()).isEqualTo("BRAVO-GSME");
            int source = ((f.bytes()[2] & 0xFF) << 8) | (f.bytes()[3] & 0xFF);
            int destination = ((f.bytes()[4] & 0xFF) << 8) | (f.bytes()[5] & 0xFF);
            assertThat(source).as("source wPort: the GSME's logical device").isEqualTo(3);
            assertThat(destination).as("destination wPort: the client the profile associates as").isEqualTo(16);
        }
    }

    @Test
    void anEventCodeTheAdaptersMapLacksIsRecordedWithoutAnAlert() throws Exception {
        // The device reports tamper as 0x8F3F; the adapter's copy of the profile does not map it.
        LabDmc alpha = lab.dmc("DMC-ALPHA");
        LabDevice esme = alpha.device("ALPHA-ESME").orElseThrow();
        Map<Integer, Integer> lacking = new LinkedHashMap<>(esme.profile().alerts().eventMap());
        assertThat(lacking.remove(0x8F3F)).isEqualTo(0x8F3F);
        LabDevice narrowed = new LabDevice(esme.id(), esme.type(), esme.profile().withAlerts(
                new AlertSettings(AlertSettings.Notification.EVENT_NOTIFICATION, lacking)), esme.firmware(),
                esme.logicalDevice(), esme.serialNumber());
        LabDmc adapterView = new LabDmc(alpha.id(), alpha.title(), alpha.smso(), alpha.installationType(),
                alpha.simulated(), alpha.link(), alpha.devices().stream().map(d -> d.id().equals(esme.id()) ? narrowed : d)
                .toList(), alpha.push());
        try (DlmsAdapter a = open(adapterView)) {
            assertThat(send(a, "11.2", "ALPHA-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.I0);
            simulated("DMC-ALPHA", "ALPHA-ESME").tamper();
            TestLab.Frame f = frameNoted("unmapped device event code 0x8F3F");
            assertThat(f.note()).contains("esme-acme-a1").contains("no alert raised");
            assertThat(f.direction()).isEqualTo(FrameDirection.RECEIVED);
            simulated("DMC-ALPHA", "ALPHA-ESME").supplyRestored();
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F35));
            assertThat(alerts).extracting(AlertEvent::code).doesNotContain(0x8F3F);
        }
    }

    @Test
    void anEventTheDevicesOwnMapLacksIsLoggedButNeverSent() throws Exception {
        try (DlmsAdapter a = open(lab.dmc("DMC-ALPHA"))) {
            assertThat(send(a, "11.2", "ALPHA-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.I0);
            SimulatedDevice esme = simulated("DMC-ALPHA", "ALPHA-ESME");
            var raised = esme.lowBattery();   // the Acme ESME's map has no low-battery alert
            assertThat(raised.alerts()).isFalse();
            assertThat(esme.eventLog().orElseThrow().rows()).last()
                    .extracting(EVENT_CODE).isEqualTo(0x8F1F);
            esme.supplyRestored();
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F35));
            assertThat(alerts).extracting(AlertEvent::code).doesNotContain(0x8F1F);
            assertThat(lab.frames).noneMatch(f -> f.note() != null && f.note().contains("0x8F1F"));
        }
    }

    @Test
    void pushesTheListenerCannotUseAreRecordedAsMalformedAndItKeepsListening() throws Exception {
        try (DlmsAdapter a = open(lab.dmc("DMC-CHARLIE"))) {
            InetSocketAddress at = pushAddress(a);
            byte[] tamper = ApduCodec.encode(new EventNotificationRequest(null,
                    AttributeDescriptor.of(1, "0-0:96.11.0.255", 2), DlmsData.u16(0x0120)));
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                OutputStream out = s.getOutputStream();
                // A logical device the DMC does not have.
                out.write(WrapperFrame.of(9, 16, tamper).toBytes());
                // An APDU that does not decode.
                out.write(WrapperFrame.of(2, 16, HexFormat.of().parseHex("C201")).toBytes());
                // A GET response is not a notification.
                out.write(WrapperFrame.of(2, 16, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                        GetDataResult.of(DlmsData.u16(1))))).toBytes());
                // A data notification without an event code.
                out.write(WrapperFrame.of(2, 16, ApduCodec.encode(new DataNotification(LongInvokeIdAndPriority.of(7),
                        null, DlmsData.structure(DlmsData.visible("cover open"))))).toBytes());
                // Still a good push on the same connection: mapped through the Borealis map.
                out.write(WrapperFrame.of(2, 16, tamper).toBytes());
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F3F));
            }
            assertThat(frameNoted("from logical device 9, which DMC DMC-CHARLIE does not have").direction())
                    .isEqualTo(FrameDirection.MALFORMED_RECEIVED);
            TestLab.Frame undecodable = frameNoted("malformed APDU");
            assertThat(undecodable.direction()).isEqualTo(FrameDirection.MALFORMED_RECEIVED);
            assertThat(undecodable.deviceId()).isEqualTo("CHARLIE-ESME");
            assertThat(frameNoted("carried a Normal, not a notification").direction())
                    .isEqualTo(FrameDirection.MALFORMED_RECEIVED);
            assertThat(frameNoted("where the event code (an unsigned integer").direction())
                    .isEqualTo(FrameDirection.MALFORMED_RECEIVED);
            AlertEvent e = alerts.get(0);
            assertThat(e).extracting(AlertEvent::deviceId, AlertEvent::source).containsExactly("CHARLIE-ESME", "push");
            assertThat(e.details()).containsEntry("deviceCode", "0x0120").doesNotContainKey("deviceTime");
            assertThat(frameNoted("profile esme-borealis-b2-fw-b201 says the model sends data-notification"))
                    .as("the notification kind differs from the profile's: accepted, and noted").isNotNull();

            // A broken wrapper header ends that connection only.
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                s.getOutputStream().write(HexFormat.of().parseHex("0007000200100003C20141"));
                s.getOutputStream().flush();
                assertThat(s.getInputStream().read()).as("the listener closes the broken stream").isEqualTo(-1);
            }
            assertThat(frameNoted("wrapper version 0x0007 is not 0x0001").direction())
                    .isEqualTo(FrameDirection.MALFORMED_RECEIVED);
            try (Socket s = new Socket(at.getAddress(), at.getPort())) {
                s.getOutputStream().write(WrapperFrame.of(2, 16, ApduCodec.encode(new EventNotificationRequest(
                        CosemDateTime.of(OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)),
                        AttributeDescriptor.of(1, "0-0:96.11.0.255", 2), DlmsData.u16(0x0102)))).toBytes());
                s.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> alerts.stream().anyMatch(x -> x.code() == 0x8F57));
            }
            AlertEvent interrupted = alerts.stream().filter(x -> x.code() == 0x8F57).findFirst().orElseThrow();
            assertThat(interrupted.details()).containsEntry("deviceTime", "2024-05-01T12:00Z");
        }
    }

    @Test
    void aPushPortThatCannotBeBoundFailsRequestsLoudly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LabDmc alpha = lab.dmc("DMC-ALPHA").withPush(new PushDestination("127.0.0.1", taken.getLocalPort()));
            try (DlmsAdapter a = open(alpha)) {
                var bound = a.pushListener().orElseThrow();
                await().atMost(Duration.ofSeconds(20)).until(bound::isDone);
                assertThat(bound).isCompletedExceptionally();
                ServiceRequest r = new ServiceRequest("a" + IDS.incrementAndGet(), "11.2", "ALPHA-ESME",
                        DeviceType.ESME, Map.of(), 1);
                var f = a.execute(r);
                assertThat(f).isCompletedExceptionally();
                ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(f::get,
                        ExecutionException.class);
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                assertThat(e.getCause().getMessage()).contains("cannot listen for the alerts DMC DMC-ALPHA pushes on "
                        + "127.0.0.1:" + taken.getLocalPort());
            }
        }
    }

    @Test
    void closingTheAdapterClosesItsPushListener() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        DlmsAdapter a = open(lab.dmc("DMC-ALPHA").withPush(new PushDestination("127.0.0.1", port)));
        InetSocketAddress at = pushAddress(a);
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            assertThat(s.isConnected()).isTrue();
        }
        a.closeAsync().get(10, TimeUnit.SECONDS);
        // The port is free again: binding it succeeds, once the kernel has finished with the dropped push connection
        // (a socket still in LAST_ACK keeps the port busy for a moment; a listener that stayed open, for ever).
        await().atMost(Duration.ofSeconds(20)).until(() -> canBind(at));
    }

    private static boolean canBind(InetSocketAddress at) {
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(at);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aContextThatDropsAlertsDoesNotListenForPushes() {
        try (DlmsAdapter a = lab.open("DMC-ALPHA")) {
            assertThat(a.pushListener()).isEmpty();
        }
    }
}
