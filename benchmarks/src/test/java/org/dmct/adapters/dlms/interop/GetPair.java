package org.dmct.adapters.dlms.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    public enum Peers { OURS, JDLMS }

    private final MatrixServer server;
    private final MatrixClient client;
    private final Path dir;

    private GetPair(MatrixServer server, MatrixClient client, Path dir) {
        this.server = server;
        this.client = client;
        this.dir = dir;
    }

    /** Starts both ends and associates. */
    public static GetPair start(Peers peers, boolean secured) throws Exception {
        MatrixFixture.Security security = secured ? MatrixFixture.Security.HLS_GMAC : MatrixFixture.Security.NONE;
        LinkSpec.Transport link = LinkSpec.Transport.TCP_WRAPPER;
        Path dir = Files.createTempDirectory("dmct-bench-b1-");
        MatrixServer server = peers == Peers.OURS ? new SimulatorServer(link, security, dir.resolve("simulator"))
                : new JdlmsServer(link, security);
        MatrixClient client;
        try {
            client = peers == Peers.OURS
                    ? new AdapterClient(link, security, server.port(), LinkSpec.HdlcOptions.DEFAULTS,
                            Duration.ofSeconds(5), dir.resolve("adapter"))
                    : new JdlmsClient(link, security, server.port(), MatrixContent.SHORT_HDLC_FRAMES, 5000);
            client.associate();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new GetPair(server, client, dir);
    }

    /** One GET round trip of the register value; throws when the answer is not the value. */
    public Object get() throws Exception {
        MatrixClient.Read read = client.get(MatrixContent.REGISTER_VALUE);
        if (read.error() != null) {
            throw new IllegalStateException("GET " + MatrixContent.REGISTER_VALUE + " failed: " + read.error());
        }
        return read.value();
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
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind
        }
    }
}
