package org.dmct.adapters.dlms.interop;

import gurux.dlms.GXDLMSClient;
import gurux.dlms.GXDLMSConnectionEventArgs;
import gurux.dlms.asn.GXx509Certificate;
import gurux.dlms.GXDateTime;
import gurux.dlms.ValueEventArgs;
import gurux.dlms.enums.AccessMode;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.DataType;
import gurux.dlms.enums.ErrorCode;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.MethodAccessMode;
import gurux.dlms.enums.ObjectType;
import gurux.dlms.enums.Security;
import gurux.dlms.enums.SourceDiagnostic;
import gurux.dlms.enums.Unit;
import gurux.dlms.objects.GXDLMSAssociationLogicalName;
import gurux.dlms.objects.GXDLMSClock;
import gurux.dlms.objects.GXDLMSData;
import gurux.dlms.objects.GXDLMSDisconnectControl;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.GXDLMSProfileGeneric;
import gurux.dlms.objects.GXDLMSRegister;
import gurux.dlms.objects.enums.ControlMode;
import gurux.dlms.objects.enums.ControlState;
import gurux.dlms.objects.enums.SecuritySuite;
import gurux.dlms.secure.GXCiphering;
import gurux.dlms.secure.GXDLMSSecureServer;
import java.security.KeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmct.core.lab.LinkSpec;

/**
 * A Gurux DLMS 4.0.47 server (GPL, test scope) as the server of a matrix cell, in the manner of Gurux's own
 * {@code GXDLMSBase} examples but over a plain server socket: one thread accepts connections one after the other
 * and feeds every byte received to {@code GXDLMSServer.handleRequest(byte[])}, writing back whatever it answers
 * (Gurux buffers partial frames itself). The objects are Gurux's own classes holding {@link MatrixContent}'s values;
 * the disconnect control's remote_disconnect is implemented here because Gurux's class leaves methods to the
 * application. It answers only logical device 1 (over HDLC at physical address 16, which our adapter sends in the
 * four-byte form) and client 16; its HDLC limits are Gurux's defaults (128-byte information fields, window 1). In a
 * secured cell it is Gurux's {@link GXDLMSSecureServer} and also answers the management client (1) with the cell's
 * mechanism, and publishes a frame counter to the public client.
 */
final class GuruxServer implements MatrixServer {
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Server server;
    private final GXDLMSClock clock = new GXDLMSClock("0.0.1.0.0.255");
    private final GXDLMSDisconnectControl supplySwitch = new GXDLMSDisconnectControl("0.0.96.3.10.255");
    private final List<Object> buffer = new ArrayList<>();
    /** Server-side failures, which a cell reports: an exception inside Gurux would otherwise only close a socket. */
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** The server address our client must use: wPort 1, or over HDLC logical device 1 at physical 16 (4 bytes). */
    private final int serverAddress;
    private final MatrixFixture.Security security;
    /** The client address of the frame being served, as {@link Server#isTarget} saw it. */
    private int clientAddress;
    /** The secured cell's association object, granted its HLS method after {@code initialize()}. */
    private GXDLMSAssociationLogicalName hlsAssociation;

    GuruxServer(LinkSpec.Transport transport, MatrixFixture.Security security) {
        this.security = security;
        server = new Server(transport.isHdlc() ? InterfaceType.HDLC : InterfaceType.WRAPPER);
        if (security.secured()) {
            secure();
        }
        serverAddress = transport.isHdlc()
                ? GXDLMSClient.getServerAddress(MatrixContent.LOGICAL_DEVICE, 0x10, 4) : MatrixContent.LOGICAL_DEVICE;
        GXDLMSRegister register = new GXDLMSRegister("1.0.1.8.0.255");
        register.setDataType(2, DataType.UINT32);
        register.setValue(MatrixContent.REGISTER);
        register.setScaler(Math.pow(10, MatrixContent.SCALER));
        register.setUnit(Unit.forValue(MatrixContent.UNIT_WH));
        clock.setTime(gurux(MatrixContent.INITIAL_CLOCK));
        supplySwitch.setOutputState(true);
        supplySwitch.setControlState(ControlState.CONNECTED);
        supplySwitch.setControlMode(ControlMode.MODE_1);
        GXDLMSData eventCode = new GXDLMSData("0.0.96.11.0.255");
        eventCode.setDataType(2, DataType.UINT16);
        GXDLMSProfileGeneric log = new GXDLMSProfileGeneric("0.0.99.98.0.255");
        log.addCaptureObject(clock, 2, 0);
        log.addCaptureObject(eventCode, 2, 0);
        for (int i = 0; i < MatrixContent.LOG_ENTRIES; i++) {
            OffsetDateTime t = MatrixContent.LOG_START.plusHours(i);
            log.addRow(new Object[] {gurux(t), MatrixContent.FIRST_EVENT_CODE + i});
            buffer.add(List.of(Plain.dateTimeOctets(t), (long) (MatrixContent.FIRST_EVENT_CODE + i)));
        }
        log.setProfileEntries(MatrixContent.LOG_ENTRIES);
        log.setEntriesInUse(MatrixContent.LOG_ENTRIES);
        server.getItems().add(register);
        server.getItems().add(clock);
        server.getItems().add(supplySwitch);
        server.getItems().add(eventCode);
        server.getItems().add(log);
        server.setMaxReceivePDUSize(MatrixContent.MAX_PDU);
        server.initialize();
        // Gurux refuses (read-write-denied) every write and method the application has not granted.
        clock.setAccess(2, AccessMode.READ_WRITE);
        supplySwitch.setMethodAccess(1, MethodAccessMode.ACCESS);
        if (hlsAssociation != null) {
            hlsAssociation.setMethodAccess(1, MethodAccessMode.ACCESS);
        }
        try {
            listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "gurux-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The management client's security: glo-ciphering with {@link MatrixKeys}' keys and the server's system title;
     * for suite 1 the signing key pair carries the server's private key (which signs f(CtoS)) with the client's
     * public key, and the client's certificate is in the certificate collection, which Gurux's association object
     * verifies f(StoC) with. The frame
     * counter object tells our adapter, reading it as the public client, where its invocation counter must start.
     */
    private void secure() {
        GXCiphering ciphering = server.getCiphering();
        ciphering.setSecurity(Security.AUTHENTICATION_ENCRYPTION);
        ciphering.setSystemTitle(MatrixKeys.serverTitle());
        ciphering.setBlockCipherKey(MatrixKeys.ENCRYPTION_KEY.clone());
        ciphering.setAuthenticationKey(MatrixKeys.AUTHENTICATION_KEY.clone());
        if (security == MatrixFixture.Security.HLS_ECDSA) {
            ciphering.setSecuritySuite(SecuritySuite.SUITE_1);
            ciphering.setSigningKeyPair(new KeyPair(MatrixKeys.CLIENT_SIGNING.getPublic(),
                    MatrixKeys.SERVER_SIGNING.getPrivate()));
            try {
                ciphering.getCertificates().add(new GXx509Certificate(MatrixKeys.CLIENT_CERTIFICATE.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("the matrix's client certificate cannot be encoded", e);
            }
        }
        GXDLMSData frameCounter = new GXDLMSData(MatrixKeys.FRAME_COUNTER_OBIS.replace('-', '.').replace(':', '.'));
        frameCounter.setDataType(2, DataType.UINT32);
        frameCounter.setValue(MatrixKeys.PUBLISHED_FRAME_COUNTER);
        server.getItems().add(frameCounter);
        // The current association (0-0:40.0.0.255), whose method 1 (reply_to_HLS_authentication) Gurux runs itself
        // once the application grants it, as it must grant every method.
        GXDLMSAssociationLogicalName association = new GXDLMSAssociationLogicalName("0.0.40.0.0.255");
        association.setClientSAP(MatrixKeys.MANAGEMENT_CLIENT);
        association.getAuthenticationMechanismName().setMechanismId(security == MatrixFixture.Security.HLS_GMAC
                ? Authentication.HIGH_GMAC : Authentication.HIGH_ECDSA);
        server.getItems().add(association);
        hlsAssociation = association;
    }

    private static GXDateTime gurux(OffsetDateTime t) {
        // Not setDeviation(0): in Gurux 4.0.47 it replaces the held time with the current time. The JVM's zone is
        // UTC while the matrix runs, which gives deviation 0.
        return new GXDateTime(Date.from(t.toInstant()));
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[4096];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    byte[] reply;
                    synchronized (server) {
                        reply = server.handleRequest(Arrays.copyOf(chunk, n));
                    }
                    if (reply != null && reply.length > 0) {
                        out.write(reply);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the listener was closed, or the client dropped the connection: serve the next one
            } catch (Exception e) {
                failures.add(e);
            } finally {
                synchronized (server) {
                    server.reset();
                }
            }
        }
    }

    @Override
    public int port() {
        return listener.getLocalPort();
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
        synchronized (server) {
            return clock.getTime().getValue().toInstant().atOffset(ZoneOffset.UTC);
        }
    }

    @Override
    public boolean clockRuns() {
        return false;
    }

    @Override
    public int controlState() {
        synchronized (server) {
            return supplySwitch.getControlState().ordinal();
        }
    }

    @Override
    public List<Object> eventLogBuffer() {
        return List.copyOf(buffer);
    }

    @Override
    public void close() {
        try {
            listener.close();
            acceptor.join(2_000);
        } catch (IOException e) {
            // closing a listener does not fail in a way a test could act on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Gurux application callbacks: objects read and written as Gurux does by default, methods here. */
    private final class Server extends GXDLMSSecureServer {
        Server(InterfaceType interfaceType) {
            super(true, interfaceType);
        }

        @Override
        protected boolean isTarget(int address, int client) {
            // A frame for another address goes unanswered, so a wrong address encoding fails the cell.
            clientAddress = client;
            return address == serverAddress && (client == MatrixContent.CLIENT
                    || security.secured() && client == MatrixKeys.MANAGEMENT_CLIENT);
        }

        @Override
        protected SourceDiagnostic validateAuthentication(Authentication authentication, byte[] password) {
            // The public client at the lowest level; the management client only with the cell's mechanism, whose
            // pass 3 and 4 Gurux then runs itself with the ciphering's keys.
            Authentication wanted = clientAddress == MatrixContent.CLIENT ? Authentication.NONE
                    : security == MatrixFixture.Security.HLS_GMAC ? Authentication.HIGH_GMAC
                    : Authentication.HIGH_ECDSA;
            return authentication == wanted ? SourceDiagnostic.NONE : SourceDiagnostic.NOT_SUPPORTED;
        }

        @Override
        protected GXDLMSObject onFindObject(ObjectType objectType, int sn, String ln) {
            return null; // every object is in getItems(); anything else is undefined
        }

        @Override
        public void read(ValueEventArgs[] args) {
            // Gurux reads the attribute from the object itself when the application does not handle it.
        }

        @Override
        protected void write(ValueEventArgs[] args) {
            // Gurux writes the attribute into the object itself when the application does not handle it.
        }

        @Override
        protected void action(ValueEventArgs[] args) {
            for (ValueEventArgs e : args) {
                if (e.getTarget() == supplySwitch && e.getIndex() == 1) {
                    supplySwitch.setControlState(ControlState.DISCONNECTED);
                    supplySwitch.setOutputState(false);
                    e.setHandled(true);
                } else if (e.getTarget() instanceof GXDLMSAssociationLogicalName && e.getIndex() == 1) {
                    // reply_to_HLS_authentication: left to Gurux, which checks f(StoC) and answers f(CtoS)
                    e.setHandled(false);
                } else {
                    e.setError(ErrorCode.READ_WRITE_DENIED);
                    e.setHandled(true);
                }
            }
        }

        @Override
        protected void connected(GXDLMSConnectionEventArgs e) {
        }

        @Override
        protected void invalidConnection(GXDLMSConnectionEventArgs e) {
        }

        @Override
        protected void disconnected(GXDLMSConnectionEventArgs e) {
        }
    }
}
