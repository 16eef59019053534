package org.dmct.dlms.hdlc.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.hdlc.HdlcAddress;
import org.dmct.dlms.hdlc.HdlcFrame;
import org.dmct.dlms.hdlc.HdlcFrameType;
import org.dmct.dlms.hdlc.HdlcLinkFailure;
import org.dmct.dlms.hdlc.HdlcParameters;
import org.dmct.dlms.hdlc.HdlcServerRequest;
import org.dmct.dlms.hdlc.HdlcServerResponse;
import org.dmct.dlms.hdlc.HdlcServerSettings;
import org.dmct.dlms.hdlc.MalformedHdlcInput;

/**
 * The server (secondary station) side of an IEC 62056-46 line that serves several logical
 * devices, keeping one independent data link per (client address, logical device): SNRM opens
 * or resets it with the negotiated parameters (UA), or is refused with DM for a logical device
 * not served or malformed parameters; DISC closes it (UA, or DM if it was not open); any other
 * command on a link that is not open gets DM. Segmented requests are reassembled and delivered
 * as {@link HdlcServerRequest}; responses are sent when the client has given the line (poll bit),
 * segmented and windowed, with the final bit on the last frame of each window, then wait for the
 * client's RR; an RR whose N(R) is behind V(S) makes the server send again from N(R). A frame
 * that breaks the rules (N(R) acknowledging frames never sent, information longer than agreed)
 * gets FRMR, and the link stays in that condition until the client resets or closes it. Only the
 * client's frames drive the exchange, so the server keeps no timers.
 */
public final class HdlcServerLink extends ChannelDuplexHandler {

    private record Key(int client, int logicalDevice) { }

    private record Pending(byte[] bytes, ChannelPromise promise) { }

    private static final class Connection {
        final Key key;
        final HdlcAddress client;
        final HdlcAddress server;
        final HdlcParameters agreed;
        final SendWindow<ChannelPromise> window = new SendWindow<>();
        final Deque<Pending> responses = new ArrayDeque<>();
        final Reassembly requestSegments = new Reassembly();
        final Reassembly unnumberedSegments = new Reassembly();
        int receiveState;
        /** The client polled and has not yet been answered with the final bit: the line is ours. */
        boolean holdsLine;
        boolean peerBusy;
        byte[] rejection;

        Connection(Key key, HdlcAddress client, HdlcAddress server, HdlcParameters agreed) {
            this.key = key;
            this.client = client;
            this.server = server;
            this.agreed = agreed;
        }
    }

    private final HdlcServerSettings settings;
    private final Map<Key, Connection> connections = new HashMap<>();
    private ChannelHandlerContext ctx;

    /** @param settings the served logical devices and limits */
    public HdlcServerLink(HdlcServerSettings settings) {
        this.settings = settings;
    }

    /**
     * @param clientAddress the client
     * @param logicalDevice the logical device
     * @return true if that data link is open
     */
    public boolean isConnected(int clientAddress, int logicalDevice) {
        return connections.containsKey(new Key(clientAddress, logicalDevice));
    }

    /**
     * @param clientAddress the client
     * @param logicalDevice the logical device
     * @return the parameters agreed on that link (server's point of view), or null if it is not open
     */
    public HdlcParameters agreedParameters(int clientAddress, int logicalDevice) {
        Connection c = connections.get(new Key(clientAddress, logicalDevice));
        return c == null ? null : c.agreed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Connection c : connections.values()) {
            failResponses(c, "the connection closed");
        }
        connections.clear();
        ctx.fireChannelInactive();
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
        HdlcAddress server = f.destination();
        HdlcAddress client = f.source();
        if (client.length() != 1) {
            report(f, "client address must be one byte, got " + client);
            return;
        }
        if (settings.physicalAddress() != HdlcServerSettings.ANY_PHYSICAL_ADDRESS && server.hasLower()
                && server.lower() != settings.physicalAddress()) {
            report(f, "frame for physical device " + server.lower() + "; this server is physical device "
                    + settings.physicalAddress());
            return;
        }
        Key key = new Key(client.upper(), server.upper());
        switch (f.type()) {
            case SNRM -> onSnrm(f, key);
            case DISC -> {
                Connection c = connections.remove(key);
                if (c != null) {
                    failResponses(c, "the client disconnected (DISC)");
                    reply(HdlcFrame.ua(client, server, null));
                } else {
                    reply(HdlcFrame.dm(client, server));
                }
            }
            case I, RR, RNR, UI -> {
                Connection c = connections.get(key);
                if (c == null) {
                    if (f.pollFinal() || f.type() == HdlcFrameType.I) {
                        reply(HdlcFrame.dm(client, server));
                    }
                    return;
                }
                onData(c, f);
            }
            default -> report(f, "a server never receives " + f.type() + ", a response");
        }
    }

    private void onSnrm(HdlcFrame f, Key key) {
        HdlcAddress client = f.source();
        HdlcAddress server = f.destination();
        if (!settings.logicalAddresses().contains(server.upper())) {
            reply(HdlcFrame.dm(client, server));
            return;
        }
        HdlcParameters proposal;
        try {
            proposal = HdlcParameters.decode(f.information());
        } catch (IllegalArgumentException e) {
            reply(HdlcFrame.dm(client, server));
            ctx.fireChannelRead(new HdlcLinkFailure("SNRM from client " + client + " to logical device "
                    + server.upper() + " refused: " + e.getMessage(), f.toBytes()));
            return;
        }
        Connection old = connections.remove(key);
        if (old != null) {
            failResponses(old, "the client reset the link (SNRM)");
        }
        Connection c = new Connection(key, client, server, settings.limits().answer(proposal));
        connections.put(key, c);
        reply(HdlcFrame.ua(client, server, c.agreed));
    }

    private void onData(Connection c, HdlcFrame f) {
        if (c.rejection != null) {
            if (f.pollFinal()) {
                replyFinal(c, HdlcFrame.frmr(c.client, c.server, c.rejection));
            }
            return;
        }
        switch (f.type()) {
            case I -> onInformation(c, f);
            case RR, RNR -> onSupervisory(c, f);
            default -> onUnnumberedInformation(c, f);
        }
    }

    private void onInformation(Connection c, HdlcFrame f) {
        if (f.informationLength() > c.agreed.maxInformationReceive()) {
            reject(c, f, HdlcFrame.FRMR_Y, "information field of " + f.informationLength()
                    + " bytes exceeds the negotiated maximum of " + c.agreed.maxInformationReceive());
            return;
        }
        boolean inSequence = f.sendSequence() == c.receiveState;
        if (!c.window.acknowledge(f.receiveSequence()) && inSequence) {
            reject(c, f, HdlcFrame.FRMR_Z, "N(R) " + f.receiveSequence() + " acknowledges frames never sent (V(S) "
                    + c.window.sendState() + ")");
            return;
        }
        if (!inSequence) {
            // A repeat, or a frame after a lost one: discard it, and when polled tell the client where to resume.
            if (f.pollFinal()) {
                replyFinal(c, HdlcFrame.rr(c.client, c.server, c.receiveState, true));
            }
            return;
        }
        c.receiveState = (c.receiveState + 1) & 7;
        c.requestSegments.append(f.information());
        if (f.segmented()) {
            if (f.pollFinal()) {
                replyFinal(c, HdlcFrame.rr(c.client, c.server, c.receiveState, true));
            }
            return;
        }
        if (f.pollFinal()) {
            c.holdsLine = true;
        }
        deliver(c, c.requestSegments);
        if (c.holdsLine && !c.responses.isEmpty()) {
            transmit(c);
        }
    }

    private void onSupervisory(Connection c, HdlcFrame f) {
        if (!c.window.acknowledge(f.receiveSequence())) {
            reject(c, f, HdlcFrame.FRMR_Z, "N(R) " + f.receiveSequence() + " acknowledges frames never sent (V(S) "
                    + c.window.sendState() + ")");
            return;
        }
        c.peerBusy = f.type() == HdlcFrameType.RNR;
        if (!f.pollFinal()) {
            return;
        }
        if (!c.peerBusy && c.window.hasUnacknowledged()) {
            c.window.rewind();
        }
        c.holdsLine = true;
        if (!transmit(c)) {
            replyFinal(c, HdlcFrame.rr(c.client, c.server, c.receiveState, true));
        }
    }

    private void onUnnumberedInformation(Connection c, HdlcFrame f) {
        c.unnumberedSegments.append(f.information());
        if (f.pollFinal()) {
            c.holdsLine = true;
        }
        if (!f.segmented()) {
            deliver(c, c.unnumberedSegments);
        }
    }

    private void deliver(Connection c, Reassembly segments) {
        boolean overflowed = segments.overflowed();
        long total = segments.total();
        byte[] bytes = segments.take();
        ApduDecodeResult result = overflowed
                ? ApduDecodeResult.failure("segmented APDU of " + total + " bytes exceeds the limit of "
                        + Reassembly.MAX_BYTES, bytes.length, bytes)
                : Llc.decode(Llc.REQUEST, bytes);
        ctx.fireChannelRead(new HdlcServerRequest(c.key.client(), c.key.logicalDevice(), result));
    }

    private void reject(Connection c, HdlcFrame f, int reasonBit, String reason) {
        c.rejection = HdlcFrame.frmrInformation(f.control(), c.window.sendState(), c.receiveState, reasonBit);
        c.holdsLine = false;
        reply(HdlcFrame.frmr(c.client, c.server, c.rejection));
        failResponses(c, "frame rejected");
        ctx.fireChannelRead(new HdlcLinkFailure("client " + c.key.client() + " to logical device "
                + c.key.logicalDevice() + ": " + f.type() + " rejected with FRMR: " + reason, f.toBytes()));
    }

    private void report(HdlcFrame f, String reason) {
        ctx.fireChannelRead(new MalformedHdlcInput("unexpected frame: " + reason, 0, f.toBytes()));
    }

    // ------------------------------------------------------------------ outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HdlcServerResponse r)) {
            ctx.write(msg, promise);
            return;
        }
        Connection c = connections.get(new Key(r.clientAddress(), r.serverLogicalAddress()));
        if (c == null || c.rejection != null) {
            promise.setFailure(new IOException("no HDLC link open from client " + r.clientAddress()
                    + " to logical device " + r.serverLogicalAddress()));
            return;
        }
        byte[] bytes = Llc.prefix(Llc.RESPONSE, r.apdu());
        if (r.unsolicited()) {
            sendUnnumbered(c, bytes, promise);
            return;
        }
        c.responses.add(new Pending(bytes, promise));
        if (c.holdsLine) {
            transmit(c);
        }
    }

    /** @return false if there was nothing to send (or the client is busy) */
    private boolean transmit(Connection c) {
        if (c.peerBusy) {
            return false;
        }
        if (c.window.isEmpty()) {
            Pending next;
            while ((next = c.responses.poll()) != null) {
                if (next.promise().setUncancellable()) {
                    c.window.add(next.bytes(), c.agreed.maxInformationTransmit(), next.promise());
                    break;
                }
            }
        }
        if (!c.window.hasUnsent()) {
            return false;
        }
        List<SendWindow.Numbered<ChannelPromise>> batch = c.window.nextWindow(c.agreed.windowTransmit());
        for (int i = 0; i < batch.size(); i++) {
            SendWindow.Numbered<ChannelPromise> n = batch.get(i);
            HdlcFrame frame = HdlcFrame.iFrame(c.client, c.server, n.sendSequence(), c.receiveState,
                    i == batch.size() - 1, n.segment().segmented(), n.segment().information());
            complete(ctx.write(frame), n.segment().takeAttachment());
        }
        ctx.flush();
        c.holdsLine = false;
        return true;
    }

    private void sendUnnumbered(Connection c, byte[] bytes, ChannelPromise promise) {
        int max = c.agreed.maxInformationTransmit();
        int at = 0;
        do {
            int n = Math.min(max, bytes.length - at);
            byte[] piece = new byte[n];
            System.arraycopy(bytes, at, piece, 0, n);
            at += n;
            boolean last = at >= bytes.length;
            complete(ctx.write(HdlcFrame.ui(c.client, c.server, false, !last, piece)), last ? promise : null);
        } while (at < bytes.length);
        ctx.flush();
    }

    private static void complete(ChannelFuture written, ChannelPromise promise) {
        if (promise != null) {
            written.addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(f.cause());
                }
            });
        }
    }

    /** Answers with the final bit, which hands the line back to the client. */
    private void replyFinal(Connection c, HdlcFrame frame) {
        c.holdsLine = false;
        reply(frame);
    }

    private void reply(HdlcFrame frame) {
        ctx.writeAndFlush(frame);
    }

    private static void failResponses(Connection c, String reason) {
        IOException cause = new IOException("HDLC link from client " + c.key.client() + " to logical device "
                + c.key.logicalDevice() + ": " + reason);
        List<ChannelPromise> promises = new ArrayList<>(c.window.reset());
        c.responses.forEach(p -> promises.add(p.promise()));
        c.responses.clear();
        promises.forEach(p -> p.tryFailure(cause));
    }
}
