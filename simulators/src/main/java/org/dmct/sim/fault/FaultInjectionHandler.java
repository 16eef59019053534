package org.dmct.sim.fault;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.AcseServiceUserDiagnostic;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.ResultSourceDiagnostic;
import org.dmct.dlms.hdlc.HdlcServerRequest;
import org.dmct.dlms.hdlc.HdlcServerResponse;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects the faults of a simulated installation's devices into one line, between the framing (wrapper or HDLC
 * server link) and the installation's handler, so that it sees which logical device each request is for and each
 * answer is from. Inbound, it refuses association requests the {@code association-refused} fault refuses (an AARE
 * rejected-permanent, as a device whose association table is full). Outbound, for answers only (notifications pass
 * untouched): the device reboots instead of sending the next block of a block transfer ({@code reboot-mid-transfer}:
 * the connection drops, the device's state is kept), an answer is lost ({@code dropped-responses}), on the wrapper
 * its APDU header has a bit flipped ({@code corrupted-frames}) or it is sent twice ({@code duplicated-frames}) - on
 * HDLC those two strike frame by frame in {@link HdlcFrameTamperer} - and it leaves late ({@code latency}) on a timer
 * of the channel's event loop.
 */
public final class FaultInjectionHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionHandler.class);
    /** Tags of plain notifications: data-notification and event-notification-request. */
    private static final int DATA_NOTIFICATION = 0x0F;
    private static final int EVENT_NOTIFICATION = 0xC2;

    private final Map<Integer, DeviceFaults> faultsByLogicalDevice;

    /** @param faultsByLogicalDevice the faults of each device of the installation, by its logical device address */
    public FaultInjectionHandler(Map<Integer, DeviceFaults> faultsByLogicalDevice) {
        this.faultsByLogicalDevice = Map.copyOf(faultsByLogicalDevice);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WrapperFrame frame && refused(frame.destinationWPort(), frame.payload())) {
            ctx.writeAndFlush(WrapperFrame.of(frame.destinationWPort(), frame.sourceWPort(),
                    ApduCodec.encode(rejection((AarqApdu) ApduCodec.decode(frame.payload()).apdu()))));
            return;
        }
        if (msg instanceof HdlcServerRequest request && request.result().isSuccess()
                && request.result().apdu() instanceof AarqApdu aarq
                && refuses(request.serverLogicalAddress())) {
            ctx.writeAndFlush(HdlcServerResponse.of(request.clientAddress(), request.serverLogicalAddress(),
                    rejection(aarq)));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean refused(int logicalDevice, byte[] payload) {
        if (payload.length == 0 || (payload[0] & 0xFF) != 0x60) {
            return false;
        }
        ApduDecodeResult decoded = ApduCodec.decode(payload);
        return decoded.isSuccess() && decoded.apdu() instanceof AarqApdu && refuses(logicalDevice);
    }

    private boolean refuses(int logicalDevice) {
        DeviceFaults f = faultsByLogicalDevice.get(logicalDevice);
        if (f != null && f.refuseAssociation()) {
            LOG.debug("{}: association refused (fault injected)", f.deviceId());
            return true;
        }
        return false;
    }

    private static AareApdu rejection(AarqApdu aarq) {
        return AareApdu.rejected(aarq.applicationContextName(), AssociationResult.REJECTED_PERMANENT,
                ResultSourceDiagnostic.user(AcseServiceUserDiagnostic.NO_REASON_GIVEN), null);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        int logicalDevice;
        byte[] apdu;
        if (msg instanceof WrapperFrame frame) {
            logicalDevice = frame.sourceWPort();
            apdu = frame.payload();
        } else if (msg instanceof HdlcServerResponse response && !response.unsolicited()) {
            logicalDevice = response.serverLogicalAddress();
            apdu = response.apdu();
        } else {
            ctx.write(msg, promise);
            return;
        }
        DeviceFaults faults = faultsByLogicalDevice.get(logicalDevice);
        if (faults == null || faults.isEmpty() || isNotification(apdu)) {
            ctx.write(msg, promise);
            return;
        }
        if (isBlock(apdu) && faults.rebootBeforeBlock()) {
            LOG.debug("{}: reboot in the middle of a block transfer (fault injected)", faults.deviceId());
            promise.trySuccess();
            ctx.close();
            return;
        }
        if (faults.dropNext()) {
            LOG.debug("{}: answer dropped (fault injected)", faults.deviceId());
            promise.trySuccess();
            return;
        }
        Object out = msg;
        boolean twice = false;
        if (msg instanceof WrapperFrame frame) {
            if (faults.corruptNext(false) == DeviceFaults.Corruption.HEADER) {
                out = WrapperFrame.of(frame.sourceWPort(), frame.destinationWPort(), flipHeaderBit(apdu, faults));
            }
            twice = faults.duplicateNext();
        }
        long delay = faults.nextLatency().toNanos();
        Object send = out;
        boolean duplicate = twice;
        Runnable sending = () -> {
            if (duplicate) {
                ctx.write(send, ctx.voidPromise());
            }
            ctx.writeAndFlush(send, promise);
        };
        if (delay > 0) {
            ctx.executor().schedule(sending, delay, TimeUnit.NANOSECONDS);
        } else {
            ctx.write(send, promise);
            if (duplicate) {
                ctx.write(send, ctx.voidPromise());
            }
        }
    }

    /** A bit of the APDU's first two bytes (its tag and choice) flipped: what any client notices. */
    private static byte[] flipHeaderBit(byte[] apdu, DeviceFaults faults) {
        byte[] copy = apdu.clone();
        int bits = Math.min(2, copy.length) * 8;
        if (bits == 0) {
            return copy;
        }
        int bit = faults.nextBitIndex(bits);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static boolean isNotification(byte[] apdu) {
        return apdu.length > 0 && ((apdu[0] & 0xFF) == DATA_NOTIFICATION || (apdu[0] & 0xFF) == EVENT_NOTIFICATION);
    }

    /**
     * A block of a block transfer: a get-response-with-datablock, a set-response-datablock or -last-datablock, or an
     * action-response-with-pblock (plain APDUs; a ciphered one cannot be told apart and is not counted).
     */
    private static boolean isBlock(byte[] apdu) {
        if (apdu.length < 2) {
            return false;
        }
        int tag = apdu[0] & 0xFF;
        int choice = apdu[1] & 0xFF;
        return (tag == 0xC4 && choice == 0x02) || (tag == 0xC5 && (choice == 0x02 || choice == 0x03))
                || (tag == 0xC7 && choice == 0x02);
    }
}
