package org.dmct.adapters.dlms.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.dmct.core.lab.LinkSpec;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.cosem.MethodDescriptor;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResult;
import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SecuritySuite.EncryptionMechanism;
import org.openmuc.jdlms.SecuritySuite.SecurityPolicy;
import org.openmuc.jdlms.SetParameter;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.DataObject;

/**
 * The OpenMUC jDLMS 1.8.0 client (GPL, test scope) as the client of a matrix cell: logical name referencing, lowest
 * level security as client 16 or HLS-GMAC (suite 0, authenticated and encrypted) as client 1 with
 * {@link MatrixKeys}' keys and client system title (jDLMS has no suite 1), over the wrapper or over HDLC (one-byte server address, the given information field length proposed).
 * jDLMS proposes a client-max-receive-pdu-size of 65535 whatever it is told, so block transfer towards it happens
 * only when the server holds its answers to a smaller APDU of its own, as our simulator does.
 */
final class JdlmsClient implements MatrixClient {
    private final TcpConnectionBuilder builder;
    private DlmsConnection connection;

    JdlmsClient(LinkSpec.Transport transport, MatrixFixture.Security security, int port, int hdlcInformationLength,
            int responseTimeoutMillis) {
        if (security == MatrixFixture.Security.HLS_ECDSA) {
            throw new UnsupportedOperationException("the jDLMS 1.8.0 client has no security suite 1 (HLS-ECDSA)");
        }
        builder = new TcpConnectionBuilder(InetAddress.getLoopbackAddress())
                .setPort(port)
                .setClientId(security.client())
                .setLogicalDeviceId(MatrixContent.LOGICAL_DEVICE)
                .setResponseTimeout(responseTimeoutMillis);
        if (security.secured()) {
            builder.setSecuritySuite(SecuritySuite.builder()
                            .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                            .setEncryptionMechanism(EncryptionMechanism.AES_GCM_128)
                            .setSecurityPolicy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                            .setGlobalUnicastEncryptionKey(MatrixKeys.ENCRYPTION_KEY.clone())
                            .setAuthenticationKey(MatrixKeys.AUTHENTICATION_KEY.clone())
                            .build())
                    .setSystemTitle("ABC", 7) // MatrixKeys.CLIENT_TITLE
                    .setFrameCounter(MatrixKeys.PEER_CLIENT_FRAME_COUNTER);
        }
        if (transport.isHdlc()) {
            builder.useHdlc();
            builder.setHdlcMaxInformationLength(hdlcInformationLength);
        } else {
            builder.useWrapper();
        }
    }

    private static AttributeAddress address(AttributeDescriptor a) {
        return new AttributeAddress(a.classId(), new ObisCode(a.instance().toBytes()), a.attributeId());
    }

    private static Read read(GetResult r) {
        if (r.getResultCode() == AccessResultCode.SUCCESS) {
            return Read.of(Plain.of(r.getResultData()));
        }
        return Read.failed(DataAccessResult.fromCode((int) r.getResultCode().getCode()));
    }

    @Override
    public void associate() throws IOException {
        connection = builder.build();
    }

    @Override
    public Read get(AttributeDescriptor attribute) throws IOException {
        return read(connection.get(address(attribute)));
    }

    @Override
    public boolean canGetWithList() {
        return true;
    }

    @Override
    public List<Read> getWithList(List<AttributeDescriptor> attributes) throws IOException {
        List<AttributeAddress> addresses = attributes.stream().map(JdlmsClient::address).toList();
        List<Read> reads = new ArrayList<>();
        connection.get(addresses).forEach(r -> reads.add(read(r)));
        return reads;
    }

    @Override
    public DataAccessResult setOctets(AttributeDescriptor attribute, byte[] value) throws IOException {
        AccessResultCode r = connection.set(new SetParameter(address(attribute), DataObject.newOctetStringData(value)));
        return DataAccessResult.fromCode((int) r.getCode());
    }

    @Override
    public ActionResult actionWithInteger(MethodDescriptor method, int parameter) throws IOException {
        MethodResult r = connection.action(new MethodParameter(method.classId(),
                new ObisCode(method.instance().toBytes()), method.methodId(),
                DataObject.newInteger8Data((byte) parameter)));
        return ActionResult.fromCode((int) r.getResultCode().getCode());
    }

    @Override
    public void release() throws IOException {
        DlmsConnection c = connection;
        connection = null;
        c.disconnect();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // the server may already have dropped the connection
            }
        }
    }
}
