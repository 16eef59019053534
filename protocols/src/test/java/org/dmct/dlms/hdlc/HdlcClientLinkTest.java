package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.dlms.hdlc.HdlcTesting.CLIENT;
import static org.dmct.dlms.hdlc.HdlcTesting.LLC_REQUEST;
import static org.dmct.dlms.hdlc.HdlcTesting.LLC_RESPONSE;
import static org.dmct.dlms.hdlc.HdlcTesting.SERVER;
import static org.dmct.dlms.hdlc.HdlcTesting.advance;
import static org.dmct.dlms.hdlc.HdlcTesting.concat;
import static org.dmct.dlms.hdlc.HdlcTesting.inbound;
import static org.dmct.dlms.hdlc.HdlcTesting.receive;
import static org.dmct.dlms.hdlc.HdlcTesting.sentFrames;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client link against a scripted server: each test plays the server's frames and checks the client's. */
class HdlcClientLinkTest {

    private static final long TIMEOUT_MS = 3000;
    private static final Apdu GET = new GetRequest.Normal(InvokeIdAndPriority.of(1),
            AttributeDescriptor.of(3, "1-0:1.8.0.255", 2));
    private static final Apdu ANSWER = new GetResponse.Normal(InvokeIdAndPriority.of(1),
            GetDataResult.of(DlmsData.u32(1_234_568L)));
    private static final byte[] ANSWER_INFO = concat(LLC_RESPONSE, ApduCodec.encode(ANSWER));

    private final HdlcTesting.Recording listener = new HdlcTesting.Recording();

    private EmbeddedChannel client(HdlcClientSettings settings) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime(); // only advanceTimeBy moves the clock
        HdlcPipeline.installClient(ch.pipeline(), settings, listener);
        return ch;
    }

    private static HdlcClientSettings settings(HdlcParameters proposal, int retries) {
        return HdlcClientSettings.defaults(16, 1).withProposed(proposal)
                .withTimeouts(Duration.ofMillis(TIMEOUT_MS), Duration.ZERO, retries);
    }

    /** A client that sent SNRM and got UA with the given answer. */
    private EmbeddedChannel connected(HdlcParameters proposal, HdlcParameters answer) {
        EmbeddedChannel ch = client(settings(proposal, 2));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.snrm(SERVER, CLIENT, proposal));
        receive(ch, HdlcFrame.ua(CLIENT, SERVER, answer));
        assertThat(inbound(ch)).isEmpty();
        return ch;
    }

    private static Apdu bigSet(int valueLength) {
        return new SetRequest.Normal(InvokeIdAndPriority.of(2), AttributeDescriptor.of(1, "0-0:96.1.0.255", 2),
                DlmsData.octets(HdlcTesting.filled(valueLength, 7)));
    }

    private static byte[] information(List<HdlcFrame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.information()));
        return out.toByteArray();
    }

    @Test
    void opensWithSnrmHoldsWritesUntilUaAndExchangesAnApdu() {
        EmbeddedChannel ch = client(settings(HdlcParameters.symmetric(2030, 1), 2));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.snrm(SERVER, CLIENT, HdlcParameters.symmetric(2030, 1)));
        ChannelFuture write = ch.writeAndFlush(GET);
        assertThat(write.isDone()).isFalse();
        assertThat(sentFrames(ch)).isEmpty();

        receive(ch, HdlcFrame.ua(CLIENT, SERVER, HdlcParameters.symmetric(256, 1)));
        HdlcFrame request = HdlcFrame.iFrame(SERVER, CLIENT, 0, 0, true, false, concat(LLC_REQUEST, ApduCodec.encode(GET)));
        assertThat(sentFrames(ch)).containsExactly(request);
        assertThat(write.isSuccess()).isTrue();

        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, true, false, ANSWER_INFO));
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(1);
        assertThat(((ApduDecodeResult) in.get(0)).apdu()).isEqualTo(ANSWER);

        // The next request acknowledges the answer (N(R) 1) and is numbered 1.
        ch.writeAndFlush(GET);
        assertThat(sentFrames(ch)).extracting(HdlcFrame::sendSequence, HdlcFrame::receiveSequence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 1));
        assertThat(listener.sent).hasSize(3);
        assertThat(listener.received).hasSize(2);
    }

    @Test
    void aServerAnsweringWithTheCommandLlcHeaderAsJdlmsDoesIsAccepted() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        ch.writeAndFlush(GET);
        sentFrames(ch);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 0, true, false, concat(LLC_REQUEST, ApduCodec.encode(ANSWER))));
        assertThat(((ApduDecodeResult) inbound(ch).get(0)).apdu()).isEqualTo(ANSWER);
    }

    @Test
    void aWrongLlcHeaderIsAFailedResult() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        ch.writeAndFlush(GET);
        sentFrames(ch);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, true, false, concat(Vectors.bytes("E6E601"),
                ApduCodec.encode(ANSWER))));
        ApduDecodeResult r = (ApduDecodeResult) inbound(ch).get(0);
        assertThat(r.isFailure()).isTrue();
        assertThat(r.reason()).isEqualTo("LLC header E6E601 is not the expected E6E600");
    }

    @Test
    void dmRefusesTheConnection() {
        EmbeddedChannel ch = client(settings(HdlcParameters.DEFAULT, 2));
        sentFrames(ch);
        ChannelFuture write = ch.writeAndFlush(GET);
        HdlcFrame dm = HdlcFrame.dm(CLIENT, SERVER);
        receive(ch, dm);
        assertThat(write.isDone()).isTrue();
        assertThat(write.cause()).hasMessageContaining("DM in answer to SNRM");
        assertThat(inbound(ch)).containsExactly(new HdlcLinkFailure(
                "the server refused the connection: DM in answer to SNRM", dm.toBytes()));
        ChannelFuture later = ch.writeAndFlush(GET);
        assertThat(later.cause()).hasMessageContaining("HDLC link is down");
        assertThat(sentFrames(ch)).isEmpty();
    }

    @Test
    void aSilentServerGetsTheSnrmAgainThenTheLinkFails() {
        EmbeddedChannel ch = client(settings(HdlcParameters.DEFAULT, 2));
        ChannelFuture write = ch.writeAndFlush(GET);
        HdlcFrame snrm = HdlcFrame.snrm(SERVER, CLIENT, HdlcParameters.DEFAULT);
        assertThat(sentFrames(ch)).containsExactly(snrm);
        advance(ch, TIMEOUT_MS - 1);
        assertThat(sentFrames(ch)).isEmpty();
        advance(ch, 1);
        assertThat(sentFrames(ch)).containsExactly(snrm);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(snrm);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).isEmpty();
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(1);
        assertThat(((HdlcLinkFailure) in.get(0)).reason())
                .isEqualTo("no answer from the server: waited 3000 ms for UA or DM in answer to SNRM, 3 times");
        assertThat(write.cause()).hasMessageContaining("no answer from the server");
        advance(ch, 10 * TIMEOUT_MS);
        assertThat(sentFrames(ch)).isEmpty();
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void malformedUaParametersFailTheLink() {
        EmbeddedChannel ch = client(settings(HdlcParameters.DEFAULT, 2));
        sentFrames(ch);
        HdlcFrame ua = new HdlcFrame(HdlcFrameType.UA, CLIENT, SERVER, true, 0, 0, false, Vectors.bytes("818003050100"));
        receive(ch, ua);
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason())
                .isEqualTo("UA carries malformed parameters: parameter 0x05 is zero");
    }

    @Test
    void segmentsALongApduIntoWindowsAndWaitsForRrBetweenThem() {
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 7), HdlcParameters.symmetric(64, 3));
        Apdu set = bigSet(320);
        byte[] expected = concat(LLC_REQUEST, ApduCodec.encode(set));
        int segments = (expected.length + 63) / 64;
        assertThat(segments).isEqualTo(6);
        ChannelFuture write = ch.writeAndFlush(set);

        List<HdlcFrame> first = sentFrames(ch);
        assertThat(first).extracting(HdlcFrame::sendSequence).containsExactly(0, 1, 2);
        assertThat(first).extracting(HdlcFrame::pollFinal).containsExactly(false, false, true);
        assertThat(first).allMatch(HdlcFrame::segmented).allMatch(f -> f.informationLength() == 64);
        assertThat(write.isDone()).isFalse();
        ch.writeAndFlush(GET); // queued behind the long one
        assertThat(sentFrames(ch)).isEmpty();

        receive(ch, HdlcFrame.rr(CLIENT, SERVER, 3, true));
        List<HdlcFrame> second = sentFrames(ch);
        assertThat(second).extracting(HdlcFrame::sendSequence).containsExactly(3, 4, 5);
        assertThat(second).extracting(HdlcFrame::segmented).containsExactly(true, true, false);
        assertThat(second).extracting(HdlcFrame::pollFinal).containsExactly(false, false, true);
        assertThat(concat(information(first), information(second))).isEqualTo(expected);
        assertThat(write.isSuccess()).isTrue();

        // The server saw only 3 and 4: an RR with N(R) 4 behind V(S) 6 makes the client send 4 and 5 again.
        receive(ch, HdlcFrame.rr(CLIENT, SERVER, 4, true));
        List<HdlcFrame> again = sentFrames(ch);
        assertThat(again).containsExactly(second.get(1), second.get(2));

        // The answer acknowledges everything; the queued GET goes next as N(S) 6.
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 6, true, false, ANSWER_INFO));
        assertThat(inbound(ch)).hasSize(1);
        List<HdlcFrame> next = sentFrames(ch);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).sendSequence()).isEqualTo(6);
        assertThat(next.get(0).receiveSequence()).isEqualTo(1);
    }

    @Test
    void rnrPausesTheSenderUntilAPollFindsTheServerReady() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.symmetric(64, 1));
        ch.writeAndFlush(bigSet(100));
        assertThat(sentFrames(ch)).extracting(HdlcFrame::sendSequence).containsExactly(0);
        receive(ch, HdlcFrame.rnr(CLIENT, SERVER, 1, true));
        assertThat(sentFrames(ch)).isEmpty();
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 0, true));
        receive(ch, HdlcFrame.rr(CLIENT, SERVER, 1, true));
        assertThat(sentFrames(ch)).extracting(HdlcFrame::sendSequence).containsExactly(1);
    }

    @Test
    void reassemblesASegmentedAnswerAskingForEachWindowWithRr() {
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 2), HdlcParameters.symmetric(128, 2));
        ch.writeAndFlush(GET);
        sentFrames(ch);
        byte[] answer = concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(400, 3))))));
        byte[][] parts = split(answer, 128);
        assertThat(parts.length).isEqualTo(4);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, false, true, parts[0]));
        assertThat(sentFrames(ch)).isEmpty(); // mid-window: the server still has the line
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 1, 1, true, true, parts[1]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 2, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 2, 1, false, true, parts[2]));
        assertThat(inbound(ch)).isEmpty();
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 3, 1, true, false, parts[3]));
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(1);
        assertThat(((ApduDecodeResult) in.get(0)).bytes()).isEqualTo(java.util.Arrays.copyOfRange(answer, 3, answer.length));
        assertThat(((ApduDecodeResult) in.get(0)).isSuccess()).isTrue();
        assertThat(sentFrames(ch)).isEmpty(); // nothing owed, nothing queued: the line is idle
    }

    @Test
    void aFullWindowOfSegmentsWithoutTheFinalBitIsAcknowledgedAtOnce() {
        // jDLMS 1.8.0's server on a window-1 link: every segment but the last leaves the final bit clear.
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 1), HdlcParameters.symmetric(128, 1));
        ch.writeAndFlush(GET);
        sentFrames(ch);
        byte[] answer = concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(300, 9))))));
        byte[][] parts = split(answer, 128);
        assertThat(parts.length).isEqualTo(3);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, false, true, parts[0]));
        // No time has passed: the RR comes from the full window, not from the poll timer.
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 1, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 1, 1, false, true, parts[1]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 2, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 2, 1, true, false, parts[2]));
        ApduDecodeResult r = (ApduDecodeResult) inbound(ch).get(0);
        assertThat(r.bytes()).isEqualTo(java.util.Arrays.copyOfRange(answer, 3, answer.length));
        // The poll timer was stopped with each window: nothing is owed, so nothing is sent later either.
        advance(ch, TIMEOUT_MS * 3);
        assertThat(sentFrames(ch)).isEmpty();
        assertThat(inbound(ch)).isEmpty();
    }

    @Test
    void withAWindowOfTwoOnlyTheSecondSegmentWithoutTheFinalBitIsAcknowledged() {
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 2), HdlcParameters.symmetric(128, 2));
        ch.writeAndFlush(GET);
        sentFrames(ch);
        byte[] answer = concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(300, 4))))));
        byte[][] parts = split(answer, 128);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, false, true, parts[0]));
        assertThat(sentFrames(ch)).isEmpty(); // one frame of a window of two: the server still has the line
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 1, 1, false, true, parts[1]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 2, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 2, 1, true, false, parts[2]));
        assertThat(((ApduDecodeResult) inbound(ch).get(0)).isSuccess()).isTrue();
    }

    @Test
    void aSegmentOutOfSequenceWithoutTheFinalBitDoesNotCountTowardsTheWindow() {
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 1), HdlcParameters.symmetric(128, 1));
        ch.writeAndFlush(GET);
        sentFrames(ch);
        byte[] answer = concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(300, 6))))));
        byte[][] parts = split(answer, 128);
        // Frame 0 is lost; frame 1 arrives without the final bit: discarded, and the client waits for the line.
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 1, 1, false, true, parts[1]));
        assertThat(sentFrames(ch)).isEmpty();
        // On silence the client polls, as before, asking for frame 0 again.
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 0, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, false, true, parts[0]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 1, true));
    }

    @Test
    void aLostFrameIsAnsweredWithRrForTheExpectedOneAndARepeatIsDiscarded() {
        EmbeddedChannel ch = connected(HdlcParameters.symmetric(128, 1), HdlcParameters.symmetric(128, 1));
        ch.writeAndFlush(GET);
        sentFrames(ch);
        byte[] answer = concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(1),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(300, 5))))));
        byte[][] parts = split(answer, 128);
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, true, true, parts[0]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 1, true));
        // Frame 1 is lost; frame 2 arrives: discarded, and the client asks for 1 again.
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 2, 1, true, false, parts[2]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 1, true));
        // Frame 0 comes again (a repeat): discarded and re-acknowledged.
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 1, true, true, parts[0]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 1, true));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 1, 1, true, true, parts[1]));
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.rr(SERVER, CLIENT, 2, true));
        assertThat(inbound(ch)).isEmpty();
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 2, 1, true, false, parts[2]));
        ApduDecodeResult r = (ApduDecodeResult) inbound(ch).get(0);
        assertThat(r.bytes()).isEqualTo(java.util.Arrays.copyOfRange(answer, 3, answer.length));
    }

    @Test
    void anRrAcknowledgingFramesNeverSentFailsTheLink() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        ChannelFuture write = ch.writeAndFlush(bigSet(200));
        assertThat(sentFrames(ch)).hasSize(1);
        HdlcFrame rr = HdlcFrame.rr(CLIENT, SERVER, 5, true);
        receive(ch, rr);
        assertThat(inbound(ch)).containsExactly(new HdlcLinkFailure(
                "RR with N(R) 5 acknowledges frames never sent (V(S) 1)", rr.toBytes()));
        assertThat(write.cause()).hasMessageContaining("N(R) 5");
    }

    @Test
    void frmrFailsTheLinkNamingTheReason() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        ch.writeAndFlush(GET);
        sentFrames(ch);
        HdlcFrame frmr = HdlcFrame.frmr(CLIENT, SERVER, HdlcFrame.frmrInformation(0x10, 0, 0, HdlcFrame.FRMR_Y));
        receive(ch, frmr);
        assertThat(inbound(ch)).containsExactly(new HdlcLinkFailure("the server rejected a frame with FRMR "
                + "(rejected control field 0x10: information field too long)", frmr.toBytes()));
    }

    @Test
    void aSilentServerIsPolledABoundedNumberOfTimesThenTheLinkFails() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        ch.writeAndFlush(GET);
        assertThat(sentFrames(ch)).hasSize(1);
        HdlcFrame poll = HdlcFrame.rr(SERVER, CLIENT, 0, true);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(poll);
        // An RR acknowledging the request but bringing no answer: progress, so the count starts again.
        receive(ch, HdlcFrame.rr(CLIENT, SERVER, 1, true));
        HdlcFrame pollAfterAck = HdlcFrame.rr(SERVER, CLIENT, 0, true);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(pollAfterAck);
        // The same RR again is no progress.
        receive(ch, HdlcFrame.rr(CLIENT, SERVER, 1, true));
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(pollAfterAck);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).isEmpty();
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason()).isEqualTo(
                "no answer from the server: waited 3000 ms for a frame with the final bit, 3 times");
    }

    @Test
    void closeSendsDiscAndClosesOnUa() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        // Through the pipeline, as a real channel's close() goes: EmbeddedChannel.close() cancels scheduled tasks.
        ChannelFuture closed = ch.pipeline().close();
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.disc(SERVER, CLIENT));
        assertThat(ch.isOpen()).isTrue();
        receive(ch, HdlcFrame.ua(CLIENT, SERVER, null));
        assertThat(closed.isSuccess()).isTrue();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void closeWithoutAnAnswerStillClosesAfterTheRetries() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        // Through the pipeline, as a real channel's close() goes: EmbeddedChannel.close() cancels scheduled tasks.
        ChannelFuture closed = ch.pipeline().close();
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.disc(SERVER, CLIENT));
        advance(ch, TIMEOUT_MS);
        advance(ch, TIMEOUT_MS);
        assertThat(sentFrames(ch)).containsExactly(HdlcFrame.disc(SERVER, CLIENT), HdlcFrame.disc(SERVER, CLIENT));
        assertThat(ch.isOpen()).isTrue();
        advance(ch, TIMEOUT_MS);
        assertThat(closed.isDone()).isTrue();
        assertThat(ch.isOpen()).isFalse();
        assertThat(((HdlcLinkFailure) inbound(ch).get(0)).reason()).contains("in answer to DISC");
    }

    @Test
    void unsolicitedUiAndIFramesArePassedUpAsApdus() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.symmetric(64, 1));
        byte[][] parts = split(concat(LLC_RESPONSE, ApduCodec.encode(new GetResponse.Normal(InvokeIdAndPriority.of(9),
                GetDataResult.of(DlmsData.octets(HdlcTesting.filled(100, 1)))))), 64);
        receive(ch, HdlcFrame.ui(CLIENT, SERVER, false, true, parts[0]));
        receive(ch, HdlcFrame.ui(CLIENT, SERVER, false, false, parts[1]));
        receive(ch, HdlcFrame.iFrame(CLIENT, SERVER, 0, 0, true, false, ANSWER_INFO));
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(2);
        assertThat(((ApduDecodeResult) in.get(0)).apdu()).isInstanceOf(GetResponse.Normal.class);
        assertThat(((ApduDecodeResult) in.get(1)).apdu()).isEqualTo(ANSWER);
    }

    @Test
    void framesForOtherAddressesAndMalformedBytesArePassedUpNotDropped() {
        EmbeddedChannel ch = connected(HdlcParameters.DEFAULT, HdlcParameters.DEFAULT);
        HdlcFrame other = HdlcFrame.rr(HdlcAddress.client(1), SERVER, 0, true);
        receive(ch, other);
        byte[] bad = HdlcFrame.rr(CLIENT, SERVER, 0, true).toBytes();
        bad[4] ^= 1;
        receive(ch, bad);
        List<Object> in = inbound(ch);
        assertThat(in).hasSize(2);
        assertThat(((MalformedHdlcInput) in.get(0)).reason()).isEqualTo("frame from 1 to 1, expected from 1 to 16");
        assertThat(((MalformedHdlcInput) in.get(1)).reason()).startsWith("FCS mismatch");
        assertThat(listener.malformed).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void addressesTheServerInEachForm(int size) {
        HdlcClientSettings s = settings(HdlcParameters.DEFAULT, 1).withServerAddress(0x21, size);
        EmbeddedChannel ch = client(s);
        HdlcAddress server = HdlcAddress.server(1, 0x21, size);
        HdlcFrame snrm = sentFrames(ch).get(0);
        assertThat(snrm.destination()).isEqualTo(server);
        assertThat(java.util.Arrays.copyOfRange(snrm.toBytes(), 3, 3 + size)).isEqualTo(server.toBytes());
        receive(ch, HdlcFrame.ua(CLIENT, server, null));
        ch.writeAndFlush(GET);
        assertThat(sentFrames(ch).get(0).destination()).isEqualTo(server);
    }

    private static byte[][] split(byte[] bytes, int size) {
        int n = (bytes.length + size - 1) / size;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size));
        }
        return out;
    }
}
