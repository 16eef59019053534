package org.dmct.adapters.dlms.interop;

import gurux.dlms.GXByteBuffer;
import gurux.dlms.GXDLMSClient;
import gurux.dlms.GXDLMSException;
import gurux.dlms.GXReplyData;
import gurux.dlms.enums.Authentication;
import gurux.dlms.enums.DataType;
import gurux.dlms.enums.InterfaceType;
import gurux.dlms.enums.ObjectType;
import gurux.dlms.asn.GXx509Certificate;
import gurux.dlms.enums.Security;
import gurux.dlms.objects.GXDLMSObject;
import gurux.dlms.objects.enums.SecuritySuite;
import gurux.dlms.secure.GXCiphering;
import gurux.dlms.secure.GXDLMSSecureClient;
import java.security.KeyPair;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;

/**
 * The Gurux DLMS 4.0.47 client (GPL, test scope) as the client of a matrix cell, driven the way Gurux's own
 * examples drive it: {@link GXDLMSClient} builds each request's bytes, this class writes them to a plain socket and
 * feeds what comes back to {@link GXDLMSClient#getData} until a whole reply is in, sending
 * {@link GXDLMSClient#receiverReady} (GET next block, or HDLC RR) while Gurux says more data is due. Over HDLC it
 * addresses logical device 1 at physical address 16 in the four-byte form and proposes the given information field
 * length; it proposes {@link MatrixContent#MAX_PDU} as its APDU size. In a secured cell it is Gurux's
 * {@link GXDLMSSecureClient} as the management client, and completes HLS pass 3 and 4 after the AARE.
 */
final class GuruxClient implements MatrixClient {
    private static final int PHYSICAL_ADDRESS = 16;

    private final GXDLMSClient client;
    private final LinkSpec.Transport transport;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    GuruxClient(LinkSpec.Transport transport, MatrixFixture.Security security, int port, int hdlcInformationLength,
            int timeoutMillis) {
        this.transport = transport;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        int serverAddress = transport.isHdlc()
                ? GXDLMSClient.getServerAddress(MatrixContent.LOGICAL_DEVICE, PHYSICAL_ADDRESS, 4)
                : MatrixContent.LOGICAL_DEVICE;
        InterfaceType interfaceType = transport.isHdlc() ? InterfaceType.HDLC : InterfaceType.WRAPPER;
        client = switch (security) {
            case NONE -> new GXDLMSClient(true, MatrixContent.CLIENT, serverAddress, Authentication.NONE, null,
                    interfaceType);
            case HLS_GMAC, HLS_ECDSA -> secured(security, serverAddress, interfaceType);
        };
        if (transport.isHdlc()) {
            client.setServerAddressSize(4);
            client.getHdlcSettings().setMaxInfoRX(hdlcInformationLength);
            client.getHdlcSettings().setMaxInfoTX(hdlcInformationLength);
        }
        client.setMaxReceivePDUSize(MatrixContent.MAX_PDU);
    }

    /**
     * Gurux's secure client as the management client: glo-ciphering with {@link MatrixKeys}' keys and client system
     * title, authenticated and encrypted, counters from {@link MatrixKeys#PEER_CLIENT_FRAME_COUNTER}; for suite 1
     * the signing key pair carries the client's private key (which signs f(StoC)) with the server's public key, and
     * the server's certificate is in the certificate collection, so Gurux can check f(CtoS) whichever it consults.
     */
    private static GXDLMSClient secured(MatrixFixture.Security security, int serverAddress, InterfaceType type) {
        GXDLMSSecureClient c = new GXDLMSSecureClient(true, MatrixKeys.MANAGEMENT_CLIENT, serverAddress,
                security == MatrixFixture.Security.HLS_GMAC ? Authentication.HIGH_GMAC : Authentication.HIGH_ECDSA,
                null, type);
        GXCiphering ciphering = c.getCiphering();
        ciphering.setSecurity(Security.AUTHENTICATION_ENCRYPTION);
        ciphering.setSystemTitle(MatrixKeys.clientTitle());
        ciphering.setBlockCipherKey(MatrixKeys.ENCRYPTION_KEY.clone());
        ciphering.setAuthenticationKey(MatrixKeys.AUTHENTICATION_KEY.clone());
        ciphering.setInvocationCounter(MatrixKeys.PEER_CLIENT_FRAME_COUNTER);
        if (security == MatrixFixture.Security.HLS_ECDSA) {
            ciphering.setSecuritySuite(SecuritySuite.SUITE_1);
            ciphering.setSigningKeyPair(new KeyPair(MatrixKeys.SERVER_SIGNING.getPublic(),
                    MatrixKeys.CLIENT_SIGNING.getPrivate()));
            try {
                ciphering.getCertificates().add(new GXx509Certificate(MatrixKeys.SERVER_CERTIFICATE.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("the matrix's server certificate cannot be encoded", e);
            }
        }
        return c;
    }

    /** Sends one request (all its frames) and reads the whole reply, following blocks and segments. */
    private GXReplyData exchange(byte[]... requests) throws Exception {
        GXReplyData reply = new GXReplyData();
        for (byte[] request : requests) {
            reply.clear();
            readPacket(request, reply);
            while (reply.isMoreData()) {
                readPacket(client.receiverReady(reply), reply);
            }
        }
        return reply;
    }

    private void readPacket(byte[] request, GXReplyData reply) throws Exception {
        out.write(request);
        out.flush();
        GXByteBuffer received = new GXByteBuffer();
        GXReplyData notify = new GXReplyData();
        byte[] chunk = new byte[4096];
        while (!client.getData(received, reply, notify)) {
            int n = in.read(chunk);
            if (n < 0) {
                throw new EOFException("the server closed the connection while Gurux waited for a reply");
            }
            received.set(chunk, 0, n);
        }
    }

    @Override
    public void associate() throws Exception {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        if (transport.isHdlc()) {
            GXReplyData ua = exchange(client.snrmRequest());
            client.parseUAResponse(ua.getData());
        }
        GXReplyData aare = exchange(client.aarqRequest());
        client.parseAareResponse(aare.getData());
        if (client.getIsAuthenticationRequired()) {
            // HLS pass 3 and 4: reply_to_HLS_authentication with f(StoC), and the server's f(CtoS) checked.
            GXReplyData proof = exchange(client.getApplicationAssociationRequest());
            client.parseApplicationAssociationResponse(proof.getData());
        }
    }

    private static String ln(AttributeDescriptor a) {
        return ln(a.instance().toBytes());
    }

    private static String ln(byte[] obis) {
        StringBuilder sb = new StringBuilder();
        for (byte b : obis) {
            sb.append(sb.isEmpty() ? "" : ".").append(b & 0xFF);
        }
        return sb.toString();
    }

    @Override
    public Read get(AttributeDescriptor attribute) throws Exception {
        try {
            GXReplyData reply = exchange(client.read(ln(attribute), ObjectType.forValue(attribute.classId()),
                    attribute.attributeId()));
            if (reply.getError() != 0) {
                return Read.failed(DataAccessResult.fromCode(reply.getError()));
            }
            return Read.of(Plain.ofGurux(reply.getValue()));
        } catch (GXDLMSException e) {
            return Read.failed(DataAccessResult.fromCode(e.getErrorCode()));
        }
    }

    @Override
    public boolean canGetWithList() {
        return true;
    }

    @Override
    public List<Read> getWithList(List<AttributeDescriptor> attributes) throws Exception {
        List<Map.Entry<GXDLMSObject, Integer>> list = new ArrayList<>();
        for (AttributeDescriptor a : attributes) {
            GXDLMSObject o = GXDLMSClient.createObject(ObjectType.forValue(a.classId()));
            o.setLogicalName(ln(a));
            list.add(new AbstractMap.SimpleEntry<>(o, a.attributeId()));
        }
        GXReplyData reply = exchange(client.readList(list));
        if (!(reply.getValue() instanceof List<?> values)) {
            throw new AssertionError("Gurux returned no list for GET-with-list: " + reply.getValue());
        }
        // Gurux 4.0.47 keeps no place for a failed item: its values hold the successful items only, in order, and
        // the reply's error the failure's data-access-result. Listed here as Gurux gives them: the failure last.
        List<Read> reads = new ArrayList<>();
        for (Object v : values) {
            reads.add(Read.of(Plain.ofGurux(v)));
        }
        if (reply.getError() != 0) {
            reads.add(Read.failed(DataAccessResult.fromCode(reply.getError())));
        }
        return reads;
    }

    @Override
    public DataAccessResult setOctets(AttributeDescriptor attribute, byte[] value) throws Exception {
        try {
            GXReplyData reply = exchange(client.write(ln(attribute), value, DataType.OCTET_STRING,
                    ObjectType.forValue(attribute.classId()), attribute.attributeId()));
            return DataAccessResult.fromCode(reply.getError());
        } catch (GXDLMSException e) {
            return DataAccessResult.fromCode(e.getErrorCode());
        }
    }

    @Override
    public ActionResult actionWithInteger(MethodDescriptor method, int parameter) throws Exception {
        try {
            GXReplyData reply = exchange(client.method(ln(method.instance().toBytes()),
                    ObjectType.forValue(method.classId()), method.methodId(), parameter, DataType.INT8));
            return ActionResult.fromCode(reply.getError());
        } catch (GXDLMSException e) {
            return ActionResult.fromCode(e.getErrorCode());
        }
    }

    @Override
    public void release() throws Exception {
        exchange(client.releaseRequest());
        if (transport.isHdlc()) {
            // Forced: after the RLRE Gurux 4.0.47 counts itself disconnected and would build no DISC at all.
            exchange(client.disconnectRequest(true));
        }
        close();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
            socket = null;
        }
    }
}
