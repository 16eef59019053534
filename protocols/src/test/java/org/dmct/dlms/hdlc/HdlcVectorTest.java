package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.dlms.hdlc.HdlcTesting.CLIENT;
import static org.dmct.dlms.hdlc.HdlcTesting.LLC_REQUEST;
import static org.dmct.dlms.hdlc.HdlcTesting.SERVER;
import static org.dmct.dlms.hdlc.HdlcTesting.concat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.ApduCodec;
import org.junit.jupiter.api.Test;

/**
 * Every frame of the jDLMS 1.8.0 HDLC capture decodes to the content it carries (addresses,
 * control, sequence numbers, information = LLC header + the APDU jDLMS reported), and building
 * a frame with that content through our factories gives back exactly the captured bytes.
 */
class HdlcVectorTest {

    private static final List<Vectors.Line> LINES = Vectors.load("hdlc.jsonl");

    @Test
    void everyFrameDecodesAndReEncodesByteForByte() {
        int clientSend = 0;
        int serverSend = 0;
        for (Vectors.Line line : LINES) {
            HdlcTesting.Recording listener = new HdlcTesting.Recording();
            EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, null, listener));
            ch.writeInbound(Unpooled.wrappedBuffer(line.frame()));
            List<Object> out = HdlcTesting.inbound(ch);
            assertThat(out).as(line.toString()).hasSize(1).first().isInstanceOf(HdlcFrame.class);
            HdlcFrame f = (HdlcFrame) out.get(0);
            assertThat(listener.received).as(line.toString()).containsExactly(Vectors.hex(line.frame()));
            assertThat(listener.malformed).isEmpty();
            assertThat(f.toBytes()).as(line.toString()).isEqualTo(line.frame());
            assertThat(f.frameLength()).isEqualTo(line.frame().length - 2);
            assertThat(f.segmented()).isFalse();

            HdlcFrame rebuilt;
            switch (f.type()) {
                case SNRM -> {
                    assertDirection(f, true);
                    assertThat(HdlcParameters.decode(f.information())).isEqualTo(HdlcParameters.symmetric(2030, 1));
                    rebuilt = HdlcFrame.snrm(SERVER, CLIENT, HdlcParameters.symmetric(2030, 1));
                }
                case UA -> {
                    // The capture labels the UA answering DISC as CLIENT; its addresses say it came from the server.
                    assertDirection(f, false);
                    assertThat(HdlcParameters.decode(f.information())).isEqualTo(HdlcParameters.symmetric(2030, 1));
                    rebuilt = HdlcFrame.ua(CLIENT, SERVER, HdlcParameters.symmetric(2030, 1));
                }
                case DISC -> {
                    assertDirection(f, true);
                    assertThat(line.fromClient()).isTrue();
                    rebuilt = HdlcFrame.disc(SERVER, CLIENT);
                }
                case I -> {
                    boolean fromClient = line.fromClient();
                    assertDirection(f, fromClient);
                    byte[] apdu = line.acse() != null ? line.acse() : line.cosemPlain();
                    // jDLMS's server answers with the command LLC header E6 E6 00 rather than E6 E7 00.
                    assertThat(f.information()).as(line.toString()).isEqualTo(concat(LLC_REQUEST, apdu));
                    assertThat(ApduCodec.decode(apdu).isSuccess()).as(line.toString()).isTrue();
                    assertThat(f.pollFinal()).isTrue();
                    // Window 1 both ways: each side numbers its I-frames 0,1,2... The client acknowledges every
                    // server frame; jDLMS's server never advances N(R) (always 0), which our client must survive.
                    if (fromClient) {
                        assertThat(f.sendSequence()).as(line.toString()).isEqualTo(clientSend & 7);
                        assertThat(f.receiveSequence()).as(line.toString()).isEqualTo(serverSend & 7);
                        clientSend++;
                    } else {
                        assertThat(f.sendSequence()).as(line.toString()).isEqualTo(serverSend & 7);
                        assertThat(f.receiveSequence()).as(line.toString()).isZero();
                        serverSend++;
                    }
                    rebuilt = fromClient
                            ? HdlcFrame.iFrame(SERVER, CLIENT, f.sendSequence(), f.receiveSequence(), true, false,
                                    concat(LLC_REQUEST, apdu))
                            : HdlcFrame.iFrame(CLIENT, SERVER, f.sendSequence(), f.receiveSequence(), true, false,
                                    concat(LLC_REQUEST, apdu));
                }
                default -> throw new AssertionError("the capture holds no " + f.type() + ": " + line);
            }
            assertThat(Vectors.hex(rebuilt.toBytes())).as(line.toString()).isEqualTo(Vectors.hex(line.frame()));
            ch.finishAndReleaseAll();
        }
        assertThat(clientSend).isEqualTo(10);
        assertThat(serverSend).isEqualTo(10);
    }

    private static void assertDirection(HdlcFrame f, boolean fromClient) {
        assertThat(f.destination()).isEqualTo(fromClient ? SERVER : CLIENT);
        assertThat(f.source()).isEqualTo(fromClient ? CLIENT : SERVER);
    }

    @Test
    void theEventLogFrameUsesTheElevenBitLength() {
        Vectors.Line line = LINES.stream().filter(l -> l.frame().length > 257).findFirst().orElseThrow();
        assertThat(line.frame()[1] & 0xFF).isEqualTo(0xA3);
        assertThat(line.frame()[2] & 0xFF).isEqualTo(0x0A);
        HdlcFrame f = HdlcTesting.frames(line.frame()).get(0);
        assertThat(f.frameLength()).isEqualTo(0x30A);
        assertThat(f.informationLength()).isEqualTo(0x30A - 9);
        assertThat(f.segmented()).isFalse();
        assertThat(Arrays.copyOfRange(f.information(), 3, f.informationLength())).isEqualTo(line.cosemPlain());
    }

    @Test
    void theWholeCaptureDecodesAsOneStreamWithSeparateOrSharedFlagsAndAnyFragmentation() {
        ByteArrayOutputStream separate = new ByteArrayOutputStream();
        ByteArrayOutputStream shared = new ByteArrayOutputStream();
        for (Vectors.Line line : LINES) {
            separate.writeBytes(line.frame());
            byte[] f = line.frame();
            shared.write(f, 0, f.length - 1); // the next frame's opening flag closes this one
        }
        shared.write(0x7E);
        for (byte[] stream : List.of(separate.toByteArray(), shared.toByteArray())) {
            HdlcTesting.Recording listener = new HdlcTesting.Recording();
            EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, null, listener));
            for (byte b : stream) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            List<Object> out = HdlcTesting.inbound(ch);
            assertThat(out).hasSize(LINES.size()).allMatch(o -> o instanceof HdlcFrame);
            for (int i = 0; i < LINES.size(); i++) {
                assertThat(((HdlcFrame) out.get(i)).toBytes()).isEqualTo(LINES.get(i).frame());
                assertThat(listener.received.get(i)).isEqualTo(Vectors.hex(LINES.get(i).frame()));
            }
            assertThat(listener.malformed).isEmpty();
            ch.finishAndReleaseAll();
        }
    }
}
