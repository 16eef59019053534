package org.dmct.dlms.hdlc.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.hdlc.HdlcAddress;
import org.dmct.dlms.hdlc.HdlcClientSettings;
import org.dmct.dlms.hdlc.HdlcFrame;
import org.dmct.dlms.hdlc.HdlcFrameType;
import org.dmct.dlms.hdlc.HdlcLinkFailure;
import org.dmct.dlms.hdlc.HdlcParameters;
import org.dmct.dlms.hdlc.MalformedHdlcInput;
import org.dmct.dlms.internal.Hex;

/**
 * The client (primary station) of one IEC 62056-46 data link in normal response mode. Opens the
 * link with SNRM when the channel becomes active and holds APDUs written before UA; segments
 * APDUs into I-frames within the negotiated length and window, setting the poll bit on the last
 * frame of each window and then leaving the line to the server until a frame with the final bit
 * comes back; reassembles segmented answers, asking for each next window with RR as soon as a window
 * is complete (at the final bit, or when the server has sent a whole receive window without it, as
 * jDLMS 1.8.0 does on a window-1 link); checks N(S) and
 * N(R), keeping sent frames until acknowledged so that an RR whose N(R) is behind V(S) makes it
 * send them again (a complete answer acknowledges the whole request, since some servers leave
 * N(R) in their I-frames stale); polls with RR after the response timeout, a bounded number of times, before failing the
 * link. DISC on close. Every timer runs on the channel's event loop.
 */
public final class HdlcClientLink extends ChannelDuplexHandler {

    private enum State { WAITING_FOR_CHANNEL, CONNECTING, CONNECTED, DISCONNECTING, DOWN }

    private record Pending(byte[] bytes, ChannelPromise promise) { }

    private final HdlcClientSettings settings;
    private final HdlcAddress client;
    private final HdlcAddress server;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final SendWindow<ChannelPromise> window = new SendWindow<>();
    private final Reassembly informationSegments = new Reassembly();
    private final Reassembly unnumberedSegments = new Reassembly();
    private ChannelHandlerContext ctx;
    private State state = State.WAITING_FOR_CHANNEL;
    private HdlcParameters agreed = HdlcParameters.DEFAULT;
    private int receiveState;
    /** True from sending a frame with the poll bit until a frame with the final bit arrives: the server has the line. */
    private boolean awaitingFinal;
    /**
     * In-sequence I-frames received since the line was last handed to the server: once they fill our receive window
     * the server can send nothing more until acknowledged, final bit or not (jDLMS 1.8.0 leaves it clear).
     */
    private int receivedThisWindow;
    private boolean peerBusy;
    private int outstandingRequests;
    private int retries;
    private ScheduledFuture<?> timer;
    private ChannelPromise closePromise;
    private String downReason = "";

    /** @param settings addresses, proposal and timing */
    public HdlcClientLink(HdlcClientSettings settings) {
        this.settings = settings;
        this.client = settings.clientHdlcAddress();
        this.server = settings.serverHdlcAddress();
    }

    /** @return the parameters in force (the defaults before UA), from the client's point of view */
    public HdlcParameters agreedParameters() {
        return agreed;
    }

    /** @return true once UA has opened the link and until it fails or closes */
    public boolean isConnected() {
        return state == State.CONNECTED;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            connect();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connect();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        if (state != State.DOWN) {
            state = State.DOWN;
            downReason = "the connection closed";
            failWrites(new IOException("HDLC link: the connection closed"));
        }
        if (closePromise != null) {
            // The peer closed the connection while we waited for the answer to DISC: nothing left to wait for.
            ChannelPromise p = closePromise;
            closePromise = null;
            ctx.close(p);
        }
        ctx.fireChannelInactive();
    }

    private void connect() {
        if (state != State.WAITING_FOR_CHANNEL) {
            return;
        }
        state = State.CONNECTING;
        retries = 0;
        send(HdlcFrame.snrm(server, client, settings.proposed()));
    }

    // ------------------------------------------------------------------ outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Apdu apdu)) {
            ctx.write(msg, promise);
            return;
        }
        byte[] bytes;
        try {
            bytes = Llc.prefix(Llc.REQUEST, ApduCodec.encode(apdu));
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        if (state == State.DOWN || state == State.DISCONNECTING) {
            promise.setFailure(new IOException(state == State.DOWN ? "HDLC link is down: " + downReason
                    : "HDLC link is closing"));
            return;
        }
        queue.add(new Pending(bytes, promise));
        if (state == State.CONNECTED && !awaitingFinal) {
            proceed();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (state == State.CONNECTED && ctx.channel().isActive()) {
            state = State.DISCONNECTING;
            closePromise = promise;
            retries = 0;
            failWrites(new IOException("HDLC link is closing"));
            send(HdlcFrame.disc(server, client));
            return;
        }
        if (state != State.DISCONNECTING) {
            disarm();
            state = State.DOWN;
            downReason = "closed";
            failWrites(new IOException("HDLC link closed"));
        }
        ctx.close(promise);
    }

    /** With the line ours: send what is waiting, or wait for the answer still owed and poll for it later. */
    private void proceed() {
        if (peerBusy) {
            arm();
            return;
        }
        if (window.isEmpty()) {
            Pending next;
            while ((next = queue.poll()) != null) {
                if (next.promise().setUncancellable()) {
                    window.add(next.bytes(), agreed.maxInformationTransmit(), next.promise());
                    break;
                }
            }
        }
        if (window.hasUnsent()) {
            sendWindow();
        } else if (window.hasUnacknowledged() || outstandingRequests > 0) {
            arm();
        }
    }

    private void sendWindow() {
        List<SendWindow.Numbered<ChannelPromise>> batch = window.nextWindow(agreed.windowTransmit());
        for (int i = 0; i < batch.size(); i++) {
            SendWindow.Numbered<ChannelPromise> n = batch.get(i);
            boolean last = i == batch.size() - 1;
            HdlcFrame frame = HdlcFrame.iFrame(server, client, n.sendSequence(), receiveState, last,
                    n.segment().segmented(), n.segment().information());
            ChannelPromise written = n.segment().takeAttachment();
            ChannelFuture future = ctx.write(frame);
            if (written != null) {
                outstandingRequests++;
                future.addListener(f -> {
                    if (f.isSuccess()) {
                        written.trySuccess();
                    } else {
                        written.tryFailure(f.cause());
                    }
                });
            }
        }
        ctx.flush();
        awaitingFinal = true;
        receivedThisWindow = 0;
        arm();
    }

    private void send(HdlcFrame frame) {
        ctx.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                linkDown("could not send " + frame.type() + ": " + f.cause(), new byte[0]);
            }
        });
        if (frame.pollFinal()) {
            awaitingFinal = true;
            receivedThisWindow = 0;
            arm();
        }
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HdlcFrame frame) {
            onFrame(frame);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onFrame(HdlcFrame f) {
        if (!f.destination().equals(client) || !f.source().equals(server)) {
            ctx.fireChannelRead(new MalformedHdlcInput("frame from " + f.source() + " to " + f.destination()
                    + ", expected from " + server + " to " + client, 0, f.toBytes()));
            return;
        }
        if (f.pollFinal()) {
            awaitingFinal = false;
            disarm();
        } else if (awaitingFinal) {
            arm();
        }
        switch (f.type()) {
            case UA -> onUa(f);
            case DM -> onDm(f);
            case FRMR -> linkDown("the server rejected a frame with FRMR" + describeRejection(f.information()),
                    f.toBytes());
            case I -> onInformation(f);
            case RR, RNR -> onSupervisory(f);
            case UI -> onUnnumberedInformation(f);
            default -> unexpected(f, "a client never receives " + f.type() + ", a command");
        }
        if (state == State.CONNECTED && !awaitingFinal) {
            proceed();
        }
    }

    private void onUa(HdlcFrame f) {
        if (state == State.CONNECTING) {
            HdlcParameters answer;
            try {
                answer = HdlcParameters.decode(f.information());
            } catch (IllegalArgumentException e) {
                linkDown("UA carries malformed parameters: " + e.getMessage(), f.toBytes());
                return;
            }
            agreed = settings.proposed().agreed(answer);
            state = State.CONNECTED;
            retries = 0;
            receiveState = 0;
            peerBusy = false;
        } else if (state == State.DISCONNECTING) {
            finishClose();
        } else {
            unexpected(f, "UA while " + state);
        }
    }

    private void onDm(HdlcFrame f) {
        switch (state) {
            case CONNECTING -> linkDown("the server refused the connection: DM in answer to SNRM", f.toBytes());
            case DISCONNECTING -> finishClose();
            case CONNECTED -> linkDown("the server answered DM: it considers the link disconnected", f.toBytes());
            default -> unexpected(f, "DM while " + state);
        }
    }

    private void onInformation(HdlcFrame f) {
        if (state != State.CONNECTED) {
            unexpected(f, "I-frame while " + state);
            return;
        }
        boolean inSequence = f.sendSequence() == receiveState;
        // An N(R) outside V(A)..V(S) in an I-frame is taken as stale rather than fatal: jDLMS 1.8.0 servers
        // leave N(R) at 0 throughout (see the capture). What the request needs is covered below: a complete
        // answer proves the whole request arrived. RR and RNR, whose only content is N(R), stay strict.
        window.acknowledge(f.receiveSequence());
        if (f.informationLength() > agreed.maxInformationReceive()) {
            linkDown("I-frame information field of " + f.informationLength() + " bytes exceeds the negotiated maximum of "
                    + agreed.maxInformationReceive(), f.toBytes());
            return;
        }
        if (inSequence) {
            receiveState = (receiveState + 1) & 7;
            retries = 0;
            informationSegments.append(f.information());
            boolean windowFull = ++receivedThisWindow >= agreed.windowReceive();
            if (windowFull && !f.pollFinal()) {
                // The server has used its whole window, so the line is ours again even without the final bit:
                // waiting for a poll interval would only delay the next window.
                awaitingFinal = false;
                disarm();
            }
            if (!f.segmented()) {
                outstandingRequests = Math.max(0, outstandingRequests - 1);
                if (!window.hasUnsent()) {
                    window.acknowledgeSent();
                }
                deliver(informationSegments);
            } else if (f.pollFinal() || windowFull) {
                send(HdlcFrame.rr(server, client, receiveState, true));
            }
        } else if (f.pollFinal()) {
            // A repeat or a frame after a lost one: either way the server must resume from V(R).
            send(HdlcFrame.rr(server, client, receiveState, true));
        }
    }

    private void onSupervisory(HdlcFrame f) {
        if (state != State.CONNECTED) {
            unexpected(f, f.type() + " while " + state);
            return;
        }
        int newly = window.newlyAcknowledged(f.receiveSequence());
        if (!window.acknowledge(f.receiveSequence())) {
            linkDown(invalidReceiveSequence(f), f.toBytes());
            return;
        }
        if (newly > 0) {
            retries = 0;
        }
        peerBusy = f.type() == HdlcFrameType.RNR;
        if (!peerBusy && f.pollFinal() && window.hasUnacknowledged()) {
            window.rewind();
        }
    }

    private void onUnnumberedInformation(HdlcFrame f) {
        unnumberedSegments.append(f.information());
        if (!f.segmented()) {
            deliver(unnumberedSegments);
        }
    }

    private void deliver(Reassembly segments) {
        boolean overflowed = segments.overflowed();
        long total = segments.total();
        byte[] bytes = segments.take();
        ctx.fireChannelRead(overflowed
                ? ApduDecodeResult.failure("segmented APDU of " + total + " bytes exceeds the limit of "
                        + Reassembly.MAX_BYTES, bytes.length, bytes)
                : Llc.decodeResponse(bytes));
    }

    private String invalidReceiveSequence(HdlcFrame f) {
        return f.type() + " with N(R) " + f.receiveSequence() + " acknowledges frames never sent (V(S) "
                + window.sendState() + ")";
    }

    private void unexpected(HdlcFrame f, String reason) {
        ctx.fireChannelRead(new MalformedHdlcInput("unexpected frame: " + reason, 0, f.toBytes()));
    }

    // ------------------------------------------------------------------ timers and failure

    private void arm() {
        disarm();
        timer = ctx.executor().schedule(this::onTimeout, settings.responseTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onTimeout() {
        timer = null;
        if (state == State.DOWN || state == State.WAITING_FOR_CHANNEL) {
            return;
        }
        if (retries >= settings.maxRetries()) {
            String awaited = switch (state) {
                case CONNECTING -> "UA or DM in answer to SNRM";
                case DISCONNECTING -> "UA or DM in answer to DISC";
                default -> "a frame with the final bit";
            };
            linkDown(HdlcLinkFailure.SILENCE + ": waited " + settings.responseTimeout().toMillis() + " ms for "
                    + awaited + ", " + (retries + 1) + " times", new byte[0]);
            return;
        }
        retries++;
        switch (state) {
            case CONNECTING -> send(HdlcFrame.snrm(server, client, settings.proposed()));
            case DISCONNECTING -> send(HdlcFrame.disc(server, client));
            default -> send(HdlcFrame.rr(server, client, receiveState, true));
        }
    }

    private void linkDown(String reason, byte[] bytes) {
        if (state == State.DOWN) {
            return;
        }
        state = State.DOWN;
        downReason = reason;
        disarm();
        failWrites(new IOException("HDLC link failed: " + reason));
        informationSegments.clear();
        unnumberedSegments.clear();
        ctx.fireChannelRead(new HdlcLinkFailure(reason, bytes));
        ctx.fireChannelReadComplete();
        if (closePromise != null) {
            ChannelPromise p = closePromise;
            closePromise = null;
            ctx.close(p);
        }
    }

    private void finishClose() {
        disarm();
        state = State.DOWN;
        downReason = "closed";
        ChannelPromise p = closePromise;
        closePromise = null;
        if (p != null) {
            ctx.close(p);
        }
    }

    private void failWrites(IOException cause) {
        List<ChannelPromise> promises = new ArrayList<>(window.reset());
        queue.forEach(p -> promises.add(p.promise()));
        queue.clear();
        outstandingRequests = 0;
        for (ChannelPromise p : promises) {
            p.tryFailure(cause);
        }
    }

    private static String describeRejection(byte[] information) {
        if (information.length < 3) {
            return information.length == 0 ? "" : " (information " + Hex.format(information) + ")";
        }
        List<String> reasons = new ArrayList<>();
        int bits = information[2] & 0xFF;
        if ((bits & HdlcFrame.FRMR_W) != 0) {
            reasons.add("undefined control field");
        }
        if ((bits & HdlcFrame.FRMR_X) != 0) {
            reasons.add("information field not permitted");
        }
        if ((bits & HdlcFrame.FRMR_Y) != 0) {
            reasons.add("information field too long");
        }
        if ((bits & HdlcFrame.FRMR_Z) != 0) {
            reasons.add("invalid N(R)");
        }
        return " (rejected control field " + Hex.byteHex(information[0]) + ": " + String.join(", ", reasons) + ")";
    }
}
