package org.dmct.adapters.dlms.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dmct.adapters.dlms.internal.DlmsAssociation;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.cosem.AttributeDescriptor;

/**
 * One client/server pair of benchmark B1, associated and ready to GET the register value over the DLMS wrapper on
 * loopback with no tap in between: our adapter's association against our simulator, or the OpenMUC jDLMS 1.8.0
 * client against the jDLMS server (GPL, test scope), each with or without HLS-GMAC (suite 0, authenticated and
 * encrypted). The peers are the interop matrix's (device-adapters' test-jar), so both pairs serve the same object
 * with the same keys. Every GET is checked: a failed read ends the benchmark instead of counting as a round trip.
 */
public final class GetPair implements AutoCloseable {
    /** Who talks to whom. */
    public enum Peers {
        /** Our adapter and our simulator, each on an event loop of its own (two threads: B1's figure). */
        OURS,
        /** The jDLMS client and server. */
        JDLMS,
        /**
         * Our adapter and our simulator as the harness runs its in-process simulators ({@code dmct demo}, CI): one
         * event loop group of the command's size, the simulator on a loop of it, and the adapter's connection on the
         * loop that serves the simulator's port ({@code LoopAffinity}, as the runner places a DMC): no thread
         * wake-up per round trip. A lab's real device, or a simulator in another process, gives {@link #OURS}.
         */
        OURS_IN_PROCESS
    }

    /** The evidence's request id of every GET (the pair's frame recorder keeps nothing). */
    private static final String REQUEST_ID = "b1";

    private final MatrixServer server;
    private final MatrixClient client;
    private final Path dir;
    /** The shared group of {@link Peers#OURS_IN_PROCESS}; null otherwise. */
    private final io.netty.channel.EventLoopGroup shared;

    private GetPair(MatrixServer server, MatrixClient client, Path dir, io.netty.channel.EventLoopGroup shared) {
        this.server = server;
        this.client = client;
        this.dir = dir;
        this.shared = shared;
    }

    /** Starts both ends and associates. */
    public static GetPair start(Peers peers, boolean secured) throws Exception {
        MatrixFixture.Security security = secured ? MatrixFixture.Security.HLS_GMAC : MatrixFixture.Security.NONE;
        LinkSpec.Transport link = LinkSpec.Transport.TCP_WRAPPER;
        Path dir = Files.createTempDirectory("dmct-bench-b1-");
        io.netty.channel.EventLoopGroup shared = peers == Peers.OURS_IN_PROCESS
                ? org.dmct.link.SocketTransport.newGroup(Math.max(2, Runtime.getRuntime().availableProcessors()))
                : null;
        MatrixServer server = switch (peers) {
            case OURS -> new SimulatorServer(link, security, dir.resolve("simulator"));
            case OURS_IN_PROCESS -> new SimulatorServer(link, security, dir.resolve("simulator"), shared);
            case JDLMS -> new JdlmsServer(link, security);
        };
        MatrixClient client;
        try {
            client = switch (peers) {
                case OURS -> new AdapterClient(link, security, server.port(), LinkSpec.HdlcOptions.DEFAULTS,
                        Duration.ofSeconds(5), dir.resolve("adapter"));
                case OURS_IN_PROCESS -> new AdapterClient(link, security, server.port(),
                        LinkSpec.HdlcOptions.DEFAULTS, Duration.ofSeconds(5), dir.resolve("adapter"),
                        org.dmct.link.LoopAffinity.servingLoop("127.0.0.1", server.port(), shared).orElseThrow(
                                () -> new IllegalStateException("no loop of the group serves the simulator's port "
                                        + server.port())));
                case JDLMS -> new JdlmsClient(link, security, server.port(), MatrixContent.SHORT_HDLC_FRAMES, 5000);
            };
            client.associate();
        } catch (Exception e) {
            server.close();
            if (shared != null) {
                shared.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
        return new GetPair(server, client, dir, shared);
    }

    /** One GET round trip of the register value; throws when the answer is not the value. */
    public Object get() throws Exception {
        MatrixClient.Read read = client.get(MatrixContent.REGISTER_VALUE);
        if (read.error() != null) {
            throw new IllegalStateException("GET " + MatrixContent.REGISTER_VALUE + " failed: " + read.error());
        }
        return read.value();
    }

    /** What one timed window of sequential round trips gave. */
    public record Window(long roundTrips, long nanos) {
        /** Round trips per second. */
        public double rate() {
            return roundTrips / (nanos / 1e9);
        }
    }

    /**
     * GETs the register value one after the other for about {@code nanos}, strictly one request outstanding, and
     * counts them; the window ends with the first answer after the time is up.
     *
     * <p>How each side is driven (the comparison B1 makes): jDLMS's client is a blocking API, so the calling thread
     * sends a GET and waits for its answer, then sends the next ({@link #get()} in a loop). Our adapter is
     * asynchronous, and the harness drives it from its event loop: a test step's next request is issued when the
     * previous one completes, on the association's loop. So does this: the first GET is issued on the association's
     * loop, and each answer's completion (on that loop) checks the value and issues the next GET there. Neither side
     * pipelines: every GET is sent only after the previous answer arrived and was checked.
     */
    public Window roundTripsFor(long nanos) throws Exception {
        if (!(client instanceof AdapterClient adapter)) {
            long n = 0;
            long start = System.nanoTime();
            long end = start + nanos;
            long now;
            do {
                get();
                n++;
                now = System.nanoTime();
            } while (now < end);
            return new Window(n, now - start);
        }
        DlmsAssociation association = adapter.association();
        CompletableFuture<Window> done = new CompletableFuture<>();
        long start = System.nanoTime();
        long end = start + nanos;
        Runnable first = new Runnable() {
            private long n;

            @Override
            public void run() {
                association.get(REQUEST_ID, MatrixContent.REGISTER_VALUE, null).whenComplete((r, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else if (!r.isSuccess()) {
                        done.completeExceptionally(new IllegalStateException("GET " + MatrixContent.REGISTER_VALUE
                                + " failed: " + r.error()));
                    } else {
                        n++;
                        long now = System.nanoTime();
                        if (now < end) {
                            run();
                        } else {
                            done.complete(new Window(n, now - start));
                        }
                    }
                });
            }
        };
        adapter.loop().execute(first);
        try {
            return done.get(TimeUnit.NANOSECONDS.toMillis(nanos) + 60_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The attribute every GET reads. */
    public static AttributeDescriptor attribute() {
        return MatrixContent.REGISTER_VALUE;
    }

    @Override
    public void close() {
        try {
            client.release();
        } catch (Exception e) {
            // closing anyway
        }
        client.close();
        server.close();
        if (shared != null) {
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind
        }
    }
}
