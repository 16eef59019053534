package org.dmct.sim.fault;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dmct.core.fault.FaultKind;
import org.dmct.core.fault.FaultSpec;

/**
 * The faults one simulated device injects, with the state that decides when they strike: a
 * {@link SplittableRandom} per fault seeded from its spec (so the same requests in the same order meet the same
 * faults), and the counters of every-Nth faults, blocks served and associations accepted. It lives as long as the
 * device, across connections: a device that rebooted or refused associations stays that way when the client
 * reconnects. Methods are synchronised since a device may be reached on several connections at once.
 */
public final class DeviceFaults {
    /** What a fault handler does with one outbound answer. */
    public enum Corruption { NONE, HEADER, FCS, PAYLOAD }

    private final String deviceId;
    private final Map<FaultKind, FaultSpec> specs = new EnumMap<>(FaultKind.class);
    private final Map<FaultKind, SplittableRandom> randoms = new EnumMap<>(FaultKind.class);
    private final Map<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);
    private long blocksServed;
    private boolean rebooted;
    private long associations;

    public DeviceFaults(String deviceId, List<FaultSpec> faults) {
        this.deviceId = deviceId;
        for (FaultSpec f : faults) {
            specs.put(f.kind(), f);
            randoms.put(f.kind(), new SplittableRandom(f.seed()));
        }
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    public Optional<FaultSpec> spec(FaultKind kind) {
        return Optional.ofNullable(specs.get(kind));
    }

    /** The extra time before the next answer leaves, drawn from the latency fault's distribution (zero without). */
    public synchronized Duration nextLatency() {
        FaultSpec f = specs.get(FaultKind.LATENCY);
        if (f == null) {
            return Duration.ZERO;
        }
        SplittableRandom r = randoms.get(FaultKind.LATENCY);
        long min = f.duration("min").map(Duration::toNanos).orElse(0L);
        long max = f.duration("max").map(Duration::toNanos).orElse(Long.MAX_VALUE);
        double nanos = switch (f.text("distribution").orElse("fixed")) {
            case "uniform" -> min + r.nextDouble() * (max - min);
            case "normal" -> f.duration("mean").orElseThrow().toNanos()
                    + nextGaussian(r) * f.duration("stddev").orElseThrow().toNanos();
            case "exponential" -> -Math.log(1.0 - r.nextDouble()) * f.duration("mean").orElseThrow().toNanos();
            default -> f.duration("delay").orElseThrow().toNanos();
        };
        long bounded = Math.max(min, Math.min(max, Math.round(Math.max(0, nanos))));
        return Duration.ofNanos(bounded);
    }

    /** A standard normal deviate (Box-Muller): SplittableRandom has no nextGaussian on Java 17. */
    private static double nextGaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Whether the next answer is lost. */
    public synchronized boolean dropNext() {
        return strikes(FaultKind.DROPPED_RESPONSES);
    }

    /** Whether the next answer is sent twice. */
    public synchronized boolean duplicateNext() {
        return strikes(FaultKind.DUPLICATED_FRAMES);
    }

    /**
     * How the next answer is damaged: on HDLC a bit flip in the frame check sequence or the information field (the
     * client's FCS check catches both); on the wrapper, which has no check sequence, a bit flip in the APDU header.
     */
    public synchronized Corruption corruptNext(boolean hdlc) {
        if (!strikes(FaultKind.CORRUPTED_FRAMES)) {
            return Corruption.NONE;
        }
        if (!hdlc) {
            return Corruption.HEADER;
        }
        return specs.get(FaultKind.CORRUPTED_FRAMES).text("target").orElse("fcs").equals("payload")
                ? Corruption.PAYLOAD : Corruption.FCS;
    }

    /** The random source of the corruption fault, to choose which bit flips. */
    public synchronized int nextBitIndex(int bits) {
        SplittableRandom r = randoms.get(FaultKind.CORRUPTED_FRAMES);
        return r == null ? 0 : r.nextInt(bits);
    }

    /**
     * Counts one block of a block transfer about to be sent; true when the device reboots instead of sending it
     * (once: after the reboot the device serves transfers again, with its state as before).
     */
    public synchronized boolean rebootBeforeBlock() {
        FaultSpec f = specs.get(FaultKind.REBOOT_MID_TRANSFER);
        if (f == null || rebooted) {
            return false;
        }
        blocksServed++;
        if (blocksServed > f.whole("afterBlocks").orElseThrow()) {
            rebooted = true;
            return true;
        }
        return false;
    }

    /** Counts one association request; true when it is refused (after the fault's number of accepted ones). */
    public synchronized boolean refuseAssociation() {
        FaultSpec f = specs.get(FaultKind.ASSOCIATION_REFUSED);
        if (f == null) {
            return false;
        }
        associations++;
        return associations > f.whole("after").orElseThrow();
    }

    /** The baud rate the device's line is slowed to, if a line-speed fault says so. */
    public Optional<Integer> lineBaud() {
        return spec(FaultKind.LINE_SPEED).flatMap(f -> f.whole("baud")).map(Long::intValue);
    }

    /** The clock the device keeps: the simulation's, or one drifting from it when a slow-clock fault says so. */
    public Clock deviceClock(Clock simulation) {
        return spec(FaultKind.SLOW_CLOCK).<Clock>map(f -> DriftingClock.of(simulation,
                f.number("secondsPerDay").orElseThrow(), f.number("daysSinceSync").orElse(0.0)))
                .orElse(simulation);
    }

    private boolean strikes(FaultKind kind) {
        FaultSpec f = specs.get(kind);
        if (f == null) {
            return false;
        }
        long n = counts.merge(kind, 1L, Long::sum);
        Optional<Long> everyNth = f.whole("everyNth");
        if (everyNth.isPresent()) {
            return n % everyNth.get() == 0;
        }
        double p = f.number("probability").orElse(0.0);
        // Draw even when p is 0 or 1, so a scenario's sequence of draws does not depend on p.
        return randoms.get(kind).nextDouble() < p;
    }
}
