package org.dmct.adapters.dlms.interop;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
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
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.cosem.CosemObject;
import org.dmct.sim.device.SimulatedDevice;

/**
 * Our simulator as the server of a matrix cell: the repository's Acme A1 ESME profile (from
 * {@code lab-config/profiles}), held to an APDU size of {@link MatrixContent#MAX_PDU} and given
 * {@link MatrixContent#LOG_ENTRIES} event log entries, as logical device 1 of a one-device installation served on
 * the cell's link (wrapper or HDLC over TCP) on a free loopback port. What it holds is read from the simulated
 * device itself.
 */
final class SimulatorServer implements MatrixServer {
    private static final String DMC = "DMC-INTEROP";
    private static final String DEVICE = "INTEROP-ESME";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SimulatorHost host;
    private final SimulatedDevice device;
    private final int port;

    SimulatorServer(LinkSpec.Transport transport, Path dir) {
        try {
            Lab lab = new LabLoader().load(writeLab(dir)).mapDmcs(d -> d.withLink(transport.isHdlc()
                    ? new LinkSpec(transport, "127.0.0.1", 0, null, LinkSpec.HdlcOptions.DEFAULTS)
                    : new LinkSpec(transport, "127.0.0.1", 0)));
            host = SimulatorHost.start(lab, group, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
        } catch (IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new UncheckedIOException(e);
        }
        device = host.simulator(DMC).orElseThrow().device(DEVICE).orElseThrow();
        port = host.lab().dmc(DMC).orElseThrow().link().port();
    }

    private static Path writeLab(Path dir) throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path profile = repo.resolve("lab-config/profiles/esme-acme-a1.yaml");
        if (!Files.isRegularFile(profile)) {
            throw new IllegalStateException("the Acme A1 profile the matrix's simulator serves is missing: " + profile);
        }
        String text = Files.readString(profile);
        String wantedPdu = "  maxPduSize: 1024";
        String wantedLog = "  eventLogEntries: 40";
        if (!text.contains(wantedPdu) || !text.contains(wantedLog)) {
            throw new IllegalStateException("esme-acme-a1.yaml no longer has '" + wantedPdu + "' and '" + wantedLog
                    + "': adjust the interop matrix's simulator fixture");
        }
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("esme-acme-a1.yaml"), text
                .replace(wantedPdu, "  maxPduSize: " + MatrixContent.MAX_PDU)
                .replace(wantedLog, "  eventLogEntries: " + MatrixContent.LOG_ENTRIES));
        Path lab = Files.createDirectories(dir.resolve("labs")).resolve("interop.yaml");
        Files.writeString(lab, """
                lab:
                  id: interop-matrix
                  title: our simulator as the server of the interop matrix
                profiles: [../profiles]
                defaults:
                  requestTimeout: 5s
                dmcs:
                  - id: %s
                    title: one simulated ESME
                    smso: Interop
                    installationType: dormant
                    simulated: true
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: 0 }
                    devices:
                      - { id: %s, type: ESME, profile: esme-acme-a1, logicalDevice: %d, serialNumber: "ACM-A1-0000001" }
                """.formatted(DMC, DEVICE, MatrixContent.LOGICAL_DEVICE));
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
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
