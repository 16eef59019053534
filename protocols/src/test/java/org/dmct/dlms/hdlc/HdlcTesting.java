package org.dmct.dlms.hdlc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.RawFrameListener;
import org.dmct.dlms.Vectors;

/** Helpers shared by the HDLC tests: a recording listener and moving frames in and out of embedded channels. */
final class HdlcTesting {

    static final HdlcAddress CLIENT = HdlcAddress.client(16);
    static final HdlcAddress SERVER = HdlcAddress.server(1, 0, 1);
    static final byte[] LLC_REQUEST = {(byte) 0xE6, (byte) 0xE6, 0x00};
    static final byte[] LLC_RESPONSE = {(byte) 0xE6, (byte) 0xE7, 0x00};

    private HdlcTesting() { }

    /** Keeps what a RawFrameListener was told, in order, as hex. */
    static final class Recording implements RawFrameListener {
        final List<String> sent = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        final List<String> malformed = new ArrayList<>();

        @Override
        public synchronized void frameSent(byte[] frame) {
            sent.add(Vectors.hex(frame));
        }

        @Override
        public synchronized void frameReceived(byte[] frame) {
            received.add(Vectors.hex(frame));
        }

        @Override
        public synchronized void malformedFrameReceived(byte[] bytes, String reason) {
            malformed.add(Vectors.hex(bytes) + " " + reason);
        }
    }

    /** @return every byte the channel has written, in order */
    static byte[] outboundBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** @return the frames in some bytes, decoded by a fresh decoder (which must find nothing malformed) */
    static List<HdlcFrame> frames(byte[] bytes) {
        EmbeddedChannel decoder = new EmbeddedChannel(new HdlcFrameDecoder());
        decoder.writeInbound(Unpooled.wrappedBuffer(bytes));
        List<HdlcFrame> frames = new ArrayList<>();
        Object o;
        while ((o = decoder.readInbound()) != null) {
            if (!(o instanceof HdlcFrame f)) {
                throw new AssertionError("our own output did not decode: " + o);
            }
            frames.add(f);
        }
        decoder.finishAndReleaseAll();
        return frames;
    }

    /** @return the frames the channel has written since the last call */
    static List<HdlcFrame> sentFrames(EmbeddedChannel ch) {
        return frames(outboundBytes(ch));
    }

    /** Feeds frames into the channel as bytes. */
    static void receive(EmbeddedChannel ch, HdlcFrame... frames) {
        for (HdlcFrame f : frames) {
            ch.writeInbound(Unpooled.wrappedBuffer(f.toBytes()));
        }
    }

    /** Feeds raw bytes into the channel. */
    static void receive(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /** @return the messages the channel has passed up, in order */
    static List<Object> inbound(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    /** Moves the channel's clock on and runs what became due. */
    static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
