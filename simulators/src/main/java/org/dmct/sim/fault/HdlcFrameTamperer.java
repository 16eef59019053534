package org.dmct.sim.fault;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import org.dmct.dlms.hdlc.HdlcAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Damages and repeats HDLC frames on their way out of a simulated installation, frame by frame as a noisy line
 * does, for the devices whose {@code corrupted-frames} or {@code duplicated-frames} fault says so: the frame's
 * source address names the device. A corrupted frame has one bit flipped in its frame check sequence or in its
 * information field (the client's FCS check fails either way, and a retransmission meets the fault again); a
 * duplicated frame goes out twice with the same sequence numbers. UI frames (notifications) pass untouched. It sits at the head of the pipeline, where each
 * outbound buffer is one encoded frame.
 */
public final class HdlcFrameTamperer extends ChannelOutboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HdlcFrameTamperer.class);
    private static final int FLAG = 0x7E;

    private final Map<Integer, DeviceFaults> faultsByLogicalDevice;

    public HdlcFrameTamperer(Map<Integer, DeviceFaults> faultsByLogicalDevice) {
        this.faultsByLogicalDevice = Map.copyOf(faultsByLogicalDevice);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf) || buf.readableBytes() < 9) {
            ctx.write(msg, promise);
            return;
        }
        byte[] frame = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), frame);
        int[] layout = layout(frame);
        DeviceFaults faults = layout == null ? null : faultsByLogicalDevice.get(layout[0]);
        if (faults == null || layout[3] == 1) {
            ctx.write(msg, promise);
            return;
        }
        DeviceFaults.Corruption corruption = faults.corruptNext(true);
        boolean twice = faults.duplicateNext();
        if (corruption == DeviceFaults.Corruption.NONE && !twice) {
            ctx.write(msg, promise);
            return;
        }
        buf.release();
        if (corruption != DeviceFaults.Corruption.NONE) {
            int from = corruption == DeviceFaults.Corruption.PAYLOAD && layout[2] > layout[1] ? layout[1]
                    : frame.length - 3;
            int to = corruption == DeviceFaults.Corruption.PAYLOAD && layout[2] > layout[1] ? layout[2]
                    : frame.length - 1;
            flip(frame, from, to, faults);
            LOG.debug("{}: HDLC frame corrupted in its {} (fault injected)", faults.deviceId(), corruption);
        }
        if (twice) {
            ctx.write(Unpooled.wrappedBuffer(frame.clone()), ctx.voidPromise());
        }
        ctx.write(Unpooled.wrappedBuffer(frame), promise);
    }

    /** Flips one bit in [from, to), never making a flag byte that would split the frame on the line. */
    private static void flip(byte[] frame, int from, int to, DeviceFaults faults) {
        int bit = faults.nextBitIndex((to - from) * 8);
        int at = from + bit / 8;
        byte flipped = (byte) (frame[at] ^ (1 << (bit % 8)));
        if ((flipped & 0xFF) == FLAG) {
            flipped = (byte) (frame[at] ^ (1 << ((bit + 1) % 8)));
        }
        frame[at] = flipped;
    }

    /**
     * The source (server) logical device, where the information field starts and ends, and 1 for a UI frame (else
     * 0), or null when the bytes
     * are not a frame this can read: flag, format (2), destination and source addresses (extension bit ends each),
     * control, then HCS (2) and information when the frame is longer than its header, FCS (2), flag.
     */
    private static int[] layout(byte[] f) {
        if ((f[0] & 0xFF) != FLAG || (f[f.length - 1] & 0xFF) != FLAG) {
            return null;
        }
        int at = 3;
        int destinationEnd = addressEnd(f, at);
        if (destinationEnd < 0) {
            return null;
        }
        int sourceEnd = addressEnd(f, destinationEnd);
        if (sourceEnd < 0) {
            return null;
        }
        int length = sourceEnd - destinationEnd;
        if (length != 1 && length != 2 && length != 4) {
            return null;
        }
        int upper = HdlcAddress.read(f, destinationEnd, length).upper();
        int control = sourceEnd;
        // UI frames carry notifications, which faults leave alone (poll/final bit aside, UI is 0x03).
        int unnumberedInformation = (f[control] & 0xEF) == 0x03 ? 1 : 0;
        int infoStart = control + 3;
        int infoEnd = f.length - 3;
        return new int[] {upper, infoStart, Math.max(infoStart, infoEnd), unnumberedInformation};
    }

    private static int addressEnd(byte[] f, int at) {
        for (int i = at; i < Math.min(f.length - 3, at + 4); i++) {
            if ((f[i] & 1) == 1) {
                return i + 1;
            }
        }
        return -1;
    }
}
