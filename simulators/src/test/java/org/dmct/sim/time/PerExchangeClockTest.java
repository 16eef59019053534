package org.dmct.sim.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.dlms.wrapper.WrapperFrame;
import org.dmct.sim.internal.ExchangeClockHandler;
import org.junit.jupiter.api.Test;

/**
 * Per-exchange simulated time: the clock moves one step per request served and not otherwise, forks start afresh
 * for each installation, and {@link ExchangeClockHandler} counts requests only (not other pipeline traffic).
 */
class PerExchangeClockTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void movesOneStepPerRequestAndTellsItsListeners() {
        SimulatedClock clock = SimulatedClock.perExchange(START, Duration.ofSeconds(1));
        AtomicInteger told = new AtomicInteger();
        clock.onAdvance(told::incrementAndGet);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).as("reading does not move it").isEqualTo(START);
        clock.exchangeServed();
        clock.exchangeServed();
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(2));
        assertThat(told).hasValue(2);
        assertThat(clock.isPerExchange()).isTrue();
        assertThat(clock.isManual()).isTrue();
    }

    @Test
    void eachInstallationForksItsOwnClockFromTheStart() {
        SimulatedClock template = SimulatedClock.perExchange(START, Duration.ofMillis(500));
        SimulatedClock a = template.forkPerExchange();
        SimulatedClock b = template.forkPerExchange();
        a.exchangeServed();
        a.exchangeServed();
        b.exchangeServed();
        assertThat(a.instant()).isEqualTo(START.plusSeconds(1));
        assertThat(b.instant()).isEqualTo(START.plusMillis(500));
        assertThat(template.instant()).isEqualTo(START);
    }

    @Test
    void otherClocksIgnoreExchangesAndCannotBeForked() {
        SimulatedClock manual = SimulatedClock.manual(START);
        manual.exchangeServed();
        assertThat(manual.instant()).isEqualTo(START);
        assertThatThrownBy(manual::forkPerExchange).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SimulatedClock.perExchange(START, Duration.ZERO))
                .hasMessageContaining("must move forward");
    }

    @Test
    void theHandlerCountsRequestsOnly() {
        SimulatedClock clock = SimulatedClock.perExchange(START, Duration.ofSeconds(1));
        EmbeddedChannel ch = new EmbeddedChannel(new ExchangeClockHandler(clock));
        ch.writeInbound(WrapperFrame.of(16, 1, new byte[] {0x60}));
        ch.writeInbound("not a request");
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(1));
        assertThat((Object) ch.readInbound()).isInstanceOf(WrapperFrame.class);
        assertThat((Object) ch.readInbound()).isEqualTo("not a request");
        ch.finishAndReleaseAll();
    }
}
