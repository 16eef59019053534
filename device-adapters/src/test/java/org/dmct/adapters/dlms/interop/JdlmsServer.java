package org.dmct.adapters.dlms.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.dmct.adapters.dlms.interop.AdapterAgainstJdlmsServerInteropTest.JdlmsClock;
import org.dmct.adapters.dlms.interop.AdapterAgainstJdlmsServerInteropTest.JdlmsDisconnectControl;
import org.dmct.adapters.dlms.interop.AdapterAgainstJdlmsServerInteropTest.JdlmsEventLog;
import org.dmct.adapters.dlms.interop.AdapterAgainstJdlmsServerInteropTest.JdlmsRegister;
import org.dmct.core.lab.LinkSpec;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SecuritySuite.EncryptionMechanism;
import org.openmuc.jdlms.SecuritySuite.SecurityPolicy;
import org.openmuc.jdlms.datatypes.DataObject;
import org.openmuc.jdlms.sessionlayer.server.ServerSessionLayerFactories;

/**
 * An OpenMUC jDLMS 1.8.0 server (GPL, test scope) as the server of a matrix cell, with the COSEM classes of
 * {@link AdapterAgainstJdlmsServerInteropTest} holding {@link MatrixContent}'s values, over the wrapper or over HDLC
 * (jDLMS's HDLC session layer: one-byte server address, the negotiated information length honoured). In a secured
 * cell it also requires HLS-GMAC (suite 0), authenticated and encrypted, of the management client, with
 * {@link MatrixKeys}' keys, and publishes a frame counter to the public client; it has no suite 1.
 */
final class JdlmsServer implements MatrixServer {
    private final DlmsServer server;
    private final int port;
    private final JdlmsRegister register;
    private final JdlmsClock clock;
    private final JdlmsDisconnectControl supplySwitch;
    private final List<DataObject> entries = new ArrayList<>();

    JdlmsServer(LinkSpec.Transport transport, MatrixFixture.Security security) {
        if (security == MatrixFixture.Security.HLS_ECDSA) {
            throw new UnsupportedOperationException("the jDLMS 1.8.0 server has no security suite 1 (HLS-ECDSA)");
        }
        register = new JdlmsRegister("1.0.1.8.0.255", MatrixContent.REGISTER, MatrixContent.SCALER,
                MatrixContent.UNIT_WH);
        clock = new JdlmsClock("0.0.1.0.0.255", AdapterAgainstJdlmsServerInteropTest.cosemDateTime(
                MatrixContent.INITIAL_CLOCK));
        supplySwitch = new JdlmsDisconnectControl("0.0.96.3.10.255");
        for (int i = 0; i < MatrixContent.LOG_ENTRIES; i++) {
            entries.add(DataObject.newStructureData(
                    DataObject.newOctetStringData(AdapterAgainstJdlmsServerInteropTest.cosemDateTime(
                            MatrixContent.LOG_START.plusHours(i))),
                    DataObject.newUInteger16Data(MatrixContent.FIRST_EVENT_CODE + i)));
        }
        LogicalDevice ld = new LogicalDevice(MatrixContent.LOGICAL_DEVICE, "JDLMS-ESME", "ISE", 4242L);
        ld.addRestriction(MatrixContent.CLIENT, SecuritySuite.builder().build());
        ld.registerCosemObject(register, clock, supplySwitch, new JdlmsEventLog("0.0.99.98.0.255", entries));
        if (security.secured()) {
            // jDLMS wants a master key (key wrapping) for any secured client.
            ld.setMasterKey(MatrixKeys.MASTER_KEY.clone());
            ld.addRestriction(MatrixKeys.MANAGEMENT_CLIENT, SecuritySuite.builder()
                    .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                    .setEncryptionMechanism(EncryptionMechanism.AES_GCM_128)
                    .setSecurityPolicy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                    .setGlobalUnicastEncryptionKey(MatrixKeys.ENCRYPTION_KEY.clone())
                    .setAuthenticationKey(MatrixKeys.AUTHENTICATION_KEY.clone())
                    .build());
            // The frame counter our adapter reads through the public client before it associates as client 1.
            ld.registerCosemObject(new SecuredAdapterAgainstJdlmsServerInteropTest.FrameCounter(
                    MatrixKeys.FRAME_COUNTER_OBIS.replace('-', '.').replace(':', '.'),
                    MatrixKeys.PUBLISHED_FRAME_COUNTER));
        }
        Bound bound = startOnFreePort(p -> DlmsServer.tcpServerBuilder(p)
                .setSessionLayerFactory(transport.isHdlc()
                        ? ServerSessionLayerFactories.newHdlcSessionLayerFactory()
                        : ServerSessionLayerFactories.newWrapperSessionLayerFactory())
                .registerLogicalDevice(ld)
                .build());
        server = bound.server();
        port = bound.port();
    }

    /** A jDLMS server bound to a port, and that port. */
    record Bound(DlmsServer server, int port) { }

    /** Builds a jDLMS server on a given port. */
    @FunctionalInterface
    interface OnPort {
        DlmsServer build(int port) throws IOException;
    }

    /** jDLMS cannot report the port it bound, so one is chosen first (and another if it was taken meanwhile). */
    static Bound startOnFreePort(OnPort build) {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return new Bound(build.build(port), port);
            } catch (BindException e) {
                last = e; // someone took the port in between: try another
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new UncheckedIOException("no free port for the jDLMS server", last);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Object registerValue() {
        return MatrixContent.REGISTER;
    }

    @Override
    public Object registerScalerUnit() {
        return List.of((long) MatrixContent.SCALER, (long) MatrixContent.UNIT_WH);
    }

    @Override
    public OffsetDateTime clock() {
        return Plain.dateTime(Plain.of(clock.time()));
    }

    @Override
    public boolean clockRuns() {
        return false;
    }

    @Override
    public int controlState() {
        return supplySwitch.state();
    }

    @Override
    public List<Object> eventLogBuffer() {
        List<Object> rows = new ArrayList<>();
        entries.forEach(e -> rows.add(Plain.of(e)));
        return rows;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // a server thread that died (see the HDLC exclusion) leaves nothing more to close
        }
    }
}
