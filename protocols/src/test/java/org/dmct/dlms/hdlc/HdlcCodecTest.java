package org.dmct.dlms.hdlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmct.dlms.hdlc.HdlcTesting.CLIENT;
import static org.dmct.dlms.hdlc.HdlcTesting.SERVER;
import static org.dmct.dlms.hdlc.HdlcTesting.concat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.dmct.dlms.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmuc.jdlms.sessionlayer.hdlc.HdlcAddressPair;

/** The value classes, the encoder and every kind of malformed input to the decoder. */
class HdlcCodecTest {

    // ------------------------------------------------------------------ checksum

    @Test
    void checksumIsCrc16X25() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(HdlcChecksum.compute(check, 0, check.length)).isEqualTo(0x906E); // the catalogued check value
        byte[] disc = Vectors.bytes("7EA00703215303C77E");
        assertThat(HdlcChecksum.matches(disc, 1, 5)).isTrue();
        assertThat(HdlcChecksum.read(disc, 6)).isEqualTo(0xC703); // sent least significant byte first
    }

    // ------------------------------------------------------------------ addresses

    @Test
    void addressesInTheirThreeForms() {
        assertThat(HdlcAddress.client(16).toBytes()).isEqualTo(Vectors.bytes("21"));
        assertThat(HdlcAddress.server(1, 0x10, 1).toBytes()).isEqualTo(Vectors.bytes("03"));
        assertThat(HdlcAddress.server(1, 0x10, 1).lower()).isZero();
        assertThat(HdlcAddress.server(1, 0x10, 2).toBytes()).isEqualTo(Vectors.bytes("0221"));
        assertThat(HdlcAddress.server(1, 0x10, 4).toBytes()).isEqualTo(Vectors.bytes("00020021"));
        assertThat(HdlcAddress.server(0x3FFF, 0x1234, 4).toBytes()).isEqualTo(Vectors.bytes("FEFE4869"));
        for (HdlcAddress a : List.of(HdlcAddress.client(127), HdlcAddress.server(3, 0x7D, 2),
                HdlcAddress.server(0x2ABC, 0x0155, 4), HdlcAddress.server(0, 0, 4))) {
            assertThat(HdlcAddress.read(a.toBytes(), 0, a.length())).isEqualTo(a);
        }
        assertThatThrownBy(() -> HdlcAddress.server(128, 0, 2)).hasMessageContaining("0..127");
        assertThatThrownBy(() -> HdlcAddress.server(1, 0x4000, 4)).hasMessageContaining("0..16383");
        assertThatThrownBy(() -> new HdlcAddress(1, 0, 3)).hasMessageContaining("1, 2 or 4");
        assertThatThrownBy(() -> new HdlcAddress(1, 5, 1)).hasMessageContaining("no lower address");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void framesWithEachServerAddressSizeRoundTrip(int size) {
        HdlcAddress server = HdlcAddress.server(3, 0x45, size);
        HdlcFrame request = HdlcFrame.iFrame(server, CLIENT, 5, 2, true, true, HdlcTesting.filled(40, size));
        HdlcFrame answer = HdlcFrame.rr(CLIENT, server, 6, true);
        byte[] both = concat(request.toBytes(), answer.toBytes());
        assertThat(HdlcTesting.frames(both)).containsExactly(request, answer);
        assertThat(request.frameLength()).isEqualTo(2 + size + 1 + 1 + 2 + 40 + 2);
    }

    /**
     * jDLMS (GPL, test scope only) encodes the same content into the same bytes, for the types and
     * address forms the capture lacks, and reads ours back.
     */
    @Test
    void jdlmsEncodesTheSameBytesForEveryFrameType() throws Exception {
        Random random = new Random(62056);
        for (int round = 0; round < 200; round++) {
            int logical = 1 + random.nextInt(0x7E);
            int physical = 0x10 + random.nextInt(0x60);
            int client = 1 + random.nextInt(0x7E);
            boolean fourByte = random.nextBoolean();
            int size = fourByte ? 4 : 2;
            org.openmuc.jdlms.sessionlayer.hdlc.HdlcAddress theirServer = fourByte
                    ? new org.openmuc.jdlms.sessionlayer.hdlc.HdlcAddress(logical + 0x100, physical + 0x200)
                    : new org.openmuc.jdlms.sessionlayer.hdlc.HdlcAddress(logical, physical);
            HdlcAddress ourServer = fourByte ? HdlcAddress.server(logical + 0x100, physical + 0x200, 4)
                    : HdlcAddress.server(logical, physical, 2);
            assertThat(theirServer.getLength()).isEqualTo(size);
            HdlcAddressPair toServer = new HdlcAddressPair(
                    new org.openmuc.jdlms.sessionlayer.hdlc.HdlcAddress(client), theirServer);
            HdlcAddress ourClient = HdlcAddress.client(client);
            int ns = random.nextInt(8);
            int nr = random.nextInt(8);
            boolean poll = random.nextBoolean();
            boolean segmented = random.nextBoolean();
            byte[] info = HdlcTesting.filled(1 + random.nextInt(300), round);

            // jDLMS sets the poll bit on the last segment only (the last frame of its window of one), and puts the
            // LLC header in front of an unsegmented APDU itself.
            org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame theirI = org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame
                    .newInformationFrame(toServer, ns, nr, info, segmented, poll);
            assertThat(theirI.getInformationField()).endsWith(info);
            assertSame(theirI, HdlcFrame.iFrame(ourServer, ourClient, ns, nr, !segmented, segmented,
                    theirI.getInformationField()));
            assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.newReceiveReadyFrame(toServer, nr, poll),
                    HdlcFrame.rr(ourServer, ourClient, nr, poll));
            assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.newReceiveNotReadyFrame(toServer, nr, poll),
                    HdlcFrame.rnr(ourServer, ourClient, nr, poll));
            assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.newDisconnectFrame(toServer, true),
                    HdlcFrame.disc(ourServer, ourClient));
            // Not UI: jDLMS 1.8.0 writes its control field as 0xC0 (an I-frame), not 000P0011.
            assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.newDisconnectModeFrame(toServer.switchedPair(),
                    null, true), HdlcFrame.dm(ourClient, ourServer));
            int maxInfo = 128 + random.nextInt(2030 - 128 + 1); // jDLMS raises anything below 128 to 128
            int window = 1 + random.nextInt(7);
            org.openmuc.jdlms.sessionlayer.hdlc.HdlcParameters theirs =
                    new org.openmuc.jdlms.sessionlayer.hdlc.HdlcParameters(maxInfo, window, maxInfo, window);
            assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.newSetNormalResponseModeFrame(toServer, theirs, true),
                    HdlcFrame.snrm(ourServer, ourClient, HdlcParameters.symmetric(maxInfo, window)));
        }
    }

    private static void assertSame(org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame theirs, HdlcFrame ours) throws Exception {
        byte[] theirBytes = theirs.encode();
        assertThat(Vectors.hex(ours.toBytes())).as(ours.toString()).isEqualTo(Vectors.hex(theirBytes));
        // and jDLMS reads ours back with the same content
        byte[] withoutFlags = java.util.Arrays.copyOfRange(ours.toBytes(), 1, ours.toBytes().length - 1);
        org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame parsed = org.openmuc.jdlms.sessionlayer.hdlc.HdlcFrame.decode(withoutFlags);
        assertThat(parsed.isSegmented()).isEqualTo(ours.segmented());
        assertThat(parsed.getDestinationAddress().getLogicalId()).isEqualTo(ours.destination().upper());
    }

    @Test
    void longFramesCarryTheLengthInElevenBits() {
        for (int info : new int[] {246, 247, 248, 2030}) {
            HdlcAddress server4 = HdlcAddress.server(1, 0x10, 4);
            HdlcFrame f = HdlcFrame.iFrame(server4, CLIENT, 0, 0, true, true, HdlcTesting.filled(info, 1));
            byte[] b = f.toBytes();
            int length = info + 12;
            assertThat(b[1] & 0xFF).isEqualTo(0xA8 | length >> 8);
            assertThat(b[2] & 0xFF).isEqualTo(length & 0xFF);
            assertThat(HdlcTesting.frames(b)).containsExactly(f);
        }
        // 255 and 256 bytes between the flags: the length crosses into the second format byte.
        HdlcFrame f255 = HdlcFrame.iFrame(SERVER, CLIENT, 0, 0, true, false, new byte[255 - 9]);
        HdlcFrame f256 = HdlcFrame.iFrame(SERVER, CLIENT, 0, 0, true, false, new byte[256 - 9]);
        assertThat(Vectors.hex(f255.toBytes()).substring(0, 6)).isEqualTo("7EA0FF");
        assertThat(Vectors.hex(f256.toBytes()).substring(0, 6)).isEqualTo("7EA100");
        assertThat(HdlcTesting.frames(concat(f255.toBytes(), f256.toBytes()))).containsExactly(f255, f256);
        assertThatThrownBy(() -> HdlcFrame.iFrame(HdlcAddress.server(1, 0x10, 4), CLIENT, 0, 0, true, false,
                new byte[2036])).hasMessageContaining("segment it");
        assertThat(HdlcFrame.maxInformationLength(HdlcAddress.server(1, 0x10, 4), CLIENT)).isEqualTo(2035);
    }

    @Test
    void frameConsistencyRules() {
        assertThatThrownBy(() -> new HdlcFrame(HdlcFrameType.RR, SERVER, CLIENT, true, 3, 0, false, new byte[0]))
                .hasMessageContaining("no N(S)");
        assertThatThrownBy(() -> new HdlcFrame(HdlcFrameType.DISC, SERVER, CLIENT, true, 0, 0, false, new byte[1]))
                .hasMessageContaining("no information field");
        assertThatThrownBy(() -> new HdlcFrame(HdlcFrameType.SNRM, SERVER, CLIENT, true, 0, 0, true, new byte[0]))
                .hasMessageContaining("segmentation bit");
        assertThatThrownBy(() -> HdlcFrame.rr(SERVER, CLIENT, 8, true)).hasMessageContaining("0..7");
        assertThat(HdlcFrame.iFrame(SERVER, CLIENT, 3, 5, true, false, new byte[1]).control()).isEqualTo(0xB6);
        assertThat(HdlcFrame.rr(SERVER, CLIENT, 5, true).control()).isEqualTo(0xB1);
        assertThat(HdlcFrame.rnr(SERVER, CLIENT, 2, false).control()).isEqualTo(0x45);
        assertThat(HdlcFrame.frmr(CLIENT, SERVER, new byte[3]).control()).isEqualTo(0x97);
        assertThat(HdlcFrame.ui(CLIENT, SERVER, false, false, new byte[1]).control()).isEqualTo(0x03);
    }

    // ------------------------------------------------------------------ parameters

    @Test
    void parametersEncodeAsTheGreenBookExampleAndAsJdlms() {
        assertThat(Vectors.hex(HdlcParameters.DEFAULT.encode()))
                .isEqualTo("818012050180060180070400000001080400000001");
        assertThat(Vectors.hex(HdlcParameters.symmetric(2030, 1).encode()))
                .isEqualTo("8180140502" + "07EE" + "0602" + "07EE" + "070400000001080400000001");
        assertThat(HdlcParameters.decode(new byte[0])).isEqualTo(HdlcParameters.DEFAULT);
        // Only some parameters present, in one-byte form: the rest default.
        assertThat(HdlcParameters.decode(Vectors.bytes("818006 0601FF 070103")))
                .isEqualTo(new HdlcParameters(128, 255, 3, 1));
        // Out-of-range proposals are read as the largest usable value; unknown parameters skipped.
        assertThat(HdlcParameters.decode(Vectors.bytes("81800C 0502FFFF 0801FF 0903010203")))
                .isEqualTo(new HdlcParameters(2030, 128, 1, 7));
    }

    @Test
    void negotiationTakesTheMinimumInEachDirection() {
        HdlcParameters clientProposal = new HdlcParameters(2030, 512, 7, 3);
        HdlcParameters serverLimits = new HdlcParameters(256, 1024, 2, 7);
        HdlcParameters answer = serverLimits.answer(clientProposal);
        assertThat(answer).isEqualTo(new HdlcParameters(256, 1024, 2, 7));
        assertThat(clientProposal.agreed(answer)).isEqualTo(new HdlcParameters(1024, 256, 7, 2));
        HdlcParameters small = HdlcParameters.DEFAULT.answer(clientProposal);
        assertThat(small).isEqualTo(HdlcParameters.DEFAULT);
    }

    @Test
    void malformedParametersAreRejectedWithTheReason() {
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("828003050180")))
                .hasMessageContaining("format identifier 0x82");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("818103050180")))
                .hasMessageContaining("group identifier 0x81");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("818005050180")))
                .hasMessageContaining("group length 5 but 3");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("81800405018000")))
                .hasMessageContaining("parameter at offset 6 is cut short");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("8180030502FF")))
                .hasMessageContaining("announces 2 bytes but 1 remain");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("818003050100")))
                .hasMessageContaining("is zero");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("8180070505FFFFFFFFFF")))
                .hasMessageContaining("5-byte value");
        assertThatThrownBy(() -> HdlcParameters.decode(Vectors.bytes("8180")))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> new HdlcParameters(2031, 128, 1, 1)).hasMessageContaining("1..2030");
        assertThatThrownBy(() -> new HdlcParameters(128, 128, 8, 1)).hasMessageContaining("1..7");
    }

    // ------------------------------------------------------------------ decoder: malformed input

    private static final HdlcFrame GOOD = HdlcFrame.iFrame(SERVER, CLIENT, 1, 2, true, false,
            Vectors.bytes("E6E600C0014100030100010800FF0200"));
    private static final HdlcFrame RR = HdlcFrame.rr(CLIENT, SERVER, 2, true);

    private record Decoded(List<Object> out, HdlcTesting.Recording listener) {
        MalformedHdlcInput onlyFailure() {
            List<Object> failures = out.stream().filter(o -> o instanceof MalformedHdlcInput).toList();
            assertThat(failures).hasSize(1);
            return (MalformedHdlcInput) failures.get(0);
        }

        List<Object> frames() {
            return out.stream().filter(o -> o instanceof HdlcFrame).toList();
        }
    }

    private static Decoded decode(byte[] bytes) {
        HdlcTesting.Recording listener = new HdlcTesting.Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH, null, listener));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.finish();
        List<Object> out = HdlcTesting.inbound(ch);
        return new Decoded(out, listener);
    }

    /** The decoder recovers: a good frame after the bad input still decodes. */
    private static Decoded decodeThenGood(byte[] bad) {
        Decoded d = decode(concat(bad, GOOD.toBytes()));
        assertThat(d.frames()).as("the good frame after the bad input").containsExactly(GOOD);
        assertThat(d.listener.received).containsExactly(Vectors.hex(GOOD.toBytes()));
        assertThat(d.listener.malformed).hasSize(1);
        return d;
    }

    @Test
    void corruptedFcs() {
        byte[] b = RR.toBytes();
        b[b.length - 2] ^= 0x01;
        MalformedHdlcInput m = decodeThenGood(b).onlyFailure();
        assertThat(m.reason()).startsWith("FCS mismatch");
        assertThat(m.bytes()).isEqualTo(b);
        assertThat(m.offset()).isEqualTo(b.length - 3);
    }

    @Test
    void corruptedInformationIsAnFcsMismatch() {
        byte[] b = GOOD.toBytes();
        b[15] ^= 0x40;
        assertThat(decodeThenGood(b).onlyFailure().reason()).startsWith("FCS mismatch");
    }

    @Test
    void corruptedHeaderIsAnHcsMismatch() {
        byte[] b = GOOD.toBytes();
        b[5] ^= 0x20; // the control field: the HCS no longer matches
        MalformedHdlcInput m = decodeThenGood(b).onlyFailure();
        assertThat(m.reason()).startsWith("HCS mismatch");
        assertThat(m.offset()).isEqualTo(6);
    }

    @Test
    void truncatedByTheConnectionClosing() {
        byte[] b = GOOD.toBytes();
        byte[] cut = java.util.Arrays.copyOf(b, 12);
        Decoded d = decode(concat(RR.toBytes(), cut));
        assertThat(d.frames()).containsExactly(RR);
        MalformedHdlcInput m = d.onlyFailure();
        assertThat(m.reason()).contains("connection closed after 12 bytes of a frame of length " + GOOD.frameLength());
        // the shared closing flag of RR is the opening flag of the cut frame
        assertThat(m.bytes()).isEqualTo(concat(new byte[] {0x7E}, java.util.Arrays.copyOfRange(cut, 1, 12)));
    }

    @Test
    void lengthFieldTooShortFindsNoClosingFlag() {
        byte[] b = GOOD.toBytes();
        b[2] = (byte) (b[2] - 3);
        MalformedHdlcInput m = decodeThenGood(b).onlyFailure();
        assertThat(m.reason()).contains("no closing flag after the " + (GOOD.frameLength() - 3) + " bytes");
    }

    @Test
    void lengthFieldTooLongIsFoundOutWhenMoreBytesArrive() {
        byte[] b = GOOD.toBytes();
        b[2] = (byte) (b[2] + 5);
        MalformedHdlcInput m = decodeThenGood(b).onlyFailure();
        assertThat(m.reason()).contains("no closing flag after the " + (GOOD.frameLength() + 5) + " bytes");
        assertThat(m.bytes()).isEqualTo(java.util.Arrays.copyOf(b, b.length - 1));
    }

    @Test
    void lengthBelowTheMinimum() {
        assertThat(decodeThenGood(Vectors.bytes("7EA0050321937E")).onlyFailure().reason())
                .contains("frame length 5 is below the minimum of 7");
    }

    @Test
    void lengthAboveTheConfiguredMaximum() {
        HdlcTesting.Recording listener = new HdlcTesting.Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameDecoder(64, null, listener));
        HdlcFrame big = HdlcFrame.iFrame(SERVER, CLIENT, 0, 0, true, false, new byte[100]);
        ch.writeInbound(Unpooled.wrappedBuffer(concat(big.toBytes(), RR.toBytes())));
        List<Object> out = HdlcTesting.inbound(ch);
        assertThat(out).hasSize(2);
        assertThat(((MalformedHdlcInput) out.get(0)).reason()).contains("frame length 109 exceeds the maximum of 64");
        assertThat(out.get(1)).isEqualTo(RR);
    }

    @Test
    void wrongFormatType() {
        byte[] b = RR.toBytes();
        b[1] = (byte) 0x90;
        assertThat(decodeThenGood(b).onlyFailure().reason()).contains("frame format type 0x9 is not 0xA");
    }

    @Test
    void garbageBetweenFramesAndFillFlags() {
        byte[] stream = concat(RR.toBytes(), Vectors.bytes("0102037E7E7E"), GOOD.toBytes());
        Decoded d = decode(stream);
        assertThat(d.frames()).containsExactly(RR, GOOD);
        MalformedHdlcInput m = d.onlyFailure();
        assertThat(m.bytes()).isEqualTo(Vectors.bytes("7E010203"));
        Decoded leading = decode(concat(Vectors.bytes("AABB"), RR.toBytes()));
        assertThat(leading.frames()).containsExactly(RR);
        assertThat(leading.onlyFailure().reason()).isEqualTo("2 bytes outside any frame (no opening flag)");
    }

    @Test
    void undefinedControlField() {
        // REJ (0x09) is not part of the DLMS profile
        byte[] b = Vectors.bytes("7EA007032119" + "0000" + "7E");
        HdlcChecksum.write(b, 1, 5);
        MalformedHdlcInput m = decodeThenGood(b).onlyFailure();
        assertThat(m.reason()).isEqualTo("undefined control field 0x19");
        assertThat(m.offset()).isEqualTo(5);
    }

    @Test
    void badAddresses() {
        byte[] threeBytes = Vectors.bytes("7EA009" + "0202" + "03" + "21" + "93" + "0000" + "7E");
        HdlcChecksum.write(threeBytes, 1, 7);
        assertThat(decodeThenGood(threeBytes).onlyFailure().reason())
                .isEqualTo("destination address is 3 bytes long; 1, 2 or 4 are allowed");
        byte[] noEnd = Vectors.bytes("7EA00B" + "02020202" + "02" + "21" + "93" + "0000" + "7E");
        HdlcChecksum.write(noEnd, 1, 9);
        assertThat(decodeThenGood(noEnd).onlyFailure().reason())
                .isEqualTo("destination address is longer than 4 bytes (no extension bit in the first four)");
    }

    @Test
    void informationWhereTheTypeAllowsNone() {
        byte[] b = Vectors.bytes("7EA00A032153" + "0000" + "AA" + "0000" + "7E");
        HdlcChecksum.write(b, 1, 5);
        HdlcChecksum.write(b, 1, 8);
        assertThat(decodeThenGood(b).onlyFailure().reason())
                .isEqualTo("DISC frame carries an information field, which it may not");
    }

    @Test
    void segmentationBitOnAnUnnumberedCommand() {
        byte[] b = Vectors.bytes("7EA807032153" + "0000" + "7E");
        HdlcChecksum.write(b, 1, 5);
        assertThat(decodeThenGood(b).onlyFailure().reason()).isEqualTo("segmentation bit set on a DISC frame");
    }

    @Test
    void interFrameTimeoutDropsAStalePartialFrame() {
        HdlcTesting.Recording listener = new HdlcTesting.Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameDecoder(HdlcFrame.MAX_FRAME_LENGTH,
                Duration.ofMillis(500), listener));
        byte[] good = GOOD.toBytes();
        ch.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOf(good, 10)));
        HdlcTesting.advance(ch, 300);
        ch.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(good, 10, 14)));
        assertThat(HdlcTesting.inbound(ch)).isEmpty();
        HdlcTesting.advance(ch, 250); // 550 ms since the frame began
        List<Object> out = HdlcTesting.inbound(ch);
        assertThat(out).hasSize(1);
        MalformedHdlcInput m = (MalformedHdlcInput) out.get(0);
        assertThat(m.reason()).startsWith("truncated frame: 14 bytes of a frame of length " + GOOD.frameLength());
        assertThat(m.bytes()).isEqualTo(java.util.Arrays.copyOf(good, 14));
        assertThat(listener.malformed).hasSize(1);
        // the rest of the lost frame is now garbage, and the next frame decodes
        ch.writeInbound(Unpooled.wrappedBuffer(concat(java.util.Arrays.copyOfRange(good, 14, good.length), RR.toBytes())));
        out = HdlcTesting.inbound(ch);
        assertThat(out).last().isEqualTo(RR);
        // a frame that completes in time is not affected, and an idle flag arms nothing
        ch.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOf(good, 10)));
        HdlcTesting.advance(ch, 400);
        ch.writeInbound(Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(good, 10, good.length)));
        HdlcTesting.advance(ch, 5000);
        assertThat(HdlcTesting.inbound(ch)).containsExactly(GOOD);
        ch.finishAndReleaseAll();
    }

    @Test
    void encoderReportsEveryFrameSent() {
        HdlcTesting.Recording listener = new HdlcTesting.Recording();
        EmbeddedChannel ch = new EmbeddedChannel(new HdlcFrameEncoder(listener));
        ch.writeOutbound(GOOD, RR);
        assertThat(HdlcTesting.outboundBytes(ch)).isEqualTo(concat(GOOD.toBytes(), RR.toBytes()));
        assertThat(listener.sent).containsExactly(Vectors.hex(GOOD.toBytes()), Vectors.hex(RR.toBytes()));
    }
}
