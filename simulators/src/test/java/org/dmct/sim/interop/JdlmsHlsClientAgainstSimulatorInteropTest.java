package org.dmct.sim.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.dmct.sim.cosem.DisconnectControlObject;
import org.dmct.sim.device.SimulatedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.RawMessageData;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.SecuritySuite.EncryptionMechanism;
import org.openmuc.jdlms.SecuritySuite.SecurityPolicy;
import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.datatypes.DataObject;

/**
 * Interoperability with security: the OpenMUC jDLMS 1.8.0 client opens an HLS-GMAC (mechanism 5, suite 0)
 * association, authenticated and encrypted, with the simulated HLS-GMAC ESME of the secured CI lab, using the keys
 * of the lab's test keystore. jDLMS checks our AARE, our f(CtoS) and deciphers our answers; our simulator checks
 * jDLMS's ciphered AARQ and f(StoC). A jDLMS client with a wrong key, or whose frame counter goes back below what
 * the meter accepted, is refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdlmsHlsClientAgainstSimulatorInteropTest {
    private static final int MANAGEMENT_CLIENT = 1;
    private static final int ESME = 2;
    private static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys")::get);

    private EventLoopGroup group;
    private SimulatorHost host;
    private SecretResolver secrets;
    private final List<DlmsConnection> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab lab = new LabLoader().load(Path.of("../lab-config/labs/ci-secured.yaml").toAbsolutePath().normalize());
        secrets = KeystoreSecretResolver.forLab(lab, ENVIRONMENT);
        host = SimulatorHost.start(lab, group, Clock.systemUTC(), secrets, true);
    }

    @AfterEach
    void stop() {
        try {
            for (DlmsConnection c : toClose) {
                try {
                    c.close();
                } catch (IOException e) {
                    // already dropped by the meter
                }
            }
        } finally {
            host.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private SimulatedDevice esme() {
        return host.simulator("DMC-GMAC").orElseThrow().device("GMAC-ESME").orElseThrow();
    }

    private DlmsConnection connect(byte[] ek, byte[] ak, long frameCounter, List<RawMessageData> raw)
            throws IOException {
        SecuritySuite suite = SecuritySuite.builder()
                .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                .setEncryptionMechanism(EncryptionMechanism.AES_GCM_128)
                .setSecurityPolicy(SecurityPolicy.AUTHENTICATED_AND_ENCRYPTED)
                .setGlobalUnicastEncryptionKey(ek)
                .setAuthenticationKey(ak)
                .build();
        DlmsConnection c = new TcpConnectionBuilder(InetAddress.getLoopbackAddress())
                .setPort(host.lab().dmc("DMC-GMAC").orElseThrow().link().port())
                .useWrapper()
                .setClientId(MANAGEMENT_CLIENT)
                .setLogicalDeviceId(ESME)
                .setSecuritySuite(suite)
                .setSystemTitle("DMC", 1) // 444D430000000001, the client title the lab declares
                .setFrameCounter(frameCounter)
                .setResponseTimeout(5_000)
                .setRawMessageListener(raw::add)
                .build();
        toClose.add(c);
        return c;
    }

    private byte[][] keys() {
        DeviceSecurity s = esme().declaration().deviceSecurity().orElseThrow();
        return new byte[][] {secrets.resolveKey(s.encryptionKey(), 16), secrets.resolveKey(s.authenticationKey(), 16)};
    }

    @Test
    void jdlmsAssociatesWithHlsGmacAndReadsWritesAndInvokes() throws Exception {
        byte[][] k = keys();
        List<RawMessageData> raw = new CopyOnWriteArrayList<>();
        DlmsConnection c = connect(k[0], k[1], 1_000, raw);

        GetResult register = c.get(new AttributeAddress(3, "1.0.1.8.0.255", 2));
        assertThat(register.getResultCode()).isEqualTo(AccessResultCode.SUCCESS);
        // The register advances with wall time from its initial value (at most a peak half-hour's 570 Wh in a test)
        assertThat(((Number) register.getResultData().getValue()).longValue()).isBetween(1_234_568L, 1_234_568L + 570L);
        GetResult firmware = c.get(new AttributeAddress(1, "1.0.0.2.0.255", 2));
        assertThat(new String((byte[]) firmware.getResultData().getValue())).isEqualTo("P4X2G04");

        MethodResultCode disconnect = c.action(new MethodParameter(70, "0.0.96.3.10.255", 1,
                DataObject.newInteger8Data((byte) 0))).getResultCode();
        assertThat(disconnect).isEqualTo(MethodResultCode.SUCCESS);
        assertThat(esme().supplySwitch().orElseThrow().state()).isEqualTo(DisconnectControlObject.DISCONNECTED);
        GetResult state = c.get(new AttributeAddress(70, "0.0.96.3.10.255", 3));
        assertThat(((Number) state.getResultData().getValue()).intValue()).isZero();

        // jDLMS ciphered with the counters it was given, and the meter keeps the highest it accepted
        assertThat(esme().clientInvocationCounter()).isGreaterThan(1_000);
        // the exchange was ciphered on the wire: glo-get-request (0xC8) and glo-get-response (0xCC) APDUs
        assertThat(raw).anySatisfy(m -> assertThat(m.getMessage()[8] & 0xFF).isEqualTo(0xC8));
        assertThat(raw).anySatisfy(m -> assertThat(m.getMessage()[8] & 0xFF).isEqualTo(0xCC));
    }

    @Test
    void jdlmsWithAWrongKeyIsRefused() {
        byte[][] k = keys();
        byte[] wrong = k[0].clone();
        wrong[0] ^= 0x55;
        assertThatThrownBy(() -> connect(wrong, k[1], 2_000, new ArrayList<>())).isInstanceOf(IOException.class);
    }

    @Test
    void jdlmsWhoseFrameCounterGoesBackIsRefused() throws Exception {
        byte[][] k = keys();
        DlmsConnection first = connect(k[0], k[1], 5_000, new ArrayList<>());
        assertThat(first.get(new AttributeAddress(1, "1.0.0.2.0.255", 2)).getResultCode())
                .isEqualTo(AccessResultCode.SUCCESS);
        first.close();
        long accepted = esme().clientInvocationCounter();
        assertThat(accepted).isGreaterThanOrEqualTo(5_000);
        // a client replaying an older counter (a recorded session played back) cannot associate
        assertThatThrownBy(() -> connect(k[0], k[1], 4_000, new ArrayList<>())).isInstanceOf(IOException.class);
        assertThat(esme().clientInvocationCounter()).isEqualTo(accepted);
        // one continuing above the published counter can
        DlmsConnection next = connect(k[0], k[1], accepted + 1, new ArrayList<>());
        assertThat(next.get(new AttributeAddress(1, "1.0.0.2.0.255", 2)).getResultCode())
                .isEqualTo(AccessResultCode.SUCCESS);
    }
}
