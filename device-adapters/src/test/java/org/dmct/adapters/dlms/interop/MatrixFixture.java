package org.dmct.adapters.dlms.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmct.core.lab.LinkSpec;

/**
 * One matrix cell's set-up, built Leshan-style: {@code MatrixFixture.given(pairing).over(link).with(security)
 * .in(dir).start()} starts the cell's server, a {@link FrameTap} in front of it and the cell's client aimed at the
 * tap, ready for the test body to associate. The HDLC information length and the request timeout are the
 * matrix's, so that every answer spans several frames and a silent peer fails a cell within seconds.
 * {@link #close()} stops all three in reverse order.
 */
final class MatrixFixture implements AutoCloseable {

    /** The four client/server pairings of the matrix. */
    enum Pairing {
        ADAPTER_TO_JDLMS_SERVER("our adapter -> jDLMS 1.8.0 server"),
        JDLMS_CLIENT_TO_SIMULATOR("jDLMS 1.8.0 client -> our simulator"),
        ADAPTER_TO_GURUX_SERVER("our adapter -> Gurux 4.0.47 server"),
        GURUX_CLIENT_TO_SIMULATOR("Gurux 4.0.47 client -> our simulator");

        private final String title;

        Pairing(String title) {
            this.title = title;
        }

        boolean ourClient() {
            return this == ADAPTER_TO_JDLMS_SERVER || this == ADAPTER_TO_GURUX_SERVER;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /**
     * The security dimension. Only {@link #NONE} (lowest level, no ciphering) exists while HLS is being wired into
     * the adapter and the simulator. To add HLS-GMAC suite 0 (and suite 1, which only Gurux can play): add a
     * constant carrying the keys and system titles of {@code shared/vectors/README.md}, make
     * {@link #supportedBy(Pairing)} say which pairings can do it (jDLMS: suite 0 only; Gurux: 0 and 1), and in
     * {@link Builder#start()} hand it to each side: {@code SecuritySuite.builder()...} for jDLMS's client and
     * server, {@code Authentication.HIGH_GMAC} plus {@code getCiphering()} keys for Gurux's, and the profile's
     * {@code authentication:} and keystore entries for the adapter and the simulator. The test body does not
     * change: association, services and release are the same steps, ciphered.
     */
    enum Security {
        NONE("no security");

        private final String title;

        Security(String title) {
            this.title = title;
        }

        boolean supportedBy(Pairing pairing) {
            return this == NONE;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** Starts building the fixture of a cell whose client and server are {@code pairing}'s. */
    static Builder given(Pairing pairing) {
        return new Builder(pairing);
    }

    /** Collects a cell's coordinates and options; {@link #start()} makes the fixture. */
    static final class Builder {
        private final Pairing pairing;
        private LinkSpec.Transport link = LinkSpec.Transport.TCP_WRAPPER;
        private Security security = Security.NONE;
        private Path dir;
        /** Loopback peers answer in milliseconds; short, so that HDLC polls (a fifth of it) come soon. */
        private Duration requestTimeout = Duration.ofSeconds(2);

        private Builder(Pairing pairing) {
            this.pairing = Objects.requireNonNull(pairing);
        }

        Builder over(LinkSpec.Transport transport) {
            if (transport == LinkSpec.Transport.HDLC_SERIAL) {
                throw new IllegalArgumentException("the matrix runs over TCP links only");
            }
            this.link = transport;
            return this;
        }

        Builder with(Security s) {
            this.security = s;
            return this;
        }

        Builder in(Path workingDirectory) {
            this.dir = workingDirectory;
            return this;
        }

        Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        MatrixFixture start() {
            Objects.requireNonNull(dir, "in(dir)");
            if (!security.supportedBy(pairing)) {
                throw new IllegalArgumentException(pairing + " cannot run with " + security + " yet");
            }
            List<AutoCloseable> started = new ArrayList<>();
            try {
                MatrixServer server = switch (pairing) {
                    case ADAPTER_TO_JDLMS_SERVER -> new JdlmsServer(link);
                    case ADAPTER_TO_GURUX_SERVER -> new GuruxServer(link);
                    case JDLMS_CLIENT_TO_SIMULATOR, GURUX_CLIENT_TO_SIMULATOR -> new SimulatorServer(link, dir);
                };
                started.add(server);
                FrameTap tap = new FrameTap(link, server.port());
                started.add(tap);
                int timeoutMillis = (int) requestTimeout.toMillis();
                MatrixClient client = switch (pairing) {
                    case ADAPTER_TO_JDLMS_SERVER, ADAPTER_TO_GURUX_SERVER ->
                            new AdapterClient(link, tap.port(), adapterHdlc(), requestTimeout, dir.resolve(
                                    "adapter-" + System.nanoTime()));
                    case JDLMS_CLIENT_TO_SIMULATOR ->
                            new JdlmsClient(link, tap.port(), MatrixContent.SHORT_HDLC_FRAMES, timeoutMillis);
                    case GURUX_CLIENT_TO_SIMULATOR ->
                            new GuruxClient(link, tap.port(), MatrixContent.SHORT_HDLC_FRAMES, timeoutMillis);
                };
                return new MatrixFixture(server, tap, client);
            } catch (IOException e) {
                closeAll(started);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                closeAll(started);
                throw e;
            }
        }

        /**
         * What our adapter proposes over HDLC: 128-byte information fields, so that every block of the event log
         * spans several frames. jDLMS's HDLC server understands the one-byte server address only; Gurux's takes the
         * four-byte form (logical device 1, physical device 16), which is the lab's default.
         */
        private LinkSpec.HdlcOptions adapterHdlc() {
            int addressSize = pairing == Pairing.ADAPTER_TO_JDLMS_SERVER ? 1 : 4;
            return new LinkSpec.HdlcOptions(addressSize, 0x10, MatrixContent.SHORT_HDLC_FRAMES, 1,
                    Duration.ofMillis(500));
        }

        private static void closeAll(List<AutoCloseable> started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception ignored) {
                    // cleaning up after a failed start; the start's own exception is the one to report
                }
            }
        }
    }

    final MatrixServer server;
    final FrameTap tap;
    final MatrixClient client;

    private MatrixFixture(MatrixServer server, FrameTap tap, MatrixClient client) {
        this.server = server;
        this.tap = tap;
        this.client = client;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                tap.close();
            } catch (IOException e) {
                // the tap's sockets are closed either way
            } finally {
                server.close();
            }
        }
    }
}
