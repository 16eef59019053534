package org.dmct.dlms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.dmct.dlms.apdu.AareApdu;
import org.dmct.dlms.apdu.AarqApdu;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.Conformance;
import org.dmct.dlms.apdu.ConformanceBit;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.security.internal.P256;
import org.junit.jupiter.api.Test;

/** A whole secured association built and read with {@link SecuredAcse}, client and server both ours, over encoded bytes. */
class SecuredAssociationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static CipheringContext context(SecuritySuite suite, SystemTitle own, long counter) {
        return CipheringContext.builder().suite(suite).ownSystemTitle(own).encryptionKey(Hls5Capture.EK)
                .authenticationKey(Hls5Capture.AK).invocationCounter(counter).build();
    }

    @Test
    void hlsGmacAssociationInBothRoles() {
        CipheringContext client = context(SecuritySuite.SUITE_0, Hls5Capture.CLIENT, 100);
        CipheringContext server = context(SecuritySuite.SUITE_0, Hls5Capture.SERVER, 1);
        associate(client, server, HlsGmac.authenticator(client), HlsGmac.authenticator(server), false);
    }

    @Test
    void hlsGmacWithAWrongAuthenticationKeyFailsAtTheInitiate() {
        CipheringContext client = context(SecuritySuite.SUITE_0, Hls5Capture.CLIENT, 100);
        CipheringContext server = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .encryptionKey(Hls5Capture.EK).authenticationKey(new byte[16]).build();
        AarqApdu aarq = SecuredAcse.aarq(client, AuthenticationMechanism.HIGH_GMAC,
                HlsAuthenticator.newChallenge(RANDOM, 16), InitiateRequest.of(Conformance.of(ConformanceBit.GET), 1024));
        SecuredAcse.AarqReading reading = SecuredAcse.readAarq(server,
                (AarqApdu) ApduCodec.decode(ApduCodec.encode(aarq)).apdu());
        assertThat(reading.isSuccess()).isFalse();
        assertThat(reading.failure()).contains("AUTHENTICATION_FAILED");
    }

    @Test
    void hlsEcdsaAssociationInBothRoles() {
        KeyPair clientKey = P256.generate(RANDOM);
        KeyPair serverKey = P256.generate(RANDOM);
        CipheringContext client = context(SecuritySuite.SUITE_1, Hls5Capture.CLIENT, 1);
        CipheringContext server = context(SecuritySuite.SUITE_1, Hls5Capture.SERVER, 1);
        associate(client, server, HlsEcdsa.authenticator(client, clientKey.getPrivate(), serverKey.getPublic()),
                HlsEcdsa.authenticator(server, serverKey.getPrivate(), clientKey.getPublic()), true);
        assertThat(client.securityControl().value()).isEqualTo(0x31);
    }

    private static void associate(CipheringContext client, CipheringContext server, HlsAuthenticator clientAuth,
                                  HlsAuthenticator serverAuth, boolean tamperProofAfterwards) {
        byte[] ctoS = HlsAuthenticator.newChallenge(RANDOM, 32);
        InitiateRequest initiate = InitiateRequest.of(Conformance.of(ConformanceBit.GET, ConformanceBit.ACTION), 1024);
        AarqApdu aarq = SecuredAcse.aarq(client, clientAuth.mechanism(), ctoS, initiate);
        byte[] aarqBytes = ApduCodec.encode(aarq);

        SecuredAcse.AarqReading atServer = SecuredAcse.readAarq(server, (AarqApdu) ApduCodec.decode(aarqBytes).apdu());
        assertThat(atServer.isSuccess()).as(atServer.toString()).isTrue();
        assertThat(atServer.initiateRequest()).isEqualTo(initiate);
        assertThat(atServer.mechanism()).isEqualTo(clientAuth.mechanism());
        byte[] stoC = HlsAuthenticator.newChallenge(RANDOM, 32);
        InitiateResponse response = InitiateResponse.of(Conformance.of(ConformanceBit.GET, ConformanceBit.ACTION), 1024);
        AareApdu aare = SecuredAcse.aare(server, serverAuth.mechanism(), stoC, response);

        SecuredAcse.AareReading atClient = SecuredAcse.readAare(client,
                (AareApdu) ApduCodec.decode(ApduCodec.encode(aare)).apdu());
        assertThat(atClient.accepted()).as(atClient.toString()).isTrue();
        assertThat(atClient.initiateResponse()).isEqualTo(response);
        assertThat(atClient.serverChallenge()).isEqualTo(stoC);

        ActionRequest.Normal pass3 = SecuredAcse.replyToHlsAuthentication(clientAuth, InvokeIdAndPriority.of(1),
                stoC, ctoS);
        byte[] pass3Bytes = ApduCodec.encode(client.cipher(pass3));
        ActionRequest received3 = server.decipher(pass3Bytes).as(ActionRequest.class).orElseThrow();
        assertThat(SecuredAcse.checkReplyToHlsAuthentication(serverAuth, received3, stoC, ctoS).verified()).isTrue();
        // checked against another challenge, the same proof fails
        assertThat(SecuredAcse.checkReplyToHlsAuthentication(serverAuth, received3, ctoS, stoC).verified()).isFalse();

        ActionResponse.Normal pass4 = SecuredAcse.hlsAuthenticationResponse(serverAuth, InvokeIdAndPriority.of(1),
                ctoS, stoC);
        ActionResponse received4 = client.decipher(ApduCodec.encode(server.cipher(pass4)))
                .as(ActionResponse.class).orElseThrow();
        assertThat(SecuredAcse.checkHlsAuthenticationResponse(clientAuth, received4, ctoS, stoC).verified()).isTrue();
        if (tamperProofAfterwards) {
            assertThat(SecuredAcse.checkHlsAuthenticationResponse(clientAuth, received4, stoC, ctoS).verified())
                    .isFalse();
        }
        // the counters moved strictly: no nonce was used twice on either side
        assertThat(server.highestPeerInvocationCounter()).isLessThan(client.nextInvocationCounter());
        assertThat(client.highestPeerInvocationCounter()).isLessThan(server.nextInvocationCounter());
    }
}
