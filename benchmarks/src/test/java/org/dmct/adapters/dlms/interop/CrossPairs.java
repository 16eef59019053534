package org.dmct.adapters.dlms.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dmct.core.lab.LinkSpec;

/**
 * B1's diagnosis: GET round trips per second for all four client/server combinations (our adapter or jDLMS against
 * our simulator or the jDLMS server), no security, so that a slow pair shows which end is slow.
 */
public final class CrossPairs {
    private CrossPairs() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        LinkSpec.Transport link = LinkSpec.Transport.TCP_WRAPPER;
        MatrixFixture.Security none = MatrixFixture.Security.NONE;
        for (boolean ourServer : new boolean[] {true, false}) {
            for (boolean ourClient : new boolean[] {true, false}) {
                Path dir = Files.createTempDirectory("dmct-cross-");
                MatrixServer server = ourServer ? new SimulatorServer(link, none, dir.resolve("s")) : new JdlmsServer(link, none);
                MatrixClient client = ourClient ? new AdapterClient(link, none, server.port(),
                        LinkSpec.HdlcOptions.DEFAULTS, Duration.ofSeconds(5), dir.resolve("a"))
                        : new JdlmsClient(link, none, server.port(), 128, 5000);
                try {
                    client.associate();
                    for (int i = 0; i < 2000; i++) {
                        client.get(MatrixContent.REGISTER_VALUE);
                    }
                    long n = 0;
                    long start = System.nanoTime();
                    long end = start + seconds * 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        client.get(MatrixContent.REGISTER_VALUE);
                        n++;
                    }
                    System.out.printf("%-8s client -> %-10s server: %.0f GET/s%n", ourClient ? "adapter" : "jDLMS",
                            ourServer ? "simulator" : "jDLMS", n / ((System.nanoTime() - start) / 1e9));
                } finally {
                    client.close();
                    server.close();
                }
            }
        }
        System.exit(0);
    }
}
