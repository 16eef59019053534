package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.adapters.dlms.ScriptedHdlcPeer.Fault;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.FrameDirection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DLMS adapter on an {@code hdlc-tcp} link meeting a meter that breaks IEC 62056-46 ({@link ScriptedHdlcPeer}).
 * Where HDLC itself recovers (a frame lost to a bad checksum, truncation, a wrong length, a skipped N(S), a repeat,
 * garbage between frames) the request succeeds and the evidence still holds the bad bytes as MALFORMED_RECEIVED with
 * the reason. Where it cannot (FRMR, DM, an RR acknowledging frames never sent, an APDU nobody knows, a device that
 * never answers or always garbles) the response is E20, or E21 for silence, with a detail naming the device, the
 * link and the bytes; the next request then works on a re-established link. Every wait is bounded: requests time
 * out after 2 s and the HDLC link polls every 400 ms.
 */
class DlmsAdapterHdlcMisbehaviourTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
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

    /** DMC-ALPHA over HDLC over TCP to the peer: four-byte server addresses, 128-byte frames, window 1. */
    private static DlmsAdapter adapterFor(ScriptedHdlcPeer peer) {
        LabDmc dmc = lab.dmc("DMC-ALPHA");
        LinkSpec link = new LinkSpec(LinkSpec.Transport.HDLC_TCP, "127.0.0.1", peer.port(), null,
                new LinkSpec.HdlcOptions(4, 0x10, 128, 1, Duration.ofMillis(200)));
        return (DlmsAdapter) new DlmsAdapterProvider().open(lab.context(dmc.withLink(link), TIMEOUT));
    }

    private static ServiceResponse readFirmware(DlmsAdapter a) throws Exception {
        ServiceRequest r = new ServiceRequest("h" + (++ids), "11.2", "ALPHA-ESME", DeviceType.ESME, Map.of(), 1);
        return a.execute(r).get(30, TimeUnit.SECONDS);
    }

    private static String link(ScriptedHdlcPeer peer) {
        return "hdlc-tcp://127.0.0.1:" + peer.port();
    }

    private static List<TestLab.Frame> frames(ServiceResponse r, FrameDirection direction) {
        return lab.frames.stream().filter(f -> r.requestId().equals(f.requestId()) && f.direction() == direction)
                .toList();
    }

    /** A run that HDLC recovers: success, the peer's answer, and the bad bytes in the evidence with the reason. */
    private static ServiceResponse recovers(Fault fault, String reason) throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).onGets(fault).start();
             DlmsAdapter a = adapterFor(peer)) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).as(r.detail()).isEqualTo(ResponseCode.I0);
            assertThat(r.values()).containsEntry("firmwareVersion", "PEER-ANSWER-1");
            if (reason != null) {
                assertThat(frames(r, FrameDirection.MALFORMED_RECEIVED)).as("malformed frames recorded")
                        .isNotEmpty().allSatisfy(f -> {
                            assertThat(f.deviceId()).isEqualTo("ALPHA-ESME");
                            assertThat(f.bytes()).isNotEmpty();
                        }).anySatisfy(f -> assertThat(f.note()).contains(reason));
            }
            ServiceResponse next = readFirmware(a);
            assertThat(next.values()).as(next.detail()).containsEntry("firmwareVersion", "PEER-ANSWER-2");
            return r;
        }
    }

    @Test
    void corruptedFcsIsRecoveredByPollingAndRecordedAsMalformed() throws Exception {
        recovers(Fault.CORRUPT_FCS, "FCS mismatch");
    }

    @Test
    void corruptedHcsIsRecoveredByPollingAndRecordedAsMalformed() throws Exception {
        recovers(Fault.CORRUPT_HCS, "HCS mismatch");
    }

    @Test
    void truncatedFrameIsDroppedAfterTheInterFrameTimeoutAndRecovered() throws Exception {
        recovers(Fault.TRUNCATED, "truncated frame");
    }

    @Test
    void wrongLengthFieldIsRecordedAndRecovered() throws Exception {
        recovers(Fault.WRONG_LENGTH, "no closing flag after the");
    }

    @Test
    void skippedSendSequenceIsAskedForAgainWithRr() throws Exception {
        ServiceResponse r = recovers(Fault.SKIPPED_SEND_SEQUENCE, null);
        // The client answered the out-of-sequence frame with RR, poll bit set, N(R) 1: the frame it still expects
        // (N(S) 0 was the AARE).
        assertThat(frames(r, FrameDirection.SENT)).anyMatch(f -> isRr(f.bytes()) && (f.bytes()[8] & 0xFF) == 0x31);
    }

    @Test
    void repeatedFrameIsNotDeliveredTwice() throws Exception {
        ServiceResponse r = recovers(Fault.REPEATED, null);
        // the repeat may still be on its way when the first copy has answered the request (and be recorded with the
        // next request's id): count every received frame from this request's first one on, and wait for it
        List<TestLab.Frame> all = lab.frames;
        int from = all.indexOf(all.stream().filter(f -> r.requestId().equals(f.requestId())).findFirst().orElseThrow());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            long answers = all.subList(from, all.size()).stream().filter(f -> f.direction() == FrameDirection.RECEIVED
                    && new String(f.bytes(), java.nio.charset.StandardCharsets.US_ASCII).contains("PEER-ANSWER-1"))
                    .count();
            assertThat(answers).as("the answer arrived twice on the wire").isEqualTo(2);
        });
        // and recovers(..) saw the next request answered with its own answer, not the repeat
    }

    @Test
    void staleReceiveSequenceInAnIFrameIsToleratedAsJdlmsSendsIt() throws Exception {
        // HdlcClientLink takes N(R) in I-frames as possibly stale (jDLMS 1.8.0 never advances it): a complete answer
        // still counts. Recovery, not failure, is the documented behaviour.
        recovers(Fault.WRONG_RECEIVE_SEQUENCE_IN_I_FRAME, null);
    }

    @Test
    void garbageBetweenFramesIsRecordedAndSkipped() throws Exception {
        // The closing flag of the frame before may open the next frame, so the garbage reads as a frame of a
        // wrong format type beginning at that flag; the decoder drops it up to the next flag, where the answer starts.
        ServiceResponse r = recovers(Fault.GARBAGE_BEFORE, "frame format type 0x0 is not 0xA");
        assertThat(frames(r, FrameDirection.MALFORMED_RECEIVED)).anyMatch(f -> HexFormat.of().withUpperCase()
                .formatHex(f.bytes()).equals("7E" + ScriptedHdlcPeer.GARBAGE));
    }

    /** A run that cannot recover: the code, the detail, and the next request working on a new link. */
    private static ServiceResponse fails(ScriptedHdlcPeer peer, ResponseCode code, String... detail) throws Exception {
        try (DlmsAdapter a = adapterFor(peer)) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).as(r.detail()).isEqualTo(code);
            assertThat(r.detail()).contains("ALPHA-ESME").contains(link(peer)).contains(detail);
            peer.wakeUp();
            ServiceResponse next = readFirmware(a);
            assertThat(next.code()).as(next.detail()).isEqualTo(ResponseCode.I0);
            assertThat(next.values().get("firmwareVersion")).asString().startsWith("PEER-ANSWER-");
            return r;
        }
    }

    @Test
    void frmrIsE20WithTheRejectionAndTheLinkIsReestablished() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).onGets(Fault.FRMR).start()) {
            ServiceResponse r = fails(peer, ResponseCode.E20, "failed during GET 1-0:0.2.0.255",
                    "rejected a frame with FRMR", "undefined control field", "; bytes 7EA0");
            assertThat(peer.snrms.get()).as("a new link was set up with SNRM").isEqualTo(2);
            assertThat(frames(r, FrameDirection.RECEIVED)).anyMatch(f -> (f.bytes()[f.bytes().length > 8 ? 8 : 0]
                    & 0xEF) == 0x87);
        }
    }

    @Test
    void dmInAnswerToSnrmIsE20AndTheNextRequestConnects() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).refusingSnrm(1).start()) {
            fails(peer, ResponseCode.E20, "failed during association (AARQ)",
                    "the server refused the connection: DM in answer to SNRM", "; bytes 7EA0");
            assertThat(peer.snrms.get()).isEqualTo(2);
        }
    }

    @Test
    void rrAcknowledgingFramesNeverSentIsE20() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group)
                .onGets(Fault.WRONG_RECEIVE_SEQUENCE_IN_RR).start()) {
            fails(peer, ResponseCode.E20, "failed during GET 1-0:0.2.0.255", "RR with N(R)",
                    "acknowledges frames never sent", "; bytes 7EA0");
        }
    }

    @Test
    void unknownApduTagInAGoodFrameIsE20WithTheBytesAndTheLinkStaysUp() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).onGets(Fault.UNKNOWN_APDU_TAG).start();
             DlmsAdapter a = adapterFor(peer)) {
            ServiceResponse r = readFirmware(a);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("malformed answer from ALPHA-ESME").contains(ScriptedHdlcPeer.UNKNOWN_APDU);
            // The frame was good HDLC: it is evidence as received, and the link needs no new SNRM.
            assertThat(frames(r, FrameDirection.RECEIVED)).anyMatch(f -> HexFormat.of().withUpperCase()
                    .formatHex(f.bytes()).contains("E6E700" + ScriptedHdlcPeer.UNKNOWN_APDU));
            assertThat(readFirmware(a).code()).isEqualTo(ResponseCode.I0);
            assertThat(peer.snrms.get()).isEqualTo(1);
        }
    }

    @Test
    void deviceSilentAfterAssociatingIsE21AndANewLinkWorks() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).onGets(Fault.SILENT).start()) {
            fails(peer, ResponseCode.E21, "did not answer GET 1-0:0.2.0.255", "no answer from the server",
                    "a frame with the final bit");
            assertThat(peer.snrms.get()).isEqualTo(2);
        }
    }

    @Test
    void deviceThatNeverAnswersIsE21() throws Exception {
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).deaf().start()) {
            fails(peer, ResponseCode.E21, "did not answer association (AARQ)", "UA or DM in answer to SNRM");
            assertThat(peer.snrms.get()).as("SNRMs before the peer woke up are not counted").isEqualTo(1);
        }
    }

    @Test
    void deviceThatOnlyEverSendsBadFramesIsE20WithTheLastBadFrame() throws Exception {
        Fault[] always = {Fault.CORRUPT_FCS};
        try (ScriptedHdlcPeer peer = ScriptedHdlcPeer.builder(lab.group).onGets(always).corruptingRetransmissions()
                .start()) {
            ServiceResponse r = fails(peer, ResponseCode.E20, "failed during GET 1-0:0.2.0.255",
                    "the last frame received was malformed: FCS mismatch", "; bytes 7EA0");
            assertThat(frames(r, FrameDirection.MALFORMED_RECEIVED)).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    private static boolean isRr(byte[] frame) {
        // 7E A0 len, server address (4 bytes), client address (1), control: RR is xxxP0001
        return frame.length == 12 && (frame[8] & 0x0F) == 0x01;
    }
}
