package org.dmct.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The socket channel classes follow the group they register on, whoever made it, and a group made by
 * {@link SocketTransport} carries a real echo over loopback with the classes it picks.
 */
class SocketTransportTest {

    @Test
    void aNioGroupGetsNioChannels() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertThat(SocketTransport.isEpoll(nio)).isFalse();
            assertThat(SocketTransport.isEpoll(nio.next())).isFalse();
            assertThat(SocketTransport.socketChannel(nio)).isEqualTo(NioSocketChannel.class);
            assertThat(SocketTransport.serverSocketChannel(nio.next())).isEqualTo(NioServerSocketChannel.class);
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theHarnessGroupIsEpollExactlyWhenEpollLoads() {
        Assumptions.assumeTrue(System.getProperty(SocketTransport.PROPERTY) == null,
                "NIO forced for this test JVM with -D" + SocketTransport.PROPERTY);
        EventLoopGroup group = SocketTransport.newGroup(1);
        try {
            assertThat(SocketTransport.nativeEpoll()).isEqualTo(Epoll.isAvailable());
            assertThat(SocketTransport.isEpoll(group)).isEqualTo(Epoll.isAvailable());
            assertThat(SocketTransport.socketChannel(group))
                    .isEqualTo(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class);
            assertThat(SocketTransport.serverSocketChannel(group.next()))
                    .isEqualTo(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void nioCanBeForced() {
        String before = System.getProperty(SocketTransport.PROPERTY);
        System.setProperty(SocketTransport.PROPERTY, "nio");
        EventLoopGroup group = SocketTransport.newGroup(1);
        try {
            assertThat(SocketTransport.nativeEpoll()).isFalse();
            assertThat(SocketTransport.socketChannel(group)).isEqualTo(NioSocketChannel.class);
        } finally {
            if (before == null) {
                System.clearProperty(SocketTransport.PROPERTY);
            } else {
                System.setProperty(SocketTransport.PROPERTY, before);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theChosenClassesCarryBytesBothWaysOnTheirGroup() throws Exception {
        EventLoopGroup group = SocketTransport.newGroup(2);
        try {
            Channel server = new ServerBootstrap().group(group).channel(SocketTransport.serverSocketChannel(group))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    ctx.writeAndFlush(msg.retainedDuplicate());
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            StringBuilder got = new StringBuilder();
            Channel client = new Bootstrap().group(group).channel(SocketTransport.socketChannel(group))
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            got.append(msg.toString(StandardCharsets.US_ASCII));
                            if (got.length() >= 5) {
                                echoed.complete(got.toString());
                            }
                        }
                    }).connect((InetSocketAddress) server.localAddress()).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
