package org.dmct.link;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which Netty socket transport the harness's event loops and TCP channels use: the native Linux epoll transport
 * where it loads (fewer system calls and thread wake-ups per exchange than the JDK's NIO selector), NIO everywhere
 * else. Groups are made with {@link #newGroup(int)}; a bootstrap picks its channel class with
 * {@link #socketChannel(EventLoopGroup)} or {@link #serverSocketChannel(EventLoopGroup)} from the group it is given,
 * so a channel always matches its loop whoever made the group (tests that build their own NIO group keep getting NIO
 * channels). The system property {@value #PROPERTY} set to {@code nio} forces NIO, for comparing the two. Serial
 * channels are not socket channels and run on either kind of loop.
 */
public final class SocketTransport {
    /** Set to {@code nio} to keep the JDK's NIO transport where epoll would load. */
    public static final String PROPERTY = "dmct.netty.transport";

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(SocketTransport.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private SocketTransport() {
    }

    /** True when new groups use native epoll: it loaded on this machine and NIO is not forced. */
    public static boolean nativeEpoll() {
        boolean forcedNio = "nio".equals(System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT));
        boolean epoll = !forcedNio && Epoll.isAvailable();
        if (REPORTED.compareAndSet(false, true)) {
            if (epoll) {
                LOG.debug("Netty transport: native epoll");
            } else if (forcedNio) {
                LOG.debug("Netty transport: NIO ({}=nio)", PROPERTY);
            } else {
                LOG.debug("Netty transport: NIO (native epoll unavailable: {})", Epoll.unavailabilityCause());
            }
        }
        return epoll;
    }

    /** The I/O handler of a new event loop: epoll where available, NIO otherwise. */
    public static IoHandlerFactory ioHandlerFactory() {
        return nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** A group of {@code threads} event loops on the preferred transport. */
    public static MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory());
    }

    /** True when the group's (or loop's) I/O handler is epoll, so its socket channels must be epoll channels. */
    public static boolean isEpoll(EventLoopGroup group) {
        return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
    }

    /** The client socket channel class that registers on {@code group}. */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The server socket channel class that registers on {@code group}. */
    public static Class<? extends ServerSocketChannel> serverSocketChannel(EventLoopGroup group) {
        return isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
