package org.dmct.adapters.dlms.interop;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.adapters.dlms.internal.DlmsAssociation;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.lab.LinkSpec;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.GetDataResult;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.dmct.link.SocketTransport;

/**
 * Our DLMS adapter as the client of a matrix cell: the adapter's association ({@link DlmsAssociation}, the part of
 * {@code DlmsAdapter} that speaks on the wire) for a device declared in a lab file whose link is the cell's (the
 * wrapper, or {@code hdlc-tcp} with the given HDLC options), so the link is chosen, opened and framed exactly as for
 * a lab run. The SRV layer above it is exercised against jDLMS in {@link AdapterAgainstJdlmsServerInteropTest}; the
 * matrix needs COSEM-level steps that no single SRV isolates (a GET of an undefined object, a bare clock GET).
 * The adapter associates on its first request, so {@link #associate()} reads the clock's logical_name.
 */
final class AdapterClient implements MatrixClient {
    private final EventLoopGroup group;
    /** False when the group was given (and is shut down by whoever gave it). */
    private final boolean ownsGroup;
    private final EventLoop loop;
    private final DlmsAssociation association;
    private final Duration timeout;
    private final AtomicInteger requests = new AtomicInteger();
    /** The adapter's evidence notes on frames it could not decode; a clean exchange has none. */
    final List<String> malformed = new CopyOnWriteArrayList<>();

    /**
     * @param transport the cell's link
     * @param security the cell's security: the profile's authentication, the lab's keys and system title
     * @param port where the server (or the tap in front of it) listens on loopback
     * @param hdlc the HDLC options the lab declares (ignored on the wrapper)
     * @param timeout the lab's request timeout
     * @param dir a scratch directory for the lab and profile files
     */
    AdapterClient(LinkSpec.Transport transport, MatrixFixture.Security security, int port,
            LinkSpec.HdlcOptions hdlc, Duration timeout, Path dir) {
        this(transport, security, port, hdlc, timeout, dir, SocketTransport.newGroup(1), true);
    }

    /** As above, on a loop of {@code group}, which the caller owns and shuts down. */
    AdapterClient(LinkSpec.Transport transport, MatrixFixture.Security security, int port,
            LinkSpec.HdlcOptions hdlc, Duration timeout, Path dir, EventLoopGroup group) {
        this(transport, security, port, hdlc, timeout, dir, group, false);
    }

    private AdapterClient(LinkSpec.Transport transport, MatrixFixture.Security security, int port,
            LinkSpec.HdlcOptions hdlc, Duration timeout, Path dir, EventLoopGroup group, boolean ownsGroup) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.timeout = timeout;
        LabDmc dmc;
        SecretResolver secrets;
        try {
            Lab lab = new LabLoader().load(writeLab(dir, port, security));
            dmc = lab.dmc("DMC-PEER").orElseThrow();
            secrets = security.secured() ? KeystoreSecretResolver.forLab(lab, MatrixKeys.ENVIRONMENT)
                    : SecretResolver.ENVIRONMENT;
        } catch (IOException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new UncheckedIOException(e);
        }
        LinkSpec link = transport.isHdlc() ? new LinkSpec(transport, "127.0.0.1", port, null, hdlc)
                : new LinkSpec(transport, "127.0.0.1", port);
        LabDevice device = dmc.devices().get(0);
        loop = (EventLoop) group.next();
        association = new DlmsAssociation(device, link, loop,
                (d, request, direction, bytes, note) -> {
                    if (note != null && direction == org.dmct.core.spi.FrameDirection.MALFORMED_RECEIVED) {
                        malformed.add(note);
                    }
                }, secrets, timeout);
    }

    private static Path writeLab(Path dir, int port, MatrixFixture.Security security) throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("adapter-profiles"));
        String protection = security.secured() ? "  security: { policy: authenticated-encrypted, invocationCounter: \""
                + MatrixKeys.FRAME_COUNTER_OBIS + "\" }\n" : "";
        Files.writeString(profiles.resolve("esme-peer.yaml"), """
                # An ESME whose COSEM objects are served by another DLMS stack (jDLMS or Gurux).
                id: esme-peer
                deviceType: ESME
                manufacturer: Interop
                model: PEER
                firmwareVersions: [ANY]
                protocol:
                  adapter: dlms
                  clientAddress: %d
                  authentication: %s
                  maxPduSize: %d
                %sfunctions:
                  clock:              { obis: "0-0:1.0.0.255", class: 8 }
                  activeImportTotal:  { obis: "1-0:1.8.0.255", class: 3 }
                  supplySwitch:       { obis: "0-0:96.3.10.255", class: 70 }
                  eventLog:           { obis: "0-0:99.98.0.255", class: 7 }
                supplyControl:
                  armControlMode: 2
                  enableControlMode: 1
                srvs:
                  supported: ["4.1.1", "6.11", "6.13", "7.2"]
                  unsupportedResponse: E11
                """.formatted(security.client(), security.authenticationYaml(), MatrixContent.MAX_PDU, protection));
        Path lab = Files.createDirectories(dir.resolve("adapter-labs")).resolve("peer.yaml");
        String keystore = security.secured() ? MatrixKeys.keystoreYaml(MatrixKeys.writeKeystore(dir)) : "";
        String deviceSecurity = security.secured() ? MatrixKeys.deviceSecurityYaml(security, "        ", false) : "";
        Files.writeString(lab, """
                lab:
                  id: interop-peer
                  title: our adapter against another stack's server
                profiles: [../adapter-profiles]
                %sdefaults:
                  requestTimeout: 5s
                dmcs:
                  - id: DMC-PEER
                    title: a peer server
                    smso: Interop
                    installationType: dormant
                    simulated: false
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: %d }
                    devices:
                      - id: PEER-ESME
                        type: ESME
                        profile: esme-peer
                        logicalDevice: %d
                        serialNumber: "PEER-1"
                %s""".formatted(keystore, port, MatrixContent.LOGICAL_DEVICE, deviceSecurity));
        return lab;
    }

    private <T> T await(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(timeout.toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private String requestId() {
        return "matrix-" + requests.incrementAndGet();
    }

    @Override
    public void associate() throws Exception {
        Read name = get(AttributeDescriptor.of(8, MatrixContent.CLOCK_TIME.instance().toString(), 1));
        if (name.error() != null) {
            throw new AssertionError("reading the clock's logical_name to open the association was refused: "
                    + name.error());
        }
    }

    @Override
    public Read get(AttributeDescriptor attribute) throws Exception {
        GetDataResult r = await(association.get(requestId(), attribute, null));
        return r.isSuccess() ? Read.of(Plain.of(r.data())) : Read.failed(r.error());
    }

    /**
     * The association itself, for a driver that issues its next request from the previous one's completion on the
     * association's loop, as the harness's runner does (benchmark B1), rather than from a blocked thread.
     */
    DlmsAssociation association() {
        return association;
    }

    /** The association's event loop. */
    EventLoop loop() {
        return loop;
    }

    @Override
    public boolean canGetWithList() {
        return false;
    }

    @Override
    public List<Read> getWithList(List<AttributeDescriptor> attributes) {
        throw new UnsupportedOperationException("the adapter sends one attribute per GET");
    }

    @Override
    public DataAccessResult setOctets(AttributeDescriptor attribute, byte[] value) throws Exception {
        return await(association.set(requestId(), attribute, DlmsData.octets(value)));
    }

    @Override
    public ActionResult actionWithInteger(MethodDescriptor method, int parameter) throws Exception {
        ActionResponse.Normal r = await(association.action(requestId(), method, DlmsData.i8(parameter)));
        return r.result();
    }

    @Override
    public void release() throws Exception {
        await(association.release());
    }

    @Override
    public void close() {
        try {
            association.release().get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // release never fails; a wait cut short only means the peer was slow to answer
        } finally {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
