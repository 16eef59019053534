package org.dmct.sim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.Apdu;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.AssociationResult;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.apdu.SetRequest;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.cosem.ActionResult;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.cosem.DataAccessResult;
import org.dmct.dlms.security.CipheringContext;
import org.dmct.dlms.security.DecipherResult;
import org.dmct.dlms.security.HlsAuthenticator;
import org.dmct.dlms.security.HlsGmac;
import org.dmct.dlms.security.SecuredAcse;
import org.dmct.dlms.security.SystemTitle;
import org.dmct.sim.device.SimulatedDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated meter's side of a secured association, driven APDU by APDU with a client built on the protocol
 * layer: the public client reads only the frame counter, the HLS-GMAC exchange, ciphered service, a replayed request
 * left unanswered with the association aborted, a request before HLS is done refused, and a wrong f(StoC) refused
 * so no association is established.
 */
class SecuredAssociationServerTest {
    private static final int CLIENT = 1;
    private static final AttributeDescriptor REGISTER = AttributeDescriptor.of(3, "1-0:1.8.0.255", 2);
    private static final SecretResolver ENVIRONMENT = SecretResolver.environment(
            Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys")::get);

    private AssociationServer server;
    private SimulatedDevice device;
    private SecretResolver secrets;
    private LabDevice declared;

    @BeforeEach
    void start() {
        Lab lab = new LabLoader().load(Path.of("../lab-config/labs/ci-secured.yaml").toAbsolutePath().normalize());
        secrets = KeystoreSecretResolver.forLab(lab, ENVIRONMENT);
        declared = lab.dmc("DMC-GMAC").orElseThrow().device("GMAC-ESME").orElseThrow();
        device = new SimulatedDevice(declared, Clock.systemUTC());
        server = new AssociationServer(Map.of(device.logicalDevice(), device), secrets);
    }

    private Apdu serve(int client, Apdu request) {
        return server.serve(client, device.logicalDevice(), ApduCodec.decode(ApduCodec.encode(request)));
    }

    private CipheringContext clientContext(long counter) {
        DeviceSecurity s = declared.deviceSecurity().orElseThrow();
        return CipheringContext.builder().ownSystemTitle(SystemTitle.of(s.clientSystemTitleBytes()))
                .encryptionKey(secrets.resolveKey(s.encryptionKey(), 16))
                .authenticationKey(secrets.resolveKey(s.authenticationKey(), 16)).invocationCounter(counter).build();
    }

    private static InitiateRequest initiate() {
        return InitiateRequest.of(Conformance.of(ConformanceBit.GET, ConformanceBit.SET, ConformanceBit.ACTION,
                ConformanceBit.BLOCK_TRANSFER_WITH_GET_OR_READ), 1024);
    }

    /** Associates as the management client and answers the HLS challenge; returns the client's context. */
    private CipheringContext associate(boolean rightProof) {
        CipheringContext ctx = clientContext(device.clientInvocationCounter() + 1);
        HlsAuthenticator hls = HlsGmac.authenticator(ctx);
        byte[] ctoS = HlsAuthenticator.newChallenge(new SecureRandom(), 16);
        AareApdu aare = (AareApdu) serve(CLIENT, SecuredAcse.aarq(ctx, hls.mechanism(), ctoS, initiate()));
        SecuredAcse.AareReading reading = SecuredAcse.readAare(ctx, aare);
        assertThat(reading.accepted()).as(reading.toString()).isTrue();
        byte[] stoC = rightProof ? reading.serverChallenge() : new byte[16];
        Apdu answer = serve(CLIENT, ctx.cipher(SecuredAcse.replyToHlsAuthentication(hls, InvokeIdAndPriority.of(1),
                stoC, ctoS)));
        DecipherResult opened = ctx.decipher(answer);
        ActionResponse response = opened.as(ActionResponse.class).orElseThrow();
        if (rightProof) {
            assertThat(SecuredAcse.checkHlsAuthenticationResponse(hls, response, ctoS, reading.serverChallenge())
                    .verified()).isTrue();
        } else {
            assertThat(((ActionResponse.Normal) response).result()).isEqualTo(ActionResult.OTHER_REASON);
        }
        return ctx;
    }

    @Test
    void anAnswerEncodedWhileServedIsSentWithExactlyItsOwnBytes() {
        device.keepInvocationCounters(1234, 0);
        serve(16, AarqApdu.lowestLevel(initiate()));
        Apdu counter = serve(16, new GetRequest.Normal(InvokeIdAndPriority.of(1),
                AttributeDescriptor.of(1, "0-0:43.1.0.255", 2), null));
        byte[] sent = server.encode(counter);
        assertThat(sent).isEqualTo(ApduCodec.encode(counter));
        // the kept bytes are handed over once: a second call encodes afresh, into an array of its own
        byte[] again = server.encode(counter);
        assertThat(again).isEqualTo(sent).isNotSameAs(sent);
        // an answer from before the last request is encoded afresh too, not given the last answer's bytes
        Apdu refused = serve(16, new GetRequest.Normal(InvokeIdAndPriority.of(2), REGISTER, null));
        assertThat(server.encode(counter)).isEqualTo(sent);
        assertThat(server.encode(refused)).isEqualTo(ApduCodec.encode(refused));
    }

    @Test
    void publicClientReadsOnlyTheFrameCounter() {
        device.keepInvocationCounters(1234, 0);
        AareApdu aare = (AareApdu) serve(16, AarqApdu.lowestLevel(initiate()));
        assertThat(aare.result()).isEqualTo(AssociationResult.ACCEPTED);
        GetResponse.Normal counter = (GetResponse.Normal) serve(16, new GetRequest.Normal(InvokeIdAndPriority.of(1),
                AttributeDescriptor.of(1, "0-0:43.1.0.255", 2), null));
        assertThat(counter.result().data()).isEqualTo(DlmsData.u32(1234));
        GetResponse.Normal register = (GetResponse.Normal) serve(16, new GetRequest.Normal(InvokeIdAndPriority.of(2),
                REGISTER, null));
        assertThat(register.result().error()).isEqualTo(DataAccessResult.READ_WRITE_DENIED);
        assertThat(serve(16, new SetRequest.Normal(InvokeIdAndPriority.of(3), REGISTER, null, DlmsData.u32(0))))
                .isInstanceOf(ExceptionResponse.class);
        // and the public client cannot open a secured association, nor the management client an unsecured one
        assertThat(((AareApdu) serve(CLIENT, AarqApdu.lowestLevel(initiate()))).result())
                .isNotEqualTo(AssociationResult.ACCEPTED);
    }

    @Test
    void servesCipheredRequestsAndAbortsOnAReplay() {
        CipheringContext ctx = associate(true);
        CipheredApdu get = ctx.cipher(new GetRequest.Normal(InvokeIdAndPriority.of(2), REGISTER, null));
        Apdu answer = serve(CLIENT, get);
        assertThat(answer).isInstanceOf(CipheredApdu.class);
        GetResponse.Normal plain = ctx.decipher(answer).as(GetResponse.Normal.class).orElseThrow();
        assertThat(plain.result().data().asLong().getAsLong()).isBetween(1_234_568L, 1_236_568L);
        assertThat(device.clientInvocationCounter()).isEqualTo(get.invocationCounter());

        // the same ciphered GET again: no answer, and the association is gone
        assertThat(serve(CLIENT, get)).isNull();
        CipheredApdu fresh = ctx.cipher(new GetRequest.Normal(InvokeIdAndPriority.of(3), REGISTER, null));
        assertThat(serve(CLIENT, fresh)).isInstanceOf(ExceptionResponse.class);
        // a plain GET on a secured association is refused the same way
        ctx = associate(true);
        assertThat(serve(CLIENT, new GetRequest.Normal(InvokeIdAndPriority.of(4), REGISTER, null))).isNull();
    }

    @Test
    void nothingIsServedBeforeTheHlsChallengeIsAnswered() {
        CipheringContext ctx = clientContext(device.clientInvocationCounter() + 1);
        HlsAuthenticator hls = HlsGmac.authenticator(ctx);
        AareApdu aare = (AareApdu) serve(CLIENT, SecuredAcse.aarq(ctx, hls.mechanism(),
                HlsAuthenticator.newChallenge(new SecureRandom(), 16), initiate()));
        assertThat(SecuredAcse.readAare(ctx, aare).accepted()).isTrue();
        Apdu answer = serve(CLIENT, ctx.cipher(new GetRequest.Normal(InvokeIdAndPriority.of(2), REGISTER, null)));
        assertThat(ctx.decipher(answer).apdu()).isInstanceOf(ExceptionResponse.class);
    }

    @Test
    void aWrongProofEstablishesNoAssociation() {
        CipheringContext ctx = associate(false);
        Apdu answer = serve(CLIENT, ctx.cipher(new GetRequest.Normal(InvokeIdAndPriority.of(2), REGISTER, null)));
        assertThat(answer).isInstanceOf(ExceptionResponse.class);
    }
}
