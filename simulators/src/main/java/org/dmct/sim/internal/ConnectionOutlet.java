package org.dmct.sim.internal;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.sim.device.EventOutlet;
import org.dmct.sim.device.RaisedEvent;
import org.dmct.sim.device.SimulatedDevice;

/**
 * One client connection of a simulated installation as a way out for alerts: on the connection's event loop (where
 * its {@link AssociationServer} lives), it sends the device's notification to every client that has an association
 * open with that logical device, framed as the connection frames APDUs. A framing handler attaches one to each
 * device when the connection opens and detaches it when it closes.
 */
public final class ConnectionOutlet implements EventOutlet {
    private final Channel channel;
    private final AssociationServer server;
    private final Framing framing;

    /** How a connection's framing carries an encoded APDU from a logical device to a client (wrapper, HDLC). */
    @FunctionalInterface
    public interface Framing {
        Object frame(int logicalDevice, int client, byte[] apdu);
    }

    /**
     * @param channel the connection
     * @param server its association server
     * @param framing how to frame an encoded APDU for the channel
     */
    public ConnectionOutlet(Channel channel, AssociationServer server, Framing framing) {
        this.channel = channel;
        this.server = server;
        this.framing = framing;
    }

    @Override
    public CompletableFuture<Boolean> offer(SimulatedDevice device, RaisedEvent event) {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        Runnable work = () -> {
            if (!channel.isActive()) {
                sent.complete(false);
                return;
            }
            List<Integer> clients = server.associatedClients(device.logicalDevice());
            if (clients.isEmpty()) {
                sent.complete(false);
                return;
            }
            Apdu notification = Notifications.of(device, event);
            long delay = device.responseDelay().toNanos();
            for (int client : clients) {
                // Ciphered now (on a secured association), while the request that caused the event is being served:
                // its answer is ciphered after this and leaves after this, so the invocation counters the client
                // sees keep rising. Written after the device's response delay, like that answer.
                Object frame = framing.frame(device.logicalDevice(), client,
                        server.notificationFor(client, device.logicalDevice(), notification));
                if (delay > 0) {
                    channel.eventLoop().schedule(() -> channel.writeAndFlush(frame), delay,
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                } else {
                    channel.writeAndFlush(frame);
                }
            }
            sent.complete(true);
        };
        if (channel.eventLoop().inEventLoop()) {
            work.run();
        } else {
            try {
                channel.eventLoop().execute(work);
            } catch (RejectedExecutionException e) {
                sent.complete(false);
            }
        }
        return sent;
    }
}
