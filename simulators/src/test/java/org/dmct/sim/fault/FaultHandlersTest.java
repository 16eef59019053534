package org.dmct.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.core.fault.FaultKind;
import org.dmct.core.fault.FaultSpec;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.hdlc.HdlcAddress;
import org.dmct.dlms.hdlc.HdlcFrame;
import org.dmct.dlms.hdlc.HdlcFrameDecoder;
import org.dmct.dlms.hdlc.HdlcFrameEncoder;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.junit.jupiter.api.Test;

/**
 * The fault handlers on embedded channels: each kind does what it says to the frames of the device it is declared
 * for and nothing to the others, timers run on the channel's event loop (advanced, never slept on), and the same
 * seed draws the same faults.
 */
class FaultHandlersTest {
    private static final byte[] GET_RESPONSE = HexFormat.of().parseHex("c401410002020f00161e");
    private static final byte[] GET_BLOCK = HexFormat.of().parseHex("c40241000000000100820004aabbccdd");
    private static final byte[] NOTIFICATION = HexFormat.of().parseHex("0f0000000100090101");

    private static FaultSpec fault(FaultKind kind, long seed, String... params) {
        Map<String, String> p = new java.util.HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new FaultSpec(kind, p, seed);
    }

    private static EmbeddedChannel wrapper(FaultSpec... faults) {
        return new EmbeddedChannel(new FaultInjectionHandler(Map.of(2, new DeviceFaults("ESME", List.of(faults)),
                3, new DeviceFaults("GSME", List.of()))));
    }

    private static WrapperFrame answer(int device, byte[] apdu) {
        return WrapperFrame.of(device, 0x10, apdu);
    }

    @Test
    void droppedResponsesLoseEveryNthAnswerOfTheirDeviceOnly() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.DROPPED_RESPONSES, 1, "everyNth", "2"));
        for (int i = 0; i < 4; i++) {
            ch.writeOutbound(answer(2, GET_RESPONSE));
            ch.writeOutbound(answer(3, GET_RESPONSE));
        }
        List<Integer> from = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            from.add(((WrapperFrame) o).sourceWPort());
        }
        assertThat(from).containsExactly(2, 3, 3, 2, 3, 3);
    }

    @Test
    void notificationsAreNeverTouched() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.DROPPED_RESPONSES, 1, "probability", "1"));
        ch.writeOutbound(answer(2, NOTIFICATION));
        assertThat(((WrapperFrame) ch.readOutbound()).payload()).isEqualTo(NOTIFICATION);
    }

    @Test
    void latencyHoldsTheAnswerOnAnEventLoopTimer() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.LATENCY, 1, "distribution", "fixed", "delay", "3s"));
        ch.writeOutbound(answer(2, GET_RESPONSE));
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(2900, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(((WrapperFrame) ch.readOutbound()).payload()).isEqualTo(GET_RESPONSE);
    }

    @Test
    void latencyDistributionsStayInTheirBoundsAndFollowTheSeed() {
        for (String distribution : List.of("uniform", "normal", "exponential")) {
            FaultSpec spec = fault(FaultKind.LATENCY, 77, "distribution", distribution, "min", "100ms", "max", "900ms",
                    "mean", "300ms", "stddev", "200ms");
            DeviceFaults a = new DeviceFaults("A", List.of(spec));
            DeviceFaults b = new DeviceFaults("B", List.of(spec));
            List<Duration> drawn = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Duration d = a.nextLatency();
                assertThat(d).as(distribution).isBetween(Duration.ofMillis(100), Duration.ofMillis(900));
                assertThat(b.nextLatency()).isEqualTo(d);
                drawn.add(d);
            }
            assertThat(drawn.stream().distinct().count()).as(distribution).isGreaterThan(50);
        }
    }

    @Test
    void aCorruptedWrapperAnswerHasOneBitOfItsApduHeaderFlipped() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.CORRUPTED_FRAMES, 5, "everyNth", "1", "target", "fcs"));
        ch.writeOutbound(answer(2, GET_RESPONSE));
        byte[] sent = ((WrapperFrame) ch.readOutbound()).payload();
        int differing = 0;
        for (int i = 0; i < sent.length; i++) {
            differing += Integer.bitCount((sent[i] ^ GET_RESPONSE[i]) & 0xFF);
            if (i >= 2) {
                assertThat(sent[i]).isEqualTo(GET_RESPONSE[i]);
            }
        }
        assertThat(differing).isEqualTo(1);
    }

    @Test
    void aDuplicatedAnswerGoesOutTwice() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.DUPLICATED_FRAMES, 1, "probability", "1"));
        ch.writeOutbound(answer(2, GET_RESPONSE));
        assertThat(((WrapperFrame) ch.readOutbound()).payload()).isEqualTo(GET_RESPONSE);
        assertThat(((WrapperFrame) ch.readOutbound()).payload()).isEqualTo(GET_RESPONSE);
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void theDeviceRebootsInsteadOfSendingTheBlockAfterTheNth() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.REBOOT_MID_TRANSFER, 1, "afterBlocks", "2"));
        ch.writeOutbound(answer(2, GET_RESPONSE));
        ch.writeOutbound(answer(2, GET_BLOCK));
        ch.writeOutbound(answer(2, GET_BLOCK));
        assertThat(ch.isOpen()).isTrue();
        ch.writeOutbound(answer(2, GET_BLOCK));
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.outboundMessages()).hasSize(3);
    }

    @Test
    void associationsBeyondTheAllowedAreRejected() {
        EmbeddedChannel ch = wrapper(fault(FaultKind.ASSOCIATION_REFUSED, 1, "after", "1"));
        byte[] aarq = ApduCodec.encode(AarqApdu.lowestLevel(InitiateRequest.of(
                org.dmct.dlms.apdu.Conformance.of(org.dmct.dlms.apdu.ConformanceBit.GET), 0xFFFF)));
        ch.writeInbound(WrapperFrame.of(0x10, 2, aarq));
        assertThat((Object) ch.readInbound()).isInstanceOf(WrapperFrame.class);
        ch.writeInbound(WrapperFrame.of(0x10, 2, aarq));
        assertThat((Object) ch.readInbound()).isNull();
        WrapperFrame refusal = ch.readOutbound();
        assertThat(refusal.sourceWPort()).isEqualTo(2);
        AareApdu aare = (AareApdu) ApduCodec.decode(refusal.payload()).apdu();
        assertThat(aare.result()).isEqualTo(AssociationResult.REJECTED_PERMANENT);
        // Another device of the installation still associates.
        ch.writeInbound(WrapperFrame.of(0x10, 3, aarq));
        assertThat((Object) ch.readInbound()).isInstanceOf(WrapperFrame.class);
    }

    private static byte[] hdlcFrame(int logicalDevice) {
        EmbeddedChannel enc = new EmbeddedChannel(new HdlcFrameEncoder());
        enc.writeOutbound(HdlcFrame.iFrame(HdlcAddress.client(0x10), HdlcAddress.server(logicalDevice, 0x11, 2), 0, 0,
                true, false, GET_RESPONSE));
        ByteBuf buf = enc.readOutbound();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static List<Object> throughTamperer(String target, int logicalDevice, String kind) {
        FaultKind k = FaultKind.valueOf(kind);
        FaultSpec spec = k == FaultKind.CORRUPTED_FRAMES ? fault(k, 3, "probability", "1", "target", target)
                : fault(k, 3, "probability", "1");
        EmbeddedChannel server = new EmbeddedChannel(new HdlcFrameTamperer(Map.of(2, new DeviceFaults("ESME",
                List.of(spec)))));
        server.writeOutbound(io.netty.buffer.Unpooled.wrappedBuffer(hdlcFrame(logicalDevice)));
        EmbeddedChannel client = new EmbeddedChannel(new HdlcFrameDecoder());
        for (ByteBuf b; (b = server.readOutbound()) != null; ) {
            client.writeInbound(b);
        }
        return new ArrayList<>(client.inboundMessages());
    }

    @Test
    void corruptedHdlcFramesFailTheClientsFcsCheckWhereverTheBitFlips() {
        for (String target : List.of("fcs", "payload")) {
            List<Object> received = throughTamperer(target, 2, "CORRUPTED_FRAMES");
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).isInstanceOf(MalformedHdlcInput.class);
            assertThat(((MalformedHdlcInput) received.get(0)).reason()).contains("FCS mismatch");
        }
        assertThat(throughTamperer("fcs", 1, "CORRUPTED_FRAMES").get(0)).isInstanceOf(HdlcFrame.class);
    }

    @Test
    void duplicatedHdlcFramesArriveTwiceIntact() {
        List<Object> received = throughTamperer(null, 2, "DUPLICATED_FRAMES");
        assertThat(received).hasSize(2).allMatch(o -> o instanceof HdlcFrame).element(0).isEqualTo(received.get(1));
    }

    @Test
    void aSlowClockLosesItsDriftFromTheLastSync() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Clock base = Clock.fixed(start, ZoneOffset.UTC);
        DriftingClock slow = DriftingClock.of(base, -30, 10);
        assertThat(Duration.between(slow.instant(), start)).isEqualTo(Duration.ofSeconds(300));
        DeviceFaults faults = new DeviceFaults("ESME", List.of(fault(FaultKind.SLOW_CLOCK, 1, "secondsPerDay", "-30",
                "daysSinceSync", "10")));
        assertThat(faults.deviceClock(base).instant()).isEqualTo(start.minusSeconds(300));
        assertThat(new DeviceFaults("GSME", List.of()).deviceClock(base)).isSameAs(base);
    }
}
