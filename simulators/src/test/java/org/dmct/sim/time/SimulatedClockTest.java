package org.dmct.sim.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Simulated time: a manual clock moves only when advanced and tells its listeners each step; a scaled clock runs
 * its scale faster than the clock it follows (here a wall clock the test moves, so nothing sleeps).
 */
class SimulatedClockTest {
    /** A "wall" clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aManualClockMovesOnlyWhenAdvancedAndListenersSeeEveryStep() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        SimulatedClock clock = SimulatedClock.manual(start);
        List<Instant> seen = new ArrayList<>();
        clock.onAdvance(() -> seen.add(clock.instant()));
        assertThat(clock.instant()).isEqualTo(start);
        clock.advance(Duration.ofHours(3), Duration.ofHours(1));
        assertThat(seen).containsExactly(start.plusSeconds(3600), start.plusSeconds(7200), start.plusSeconds(10800));
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(10800));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScaledClockRunsItsScaleFasterThanTheClockItFollows() {
        MovableClock wall = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        SimulatedClock clock = SimulatedClock.scaled(wall, 1800);
        assertThat(clock.instant()).isEqualTo(wall.instant());
        wall.now = wall.now.plusSeconds(2);
        // an hour every two wall seconds
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
        wall.now = wall.now.plusMillis(48 * 1000 - 2000);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
    }
}
