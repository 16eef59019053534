package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.adapters.dlms.ScriptedPeer.Behaviour;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.FrameDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Devices that misbehave: each misbehaviour fails its request with the response the DCC would give and a detail
 * naming the device, link and frame, never a hang or an exception; the next request still works.
 */
class DlmsAdapterMisbehaviourTest {
    private static TestLab lab;
    private static int ids;

    @BeforeAll
    static void start() {
        lab = new TestLab();
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    /** DMC-ALPHA's declaration pointed at the scripted peer instead of its simulator. */
    private DlmsAdapter adapterFor(int port, Duration timeout) {
        LabDmc dmc = lab.dmc("DMC-ALPHA");
        dmc = dmc.withLink(dmc.link().withPort(port));
        return (DlmsAdapter) new DlmsAdapterProvider().open(lab.context(dmc, timeout));
    }

    private static ServiceResponse readFirmware(DlmsAdapter a) throws Exception {
        ServiceRequest r = new ServiceRequest("m" + (++ids), "11.2", "ALPHA-ESME", DeviceType.ESME, Map.of(), 1);
        return a.execute(r).get(30, TimeUnit.SECONDS);
    }

    @Test
    void silentDeviceIsE21AndALateAnswerDoesNotConfuseTheNextRequest() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(lab.group, Behaviour.SILENT, Behaviour.ANSWER);
             DlmsAdapter a = adapterFor(peer.port(), Duration.ofMillis(300))) {
            ServiceResponse first = readFirmware(a);
            assertThat(first.code()).isEqualTo(ResponseCode.E21);
            assertThat(first.detail()).contains("ALPHA-ESME did not answer GET 1-0:0.2.0.255")
                    .contains("within 300ms").contains("127.0.0.1:" + peer.port());
            peer.answerLate();
            // The late answer is evidence, but it is not taken for the next request's answer.
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.frames.stream()
                    .anyMatch(f -> first.requestId().equals(f.requestId()) && f.direction() == FrameDirection.RECEIVED
                            && f.bytes().length > 20));
            ServiceResponse second = readFirmware(a);
            assertThat(second.code()).isEqualTo(ResponseCode.I0);
            assertThat(second.values()).containsEntry("firmwareVersion", "LATE-OR-NOT");
        }
    }

    @Test
    void malformedApduIsE20WithTheBytes() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(lab.group, Behaviour.GARBAGE_APDU);
             DlmsAdapter a = adapterFor(peer.port(), Duration.ofSeconds(5))) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("malformed answer from ALPHA-ESME").contains("C4FF99");
            assertThat(readFirmware(a).code()).isEqualTo(ResponseCode.I0);
        }
    }

    @Test
    void badWrapperHeaderIsE20RecordedAsMalformedAndTheLinkIsReopened() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(lab.group, Behaviour.BAD_WRAPPER_HEADER);
             DlmsAdapter a = adapterFor(peer.port(), Duration.ofSeconds(5))) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("malformed frame from ALPHA-ESME").contains("00070001");
            assertThat(lab.frames).anyMatch(f -> r.requestId().equals(f.requestId())
                    && f.direction() == FrameDirection.MALFORMED_RECEIVED && f.note() != null);
            assertThat(readFirmware(a).code()).isEqualTo(ResponseCode.I0);
        }
    }

    @Test
    void droppedLinkIsE20AndTheNextRequestReconnects() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(lab.group, Behaviour.CLOSE);
             DlmsAdapter a = adapterFor(peer.port(), Duration.ofSeconds(5))) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("closed the connection");
            assertThat(readFirmware(a).code()).isEqualTo(ResponseCode.I0);
        }
    }

    @Test
    void nothingListeningIsE20ConnectionRefused() throws Exception {
        int port;
        try (ScriptedPeer peer = new ScriptedPeer(lab.group)) {
            port = peer.port();
        }
        try (DlmsAdapter a = adapterFor(port, Duration.ofSeconds(5))) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("cannot connect to ALPHA-ESME").contains("connection refused");
        }
    }

    @Test
    void killedSimulatorFailsRequestsQuicklyAndTheOthersStillAnswer() throws Exception {
        try (TestLab own = new TestLab(); DlmsAdapter c = own.open("DMC-CHARLIE"); DlmsAdapter b = own.open("DMC-BRAVO")) {
            ServiceRequest first = new ServiceRequest("k1", "11.2", "CHARLIE-ESME", DeviceType.ESME, Map.of(), 1);
            assertThat(c.execute(first).get(30, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.I0);
            own.simulators.simulator("DMC-CHARLIE").orElseThrow().kill();
            ServiceRequest second = new ServiceRequest("k2", "11.2", "CHARLIE-ESME", DeviceType.ESME, Map.of(), 1);
            ServiceResponse r = c.execute(second).get(30, TimeUnit.SECONDS);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            ServiceRequest other = new ServiceRequest("k3", "11.2", "BRAVO-ESME", DeviceType.ESME, Map.of(), 1);
            assertThat(b.execute(other).get(30, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.I0);
        }
    }
}
