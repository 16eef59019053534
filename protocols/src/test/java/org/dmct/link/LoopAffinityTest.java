package org.dmct.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopAffinityTest {
    private final EventLoopGroup group = SocketTransport.newGroup(2);
    private final EventLoopGroup otherGroup = SocketTransport.newGroup(1);

    @AfterEach
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        otherGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aLoopbackClientOfTheSameGroupIsPlacedOnTheServingLoop() {
        EventLoop serving = group.next();
        try (LoopAffinity.Registration r = LoopAffinity.serving(45_001, serving)) {
            assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_001, group)).containsSame(serving);
            assertThat(LoopAffinity.servingLoop("localhost", 45_001, group)).containsSame(serving);
            assertThat(LoopAffinity.servingLoop("::1", 45_001, group)).containsSame(serving);
            assertThat(LoopAffinity.servingLoop("0.0.0.0", 45_001, group)).containsSame(serving);
            // One loop is a group of its own: a DMC's adapter gets its loop as its context's group.
            assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_001, serving)).containsSame(serving);
        }
    }

    @Test
    void anotherPortHostOrGroupGetsNoPlacement() {
        EventLoop serving = group.next();
        try (LoopAffinity.Registration r = LoopAffinity.serving(45_002, serving)) {
            assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_003, group)).isEmpty();
            assertThat(LoopAffinity.servingLoop("192.0.2.10", 45_002, group)).isEmpty();
            assertThat(LoopAffinity.servingLoop("meter.example", 45_002, group)).isEmpty();
            assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_002, otherGroup)).isEmpty();
        }
    }

    @Test
    void aClosedRegistrationIsForgottenButNeverRemovesItsSuccessor() {
        EventLoop first = group.next();
        EventLoop second = group.next();
        LoopAffinity.Registration old = LoopAffinity.serving(45_004, first);
        old.close();
        assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_004, group)).isEmpty();
        try (LoopAffinity.Registration now = LoopAffinity.serving(45_004, second)) {
            old.close();
            assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_004, group)).containsSame(second);
        }
        assertThat(LoopAffinity.servingLoop("127.0.0.1", 45_004, group)).isEmpty();
    }
}
