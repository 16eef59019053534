package org.dmct.dlms.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wrapper decoder and encoder on an EmbeddedChannel. */
class WrapperCodecTest {

    private static final byte[] GET = Vectors.bytes("000100100001000DC0014100030100010800FF0200");
    private static final byte[] RESPONSE = Vectors.bytes("0001000100100009C4014100060012D688");

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    private static byte[] readAll(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            b.release();
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrapper.jsonl", "wrapper-hls5.jsonl"})
    void decodesEveryCapturedFrameAndReencodesItExactly(String file) {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(65535, listener), new WrapperFrameEncoder(listener));
        List<Vectors.Line> lines = Vectors.load(file);
        int client = file.equals("wrapper.jsonl") ? 16 : 1;
        for (Vectors.Line line : lines) {
            ch.writeInbound(Unpooled.wrappedBuffer(line.frame()));
            WrapperFrame f = ch.readInbound();
            assertThat(f).as("%s", line).isNotNull();
            assertThat(f.version()).isEqualTo(1);
            assertThat(f.sourceWPort()).isEqualTo(line.fromClient() ? client : 1);
            assertThat(f.destinationWPort()).isEqualTo(line.fromClient() ? 1 : client);
            if (line.acse() != null) {
                assertThat(Vectors.hex(f.payload())).isEqualTo(Vectors.hex(line.acse()));
            } else if (line.cosemCiphered() != null) {
                // the capture gives some ciphered APDUs with their tag and length, some without
                assertThat(Vectors.hex(f.payload())).endsWith(Vectors.hex(line.cosemCiphered()));
            } else {
                assertThat(Vectors.hex(f.payload())).isEqualTo(Vectors.hex(line.cosemPlain()));
            }
            ch.writeOutbound(f);
            assertThat(Vectors.hex(readAll(ch))).isEqualTo(Vectors.hex(line.frame()));
        }
        assertThat(listener.received).hasSize(lines.size());
        assertThat(listener.sent).isEqualTo(listener.received);
        assertThat(listener.malformed).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void wholeCaptureInOneReadAndByteByByteGiveTheSameFrames() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Vectors.Line> lines = Vectors.load("wrapper.jsonl");
        lines.forEach(l -> stream.writeBytes(l.frame()));
        byte[] all = stream.toByteArray();

        EmbeddedChannel bulk = new EmbeddedChannel(new WrapperFrameDecoder());
        bulk.writeInbound(Unpooled.wrappedBuffer(all));
        List<Object> bulkFrames = drain(bulk);

        RecordingListener listener = new RecordingListener();
        EmbeddedChannel trickle = new EmbeddedChannel(new WrapperFrameDecoder(65535, listener));
        List<Object> trickleFrames = new ArrayList<>();
        for (byte b : all) {
            trickle.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            trickleFrames.addAll(drain(trickle));
        }
        assertThat(bulkFrames).hasSize(lines.size()).isEqualTo(trickleFrames);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(((WrapperFrame) bulkFrames.get(i)).toBytes()).isEqualTo(lines.get(i).frame());
            assertThat(listener.received.get(i)).isEqualTo(Vectors.hex(lines.get(i).frame()));
        }
    }

    @Test
    void twoFramesInOneReadAndAFrameSplitAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder());
        ByteBuf both = Unpooled.buffer();
        both.writeBytes(GET).writeBytes(RESPONSE, 0, 5);
        ch.writeInbound(both);
        List<Object> first = drain(ch);
        assertThat(first).containsExactly(new WrapperFrame(1, 16, 1, Vectors.bytes("C0014100030100010800FF0200")));
        ch.writeInbound(Unpooled.wrappedBuffer(RESPONSE, 5, RESPONSE.length - 5));
        assertThat(drain(ch)).containsExactly(WrapperFrame.of(1, 16, Vectors.bytes("C4014100060012D688")));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void badVersionIsReportedAfterTwoBytesAndTheRestIsDiscarded() {
        RecordingListener listener = new RecordingListener();
        WrapperFrameDecoder decoder = new WrapperFrameDecoder(65535, listener);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("7EA0")));
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        MalformedWrapperInput bad = (MalformedWrapperInput) out.get(0);
        assertThat(bad.reason()).isEqualTo("wrapper version 0x7EA0 is not 0x0001");
        assertThat(bad.bytes()).containsExactly(0x7E, 0xA0);
        assertThat(decoder.isBroken()).isTrue();

        ch.writeInbound(Unpooled.wrappedBuffer(GET));
        assertThat(drain(ch)).isEmpty();
        assertThat(decoder.discardedBytes()).isEqualTo(GET.length);
        assertThat(listener.malformed).hasSize(2);
        assertThat(listener.malformed.get(0)).isEqualTo("7EA0 wrapper version 0x7EA0 is not 0x0001");
        assertThat(listener.malformed.get(1)).startsWith(Vectors.hex(GET) + " discarded");
        assertThat(listener.received).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void badVersionAfterAGoodFrameKeepsTheGoodFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder());
        ByteBuf in = Unpooled.buffer().writeBytes(GET).writeBytes(Vectors.bytes("00020010000100020000"));
        ch.writeInbound(in);
        List<Object> out = drain(ch);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(WrapperFrame.class);
        MalformedWrapperInput bad = (MalformedWrapperInput) out.get(1);
        assertThat(bad.reason()).contains("0x0002");
        assertThat(Vectors.hex(bad.bytes())).isEqualTo("00020010000100020000");
    }

    @Test
    void lengthAboveTheMaximumIsReportedWithoutWaitingForThePayload() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(100, listener));
        ch.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("00010010000100C8C001")));
        MalformedWrapperInput bad = (MalformedWrapperInput) drain(ch).get(0);
        assertThat(bad.reason()).isEqualTo("wrapper payload length 200 exceeds the maximum of 100");
        assertThat(Vectors.hex(bad.bytes())).isEqualTo("00010010000100C8C001");
        assertThat(listener.malformed).hasSize(1);
        // exactly the maximum is fine
        EmbeddedChannel ok = new EmbeddedChannel(new WrapperFrameDecoder(9, RawFrameListener.NO_OP));
        ok.writeInbound(Unpooled.wrappedBuffer(RESPONSE));
        Object first = ok.readInbound();
        assertThat(first).isInstanceOf(WrapperFrame.class);
    }

    @Test
    void connectionClosedMidFrameReportsTheTruncatedFrame() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(65535, listener));
        ch.writeInbound(Unpooled.wrappedBuffer(GET, 0, 12));
        assertThat(drain(ch)).isEmpty();
        ch.finish();
        MalformedWrapperInput bad = ch.readInbound();
        assertThat(bad.reason()).isEqualTo("connection closed after 4 of the 13 payload bytes the wrapper header announced");
        assertThat(bad.bytes()).hasSize(12);
        assertThat(listener.malformed).hasSize(1);

        EmbeddedChannel header = new EmbeddedChannel(new WrapperFrameDecoder());
        header.writeInbound(Unpooled.wrappedBuffer(GET, 0, 5));
        header.finish();
        assertThat(((MalformedWrapperInput) header.readInbound()).reason())
                .isEqualTo("connection closed after 5 of the 8 wrapper header bytes");
    }

    @Test
    void emptyPayloadIsAFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(Vectors.bytes("0001001000010000")));
        WrapperFrame f = ch.readInbound();
        assertThat(f.payloadLength()).isZero();
    }

    @Test
    void encoderWritesHeaderAndPayloadAndTellsTheListener() {
        RecordingListener listener = new RecordingListener();
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameEncoder(listener));
        ch.writeOutbound(WrapperFrame.of(16, 1, Vectors.bytes("C0014100030100010800FF0200")));
        assertThat(readAll(ch)).isEqualTo(GET);
        assertThat(listener.sent).containsExactly(Vectors.hex(GET));
        byte[] big = new byte[65535];
        ch.writeOutbound(WrapperFrame.of(1, 16, big));
        byte[] written = readAll(ch);
        assertThat(Vectors.hex(java.util.Arrays.copyOf(written, 8))).isEqualTo("000100010010FFFF");
        assertThat(written).hasSize(65543);
    }

    @Test
    void frameRecordChecksAndEquality() {
        assertThatThrownBy(() -> WrapperFrame.of(70000, 1, new byte[0])).hasMessageContaining("source wPort");
        assertThatThrownBy(() -> WrapperFrame.of(1, 1, new byte[65536])).hasMessageContaining("65535");
        assertThatThrownBy(() -> new WrapperFrameDecoder(65536, RawFrameListener.NO_OP)).isInstanceOf(IllegalArgumentException.class);
        byte[] p = {1, 2};
        WrapperFrame f = WrapperFrame.of(1, 2, p);
        p[0] = 9;
        assertThat(f).isEqualTo(WrapperFrame.of(1, 2, new byte[] {1, 2}));
        assertThat(f.hashCode()).isEqualTo(WrapperFrame.of(1, 2, new byte[] {1, 2}).hashCode());
        assertThat(f).isNotEqualTo(WrapperFrame.of(2, 1, new byte[] {1, 2}));
        assertThat(f.toString()).contains("1 -> 2").contains("0102");
        assertThat(new MalformedWrapperInput(new byte[] {1}, "x")).isEqualTo(new MalformedWrapperInput(new byte[] {1}, "x"));
    }

    @Test
    void aThrowingListenerDoesNotLoseTheFrameButIsNotIgnored() {
        RawFrameListener broken = new RawFrameListener() {
            @Override
            public void frameReceived(byte[] frame) {
                throw new IllegalStateException("evidence disk full");
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new WrapperFrameDecoder(65535, broken));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(GET)))
                .hasRootCauseMessage("evidence disk full");
        assertThat((WrapperFrame) ch.readInbound()).isEqualTo(WrapperFrame.of(16, 1, Vectors.bytes("C0014100030100010800FF0200")));
    }
}
