package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.dlms.hdlc.HdlcTesting.CLIENT;
import static org.dmct.dlms.hdlc.HdlcTesting.LLC_REQUEST;
import static org.dmct.dlms.hdlc.HdlcTesting.LLC_RESPONSE;
import static org.dmct.dlms.hdlc.HdlcTesting.concat;
import static org.dmct.dlms.hdlc.HdlcTesting.inbound;
import static org.dmct.dlms.hdlc.HdlcTesting.receive;
import static org.dmct.dlms.hdlc.HdlcTesting.sentFrames;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.junit.jupiter.api.Test;

/** The server link against a scripted client: several logical devices, one data link per client and device. */
class HdlcServerLinkTest {

    private static final Apdu GET = new GetRequest.Normal(InvokeIdAndPriority.of(1),
            AttributeDescriptor.of(3, "1-0:1.8.0.255", 2));
    private static final HdlcAddress LD1 = HdlcAddress.server(1, 0, 1);
    private static final HdlcAddress LD2 = HdlcAddress.server(2, 0x10, 2);
    private static final HdlcAddress LD3 = HdlcAddress.server(3, 0x10, 4);

    private final HdlcTesting.Recording listener = new HdlcTesting.Recording();

    private EmbeddedChannel server(HdlcServerSettings settings) {
        EmbeddedChannel ch = new EmbeddedChannel();
        HdlcPipeline.installServer(ch.pipeline(), settings, listener);
        return ch;
    }

    private EmbeddedChannel server() {
        return server(HdlcServerSettings.serving(1, 2, 3).withLimits(new HdlcParameters(256, 512, 3, 7)));
    }

    @Test
    void snrmToEachServedLogicalDeviceIsAnsweredWithTheNegotiatedParametersAndOthersWithDm() {
        EmbeddedChannel ch = server();
        HdlcParameters proposal = new HdlcParameters(2030, 128, 7, 1);
        HdlcParameters answer = new HdlcParameters(128, 512, 1, 7);
        for (HdlcAddress ld : List.of(LD1, LD2, LD3)) {
            receive(ch, HdlcFrame.snrm(ld, CLIENT, proposal));
            assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(CLIENT, ld, answer));
        }
        receive(ch, HdlcFrame.snrm(HdlcAddress.server(5, 0, 1), CLIENT, proposal));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.dm(CLIENT, HdlcAddress.server(5, 0, 1)));
        // No parameters proposed: the defaults are what the server answers.
        receive(ch, HdlcFrame.snrm(LD1, HdlcAddress.client(1), null));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(HdlcAddress.client(1), LD1, HdlcParameters.DEFAULT));
    }

    @Test
    void malformedSnrmParametersAreRefusedWithDmAndReported() {
        EmbeddedChannel ch = server();
        HdlcFrame snrm = new HdlcFrame(HdlcFrameType.SNRM, LD1, CLIENT, true, 0, 0, false, new byte[] {(byte) 0x81, 0x00, 0x00});
        receive(ch, snrm);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.dm(CLIENT, LD1));
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason()).contains("group identifier 0x00 is not 0x80");
    }

    @Test
    void discIsAnsweredWithUaWhenConnectedAndDmOtherwiseAndDataOnAClosedLinkWithDm() {
        EmbeddedChannel ch = server();
        receive(ch, HdlcFrame.disc(LD1, CLIENT));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.dm(CLIENT, LD1));
        receive(ch, HdlcFrame.iFrame(LD1, CLIENT, 0, 0, true, false, concat(LLC_REQUEST, ApduCodec.encode(GET))));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.dm(CLIENT, LD1));
        assertThat(inbound(ch)).isEmpty();
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, null));
        sentFrames(ch);
        receive(ch, HdlcFrame.disc(LD1, CLIENT));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(CLIENT, LD1, null));
        receive(ch, HdlcFrame.rr(LD1, CLIENT, 0, true));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.dm(CLIENT, LD1));
    }

    @Test
    void eachClientAndLogicalDevicePairHasItsOwnLink() {
        EmbeddedChannel ch = server();
        HdlcAddress client1 = HdlcAddress.client(1);
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, null), HdlcFrame.snrm(LD2, CLIENT, null), HdlcFrame.snrm(LD1, client1, null));
        sentFrames(ch);
        byte[] request = concat(LLC_REQUEST, ApduCodec.encode(GET));
        receive(ch, HdlcFrame.iFrame(LD2, CLIENT, 0, 0, true, false, request));
        receive(ch, HdlcFrame.iFrame(LD1, client1, 0, 0, true, false, request));
        List<Object> in = inbound(ch);
        assertThat(in).extracting(o -> ((HdlcServerRequest) o).clientAddress(), o -> ((HdlcServerRequest) o).serverLogicalAddress())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(16, 2), org.assertj.core.groups.Tuple.tuple(1, 1));
        assertThat(((HdlcServerRequest) in.get(0)).result().apdu()).isEqualTo(GET);
        // answers go to the right pair, numbered on their own link
        ch.writeAndFlush(HdlcServerResponse.raw(1, 1, new byte[] {1, 2}));
        ch.writeAndFlush(HdlcServerResponse.raw(16, 2, new byte[] {3, 4}));
        assertThat(sentFrames(ch)).containsExactly(
                HdlcFrame.iFrame(client1, LD1, 0, 1, true, false, concat(LLC_RESPONSE, new byte[] {1, 2})),
                HdlcFrame.iFrame(CLIENT, LD2, 0, 1, true, false, concat(LLC_RESPONSE, new byte[] {3, 4})));
        // closing one link leaves the others open
        receive(ch, HdlcFrame.disc(LD2, CLIENT));
        sentFrames(ch);
        receive(ch, HdlcFrame.iFrame(LD1, CLIENT, 0, 0, true, false, request));
        assertThat(inbound(ch)).hasSize(1);
        ChannelFuture noLink = ch.writeAndFlush(HdlcServerResponse.raw(16, 2, new byte[] {5}));
        assertThat(noLink.cause()).hasMessage("no HDLC link open from client 16 to logical device 2");
    }

    @Test
    void reassemblesASegmentedRequestAndSegmentsAWindowedResponse() {
        EmbeddedChannel ch = server();
        receive(ch, HdlcFrame.snrm(LD3, CLIENT, new HdlcParameters(128, 100, 7, 2)));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(CLIENT, LD3, new HdlcParameters(100, 128, 2, 7)));
        byte[] request = concat(LLC_REQUEST, ApduCodec.encode(GET), HdlcTesting.filled(200, 1));
        // three segments of 128 in one window, poll bit on the last
        receive(ch, HdlcFrame.iFrame(LD3, CLIENT, 0, 0, false, true, java.util.Arrays.copyOfRange(request, 0, 128)));
        assertThat(sentFrames(ch)).isEmpty();
        receive(ch, HdlcFrame.iFrame(LD3, CLIENT, 1, 0, true, true, java.util.Arrays.copyOfRange(request, 128, 200)));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(CLIENT, LD3, 2, true));
        receive(ch, HdlcFrame.iFrame(LD3, CLIENT, 2, 0, true, false, java.util.Arrays.copyOfRange(request, 200, request.length)));
        HdlcServerRequest r = (HdlcServerRequest) inbound(ch).get(0);
        assertThat(r.result().bytes()).isEqualTo(java.util.Arrays.copyOfRange(request, 3, request.length));

        byte[] response = HdlcTesting.filled(450, 9); // 453 with LLC: 5 segments of 100, window 2
        ch.writeAndFlush(HdlcServerResponse.raw(16, 3, response));
        List<HdlcFrame> w1 = sentFrames(ch);
        assertThat(w1).extracting(HdlcFrame::sendSequence).containsExactly(0, 1);
        assertThat(w1).extracting(HdlcFrame::pollFinal).containsExactly(false, true);
        assertThat(sentFrames(ch)).isEmpty();
        receive(ch, HdlcFrame.rr(LD3, CLIENT, 2, true));
        List<HdlcFrame> w2 = sentFrames(ch);
        assertThat(w2).extracting(HdlcFrame::sendSequence).containsExactly(2, 3);
        // the client missed frame 3: RR(3) makes the server send it again, then the last one
        receive(ch, HdlcFrame.rr(LD3, CLIENT, 3, true));
        List<HdlcFrame> again = sentFrames(ch);
        // frame 3 now opens the window, so it goes without the final bit
        assertThat(again).containsExactly(HdlcFrame.iFrame(CLIENT, LD3, 3, 3, false, true, w2.get(1).information()),
                HdlcFrame.iFrame(CLIENT, LD3, 4, 3, true, false,
                java.util.Arrays.copyOfRange(concat(LLC_RESPONSE, response), 400, 453)));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (HdlcFrame f : List.of(w1.get(0), w1.get(1), w2.get(0), again.get(0), again.get(1))) {
            all.writeBytes(f.information());
            assertThat(f.segmented()).isEqualTo(f != again.get(1));
            assertThat(f.destination()).isEqualTo(CLIENT);
            assertThat(f.source()).isEqualTo(LD3);
        }
        assertThat(all.toByteArray()).isEqualTo(concat(LLC_RESPONSE, response));
        // a poll with nothing to send gets RR
        receive(ch, HdlcFrame.rr(LD3, CLIENT, 5, true));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(CLIENT, LD3, 3, true));
    }

    @Test
    void lostAndRepeatedRequestFramesAreDiscardedAndTheClientToldWhereToResume() {
        EmbeddedChannel ch = server();
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, null));
        sentFrames(ch);
        byte[] request = concat(LLC_REQUEST, ApduCodec.encode(GET));
        receive(ch, HdlcFrame.iFrame(LD1, CLIENT, 1, 0, true, false, request));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(CLIENT, LD1, 0, true));
        assertThat(inbound(ch)).isEmpty();
        receive(ch, HdlcFrame.iFrame(LD1, CLIENT, 0, 0, true, false, request));
        assertThat(inbound(ch)).hasSize(1);
        receive(ch, HdlcFrame.iFrame(LD1, CLIENT, 0, 0, true, false, request));
        assertThat(inbound(ch)).isEmpty();
        // the repeat was answered RR(1); the response then waits for the next poll
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(CLIENT, LD1, 1, true));
        ch.writeAndFlush(HdlcServerResponse.raw(16, 1, new byte[] {7}));
        assertThat(sentFrames(ch)).isEmpty();
        receive(ch, HdlcFrame.rr(LD1, CLIENT, 0, true));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.iFrame(CLIENT, LD1, 0, 1, true, false,
                concat(LLC_RESPONSE, new byte[] {7})));
    }

    @Test
    void invalidNrAndOverlongInformationAreRejectedWithFrmrUntilTheLinkIsReset() {
        EmbeddedChannel ch = server();
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, HdlcParameters.DEFAULT));
        sentFrames(ch);
        HdlcFrame badRr = HdlcFrame.rr(LD1, CLIENT, 4, true);
        receive(ch, badRr);
        byte[] rejection = HdlcFrame.frmrInformation(badRr.control(), 0, 0, HdlcFrame.FRMR_Z);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.frmr(CLIENT, LD1, rejection));
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason())
                .isEqualTo("client 16 to logical device 1: RR rejected with FRMR: N(R) 4 acknowledges frames never sent (V(S) 0)");
        receive(ch, HdlcFrame.rr(LD1, CLIENT, 0, true));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.frmr(CLIENT, LD1, rejection));
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, HdlcParameters.DEFAULT));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(CLIENT, LD1, HdlcParameters.DEFAULT));

        HdlcFrame tooLong = HdlcFrame.iFrame(LD1, CLIENT, 0, 0, true, false, new byte[129]);
        receive(ch, tooLong);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.frmr(CLIENT, LD1,
                HdlcFrame.frmrInformation(tooLong.control(), 0, 0, HdlcFrame.FRMR_Y)));
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason()).contains("129 bytes exceeds the negotiated maximum of 128");
    }

    @Test
    void badFramesAreDroppedAndReportedAndTheServerCarriesOn() {
        EmbeddedChannel ch = server();
        byte[] bad = HdlcFrame.snrm(LD1, CLIENT, null).toBytes();
        bad[bad.length - 2] ^= 0x55;
        receive(ch, concat(bad, new byte[] {0x01, 0x02}, HdlcFrame.snrm(LD1, CLIENT, null).toBytes()));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.ua(CLIENT, LD1, HdlcParameters.DEFAULT));
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(2).allMatch(o -> o instanceof MalformedHdlcInput);
        assertThat(((MalformedHdlcInput) in.get(0)).reason()).startsWith("FCS mismatch");
        assertThat(listener.malformed).hasSize(2);
        // frames only a server sends are reported, not acted on
        receive(ch, HdlcFrame.ua(LD1, CLIENT, null));
        assertThat(sentFrames(ch)).isEmpty();
        assertThat(((MalformedHdlcInput) inbound(ch).get(0)).reason()).isEqualTo("unexpected frame: a server never receives UA, a response");
    }

    @Test
    void framesForAnotherPhysicalDeviceAreReportedNotAnswered() {
        EmbeddedChannel ch = server(HdlcServerSettings.serving(1).withPhysicalAddress(0x22));
        receive(ch, HdlcFrame.snrm(HdlcAddress.server(1, 0x23, 2), CLIENT, null));
        assertThat(sentFrames(ch)).isEmpty();
        assertThat(((MalformedHdlcInput) inbound(ch).get(0)).reason()).contains("physical device 35");
        receive(ch, HdlcFrame.snrm(HdlcAddress.server(1, 0x22, 2), CLIENT, null));
        assertThat(sentFrames(ch)).hasSize(1);
    }

    @Test
    void pushesGoOutAtOnceInUiFramesOnAnOpenLink() {
        EmbeddedChannel ch = server();
        receive(ch, HdlcFrame.snrm(LD1, CLIENT, HdlcParameters.symmetric(64, 1)));
        sentFrames(ch);
        byte[] notification = HdlcTesting.filled(100, 4);
        ChannelFuture push = ch.writeAndFlush(HdlcServerResponse.push(16, 1, notification));
        List<HdlcFrame> frames = sentFrames(ch);
        assertThat(frames).extracting(HdlcFrame::type).containsOnly(HdlcFrameType.UI);
        assertThat(frames).extracting(HdlcFrame::segmented).containsExactly(true, false);
        assertThat(concat(frames.get(0).information(), frames.get(1).information()))
                .isEqualTo(concat(LLC_RESPONSE, notification));
        assertThat(push.isSuccess()).isTrue();
        assertThat(ch.writeAndFlush(HdlcServerResponse.push(16, 2, notification)).cause())
                .hasMessageContaining("no HDLC link open");
    }
}
