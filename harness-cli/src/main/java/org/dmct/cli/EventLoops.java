package org.dmct.cli;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.dmct.link.SocketTransport;

/**
 * The one event loop group a command runs everything on: one thread per core, never one per device; native epoll
 * where it loads, NIO otherwise ({@link SocketTransport}).
 */
final class EventLoops {
    private EventLoops() {
    }

    static EventLoopGroup create() {
        return SocketTransport.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
