package org.dmct.adapters.dlms.interop;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.link.SocketTransport;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.device.SimulatedDevice;

/**
 * Our simulator as the server of a matrix cell: the repository's Acme A1 ESME profile (from
 * {@code lab-config/profiles}), held to an APDU size of {@link MatrixContent#MAX_PDU} and given
 * {@link MatrixContent#LOG_ENTRIES} event log entries, as logical device 1 of a one-device installation served on
 * the cell's link (wrapper or HDLC over TCP) on a free loopback port. What it holds is read from the simulated
 * device itself. In a secured cell it serves the Acme A1's HLS-GMAC or HLS-ECDSA profile instead, with the keys,
 * certificates and system titles of {@link MatrixKeys} in a keystore written for the cell.
 */
final class SimulatorServer implements MatrixServer {
    private static final String DMC = "DMC-INTEROP";
    private static final String DEVICE = "INTEROP-ESME";

    private final EventLoopGroup group;
    /** False when the group was given (and is shut down by whoever gave it). */
    private final boolean ownsGroup;
    private final SimulatorHost host;
    private final SimulatedDevice device;
    private final int port;

    SimulatorServer(LinkSpec.Transport transport, MatrixFixture.Security security, Path dir) {
        this(transport, security, dir, SocketTransport.newGroup(1), true);
    }

    /** As above, serving on {@code group}, which the caller owns and shuts down. */
    SimulatorServer(LinkSpec.Transport transport, MatrixFixture.Security security, Path dir, EventLoopGroup group) {
        this(transport, security, dir, group, false);
    }

    private SimulatorServer(LinkSpec.Transport transport, MatrixFixture.Security security, Path dir,
                            EventLoopGroup group, boolean ownsGroup) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        try {
            Lab lab = new LabLoader().load(writeLab(dir, security)).mapDmcs(d -> d.withLink(transport.isHdlc()
                    ? new LinkSpec(transport, "127.0.0.1", 0, null, LinkSpec.HdlcOptions.DEFAULTS)
                    : new LinkSpec(transport, "127.0.0.1", 0)));
            SecretResolver secrets = security.secured() ? KeystoreSecretResolver.forLab(lab, MatrixKeys.ENVIRONMENT)
                    : SecretResolver.ENVIRONMENT;
            host = SimulatorHost.start(lab, group, Clock.systemUTC(), secrets, true);
        } catch (IOException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new UncheckedIOException(e);
        }
        device = host.simulator(DMC).orElseThrow().device(DEVICE).orElseThrow();
        port = host.lab().dmc(DMC).orElseThrow().link().port();
    }

    private static Path writeLab(Path dir, MatrixFixture.Security security) throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        String profileId = switch (security) {
            case NONE -> "esme-acme-a1";
            case HLS_GMAC -> "esme-acme-a1-hls-gmac";
            case HLS_ECDSA -> "esme-acme-a1-hls-ecdsa";
        };
        Path profile = repo.resolve("lab-config/profiles/" + profileId + ".yaml");
        if (!Files.isRegularFile(profile)) {
            throw new IllegalStateException("the Acme A1 profile the matrix's simulator serves is missing: " + profile);
        }
        String text = Files.readString(profile);
        String wantedPdu = security.secured() ? "  maxPduSize: 256" : "  maxPduSize: 1024";
        String wantedLog = "  eventLogEntries: 40";
        if (!text.contains(wantedPdu) || !text.contains(wantedLog)) {
            throw new IllegalStateException("esme-acme-a1.yaml no longer has '" + wantedPdu + "' and '" + wantedLog
                    + "': adjust the interop matrix's simulator fixture");
        }
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve(profileId + ".yaml"), text
                .replace(wantedPdu, "  maxPduSize: " + MatrixContent.MAX_PDU)
                .replace(wantedLog, "  eventLogEntries: " + MatrixContent.LOG_ENTRIES));
        Path lab = Files.createDirectories(dir.resolve("labs")).resolve("interop.yaml");
        Files.writeString(lab, """
                lab:
                  id: interop-matrix
                  title: our simulator as the server of the interop matrix
                profiles: [../profiles]
                %sdefaults:
                  requestTimeout: 5s
                dmcs:
                  - id: %s
                    title: one simulated ESME
                    smso: Interop
                    installationType: dormant
                    simulated: true
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 0 }
                    devices:
                      - id: %s
                        type: ESME
                        profile: %s
                        logicalDevice: %d
                        serialNumber: "ACM-A1-0000001"
                %s""".formatted(security.secured() ? MatrixKeys.keystoreYaml(MatrixKeys.writeKeystore(dir)) : "",
                        DMC, DEVICE, profileId, MatrixContent.LOGICAL_DEVICE,
                        security.secured() ? MatrixKeys.deviceSecurityYaml(security, "        ", true) : ""));
        return lab;
    }

    @Override
    public int port() {
        return port;
    }

    private Object read(AttributeDescriptor a) {
        CosemObject.AttributeRead r = device.get(a, null);
        if (r.error() != null) {
            throw new AssertionError("the simulated device cannot read its own " + a + ": " + r.error());
        }
        return Plain.of(r.data());
    }

    @Override
    public Object registerValue() {
        return read(MatrixContent.REGISTER_VALUE);
    }

    @Override
    public Object registerScalerUnit() {
        return read(MatrixContent.REGISTER_SCALER_UNIT);
    }

    @Override
    public OffsetDateTime clock() {
        return device.clock().now();
    }

    @Override
    public boolean clockRuns() {
        return true;
    }

    @Override
    public int controlState() {
        return device.supplySwitch().orElseThrow().state();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> eventLogBuffer() {
        return new ArrayList<>((List<Object>) read(MatrixContent.EVENT_LOG_BUFFER));
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
