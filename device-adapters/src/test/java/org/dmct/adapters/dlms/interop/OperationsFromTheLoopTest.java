package org.dmct.adapters.dlms.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.adapters.dlms.internal.DlmsAssociation;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.link.SocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Operations issued on the association's own event loop (as the runner's steps and earlier operations' completions
 * are) start at once instead of as a task queued behind whatever the loop holds, keep the order they were issued in,
 * and chain from completion to completion on the loop, plain and ciphered, over the socket transport the harness
 * picks (native epoll on Linux).
 */
class OperationsFromTheLoopTest {
    @TempDir
    Path dir;

    @Test
    void anOperationIssuedOnTheLoopIsSentBeforeTheLoopRunsItsNextTask() throws Exception {
        try (Pair pair = new Pair(MatrixFixture.Security.NONE, dir)) {
            pair.client.associate();
            DlmsAssociation association = pair.client.association();
            CompletableFuture<String> inFlight = new CompletableFuture<>();
            CompletableFuture<GetDataResult> read = new CompletableFuture<>();
            pair.client.loop().execute(() -> {
                association.get("on-loop", MatrixContent.REGISTER_VALUE, null).whenComplete((r, e) -> {
                    if (e != null) {
                        read.completeExceptionally(e);
                    } else {
                        read.complete(r);
                    }
                });
                // the GET is already on the wire: it did not wait for a task of its own
                inFlight.complete(association.requestInFlight());
            });
            assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("on-loop");
            assertThat(read.get(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
    }

    @Test
    void operationsIssuedOnTheLoopRunInTheOrderTheyWereIssued() throws Exception {
        try (Pair pair = new Pair(MatrixFixture.Security.NONE, dir)) {
            pair.client.associate();
            DlmsAssociation association = pair.client.association();
            List<String> order = new ArrayList<>();
            CompletableFuture<Void> all = new CompletableFuture<>();
            pair.client.loop().execute(() -> {
                CompletableFuture<?> first = association.get("first", MatrixContent.REGISTER_VALUE, null)
                        .whenComplete((r, e) -> order.add("first " + (e == null && r.isSuccess())));
                CompletableFuture<?> release = association.release().whenComplete((r, e) -> order.add("release"));
                CompletableFuture<?> second = association.get("second", MatrixContent.REGISTER_VALUE, null)
                        .whenComplete((r, e) -> order.add("second " + (e == null && r.isSuccess())));
                CompletableFuture.allOf(first, release, second).whenComplete((r, e) -> all.complete(null));
            });
            all.get(20, TimeUnit.SECONDS);
            // the second GET came after the release, so it opened a new association and still read the value
            assertThat(order).containsExactly("first true", "release", "second true");
        }
    }

    @ParameterizedTest
    @EnumSource(value = MatrixFixture.Security.class, names = {"NONE", "HLS_GMAC"})
    void getsChainedFromCompletionToCompletionStayOnTheLoop(MatrixFixture.Security security) throws Exception {
        try (Pair pair = new Pair(security, dir)) {
            pair.client.associate();
            DlmsAssociation association = pair.client.association();
            EventLoop loop = pair.client.loop();
            Object expected = pair.server.registerValue();
            int wanted = 500;
            List<Boolean> onLoop = new ArrayList<>();
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Runnable next = new Runnable() {
                private int n;

                @Override
                public void run() {
                    association.get("chain-" + n, MatrixContent.REGISTER_VALUE, null).whenComplete((r, e) -> {
                        onLoop.add(loop.inEventLoop());
                        if (e != null || !r.isSuccess() || !Plain.of(r.data()).equals(expected)) {
                            done.completeExceptionally(new AssertionError("GET " + n + " gave " + r + " / " + e));
                        } else if (++n < wanted) {
                            run();
                        } else {
                            done.complete(n);
                        }
                    });
                }
            };
            loop.execute(next);
            assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo(wanted);
            assertThat(onLoop).hasSize(wanted).containsOnly(true);
            assertThat(pair.client.malformed).isEmpty();
        }
    }

    @Test
    void theMatrixPeersRunOnTheTransportTheHarnessPicks() throws Exception {
        try (Pair pair = new Pair(MatrixFixture.Security.NONE, dir)) {
            pair.client.associate();
            assertThat(SocketTransport.isEpoll(pair.client.loop())).isEqualTo(SocketTransport.nativeEpoll());
        }
    }

    /** Our adapter's association against our simulator, on the wrapper. */
    private static final class Pair implements AutoCloseable {
        final SimulatorServer server;
        final AdapterClient client;

        Pair(MatrixFixture.Security security, Path dir) {
            server = new SimulatorServer(LinkSpec.Transport.TCP_WRAPPER, security, dir.resolve("simulator"));
            client = new AdapterClient(LinkSpec.Transport.TCP_WRAPPER, security, server.port(),
                    LinkSpec.HdlcOptions.DEFAULTS, Duration.ofSeconds(5), dir.resolve("adapter"));
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }
}
