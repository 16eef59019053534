package org.dmct.link;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which event loop serves each TCP port listened on in this process, so that a client in the same JVM (the harness
 * talking to its own in-process simulators, as {@code dmct demo} and CI do) can put its connection on the loop that
 * answers it. A request and its answer then never cross threads: the write, the server's read and answer, and the
 * client's read all happen on one loop in one pass, with no thread wake-up between them, which on loopback is most
 * of a round trip's cost. Purely a placement hint: a client that finds no entry, or an entry from another group,
 * works the same, only with a wake-up per hop.
 */
public final class LoopAffinity {
    private static final ConcurrentMap<Integer, EventLoop> SERVING = new ConcurrentHashMap<>();

    private LoopAffinity() {
    }

    /**
     * Records that {@code loop} serves the listener bound to {@code port} (every connection accepted there is
     * registered on it). Closing the returned handle removes the entry if it is still this one.
     */
    public static Registration serving(int port, EventLoop loop) {
        SERVING.put(port, loop);
        return () -> SERVING.remove(port, loop);
    }

    /** An entry of the registry; closing it twice is harmless. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The loop of {@code group} that serves {@code host:port} in this process, if the host is this machine's loopback
     * (or any-local) address and a listener on that port registered a loop of the group; otherwise empty. Never
     * resolves a name other than {@code localhost}.
     */
    public static Optional<EventLoop> servingLoop(String host, int port, EventLoopGroup group) {
        EventLoop loop = SERVING.get(port);
        if (loop == null || !isLocal(host)) {
            return Optional.empty();
        }
        for (EventExecutor member : group) {
            if (member == loop) {
                return Optional.of(loop);
            }
        }
        return Optional.empty();
    }

    private static boolean isLocal(String host) {
        if (host == null || host.isEmpty() || host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.contains(":") && !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;   // a DNS name: never looked up just to place a connection
        }
        try {
            InetAddress a = InetAddress.getByName(host);   // a literal address: parsed, not resolved
            return a.isLoopbackAddress() || a.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
