package org.dmct.bench;

import java.util.concurrent.TimeUnit;
import org.dmct.adapters.dlms.interop.GetPair;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B1 under JMH: GET round trips per second on one association over the DLMS wrapper on loopback, client and server in
 * one JVM: our adapter against our simulator, and the jDLMS 1.8.0 client against the jDLMS server, each with and
 * without HLS-GMAC (suite 0). One thread: a DLMS association carries one request at a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GetRoundTripBenchmark {
    @Param({"OURS", "JDLMS"})
    public GetPair.Peers peers;

    @Param({"false", "true"})
    public boolean hlsGmac;

    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private GetPair pair;

    @Setup(Level.Trial)
    public void associate() throws Exception {
        pair = GetPair.start(peers, hlsGmac);
    }

    @TearDown(Level.Trial)
    public void release() {
        pair.close();
    }

    /**
     * One invocation is a window of about 100 ms of sequential GETs ({@link GetPair#roundTripsFor}: the adapter
     * driven from its loop as the harness drives it, jDLMS from a blocked thread); JMH's score is invocations per
     * second, so the round trips per second are this count's total over the measured time, reported by the
     * auxiliary counter {@code roundTrips}.
     */
    @Benchmark
    public void get(RoundTrips counter) throws Exception {
        counter.roundTrips += pair.roundTripsFor(WINDOW_NANOS).roundTrips();
    }

    /** The round trips JMH reports per second (an operations counter: summed, then divided by the measured time). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class RoundTrips {
        public long roundTrips;

        @Setup(Level.Iteration)
        public void reset() {
            roundTrips = 0;
        }
    }
}
