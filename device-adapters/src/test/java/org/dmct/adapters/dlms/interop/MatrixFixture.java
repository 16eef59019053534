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
     * The security dimension: lowest level (client 16, nothing ciphered), or high level security with every xDLMS
     * APDU authenticated and encrypted (glo-ciphering, AES-GCM-128) for the management client (1), with the keys of
     * {@link MatrixKeys}: HLS-GMAC (mechanism 5, security suite 0) or HLS-ECDSA (mechanism 7, suite 1, P-256
     * signatures over the challenges). jDLMS 1.8.0 implements no suite 1 (its {@code AuthenticationMechanism} stops
     * at HLS5_GMAC), so HLS-ECDSA runs in the Gurux pairings only; see {@link InteropMatrixTest#EXCLUSIONS}.
     */
    enum Security {
        NONE("no security", 0, -1),
        HLS_GMAC("HLS-GMAC, suite 0, authenticated and encrypted", 5, 0),
        HLS_ECDSA("HLS-ECDSA, suite 1, authenticated and encrypted", 7, 1);

        private final String title;
        private final int mechanism;
        private final int suite;

        Security(String title, int mechanism, int suite) {
            this.title = title;
            this.mechanism = mechanism;
            this.suite = suite;
        }

        boolean secured() {
            return this != NONE;
        }

        /** The authentication mechanism id of the AARQ (0 lowest level, 5 HLS-GMAC, 7 HLS-ECDSA). */
        int mechanism() {
            return mechanism;
        }

        /** The security suite id, -1 without security. */
        int suite() {
            return suite;
        }

        /** The client address a cell associates as. */
        int client() {
            return secured() ? MatrixKeys.MANAGEMENT_CLIENT : MatrixContent.CLIENT;
        }

        /** The profile's {@code protocol.authentication}. */
        String authenticationYaml() {
            return switch (this) {
                case NONE -> "none";
                case HLS_GMAC -> "hls-gmac";
                case HLS_ECDSA -> "hls-ecdsa";
            };
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
        /** The HDLC information field length the client proposes: short, so that long answers span frames. */
        private int hdlcInformationLength = MatrixContent.SHORT_HDLC_FRAMES;

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

        Builder hdlcInformationLength(int length) {
            this.hdlcInformationLength = length;
            return this;
        }

        Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        MatrixFixture start() {
            Objects.requireNonNull(dir, "in(dir)");
            List<AutoCloseable> started = new ArrayList<>();
            try {
                MatrixServer server = switch (pairing) {
                    case ADAPTER_TO_JDLMS_SERVER -> new JdlmsServer(link, security);
                    case ADAPTER_TO_GURUX_SERVER -> new GuruxServer(link, security);
                    case JDLMS_CLIENT_TO_SIMULATOR, GURUX_CLIENT_TO_SIMULATOR ->
                            new SimulatorServer(link, security, dir.resolve("simulator-" + System.nanoTime()));
                };
                started.add(server);
                FrameTap tap = new FrameTap(link, server.port(), security);
                started.add(tap);
                int timeoutMillis = (int) requestTimeout.toMillis();
                MatrixClient client = switch (pairing) {
                    case ADAPTER_TO_JDLMS_SERVER, ADAPTER_TO_GURUX_SERVER ->
                            new AdapterClient(link, security, tap.port(), adapterHdlc(), requestTimeout,
                                    dir.resolve("adapter-" + System.nanoTime()));
                    case JDLMS_CLIENT_TO_SIMULATOR -> new JdlmsClient(link, security, tap.port(),
                            hdlcInformationLength, timeoutMillis);
                    case GURUX_CLIENT_TO_SIMULATOR -> new GuruxClient(link, security, tap.port(),
                            hdlcInformationLength, timeoutMillis);
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
         * What our adapter proposes over HDLC: the cell's information field length (128 bytes unless the cell says
         * otherwise), so that every block of the event log spans several frames. jDLMS's HDLC server understands the one-byte server address only; Gurux's takes the
         * four-byte form (logical device 1, physical device 16), which is the lab's default.
         */
        private LinkSpec.HdlcOptions adapterHdlc() {
            int addressSize = pairing == Pairing.ADAPTER_TO_JDLMS_SERVER ? 1 : 4;
            return new LinkSpec.HdlcOptions(addressSize, 0x10, hdlcInformationLength, 1,
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
