package org.dmct.dlms.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.ActionRequest;
import org.dmct.dlms.apdu.ActionResponse;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.AuthenticationMechanism;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.GetResponse;
import org.dmct.dlms.apdu.InitiateRequest;
import org.dmct.dlms.apdu.InitiateResponse;
import org.dmct.dlms.wrapper.WrapperPipeline;
import org.junit.jupiter.api.Test;

/**
 * Suite 0 against the jDLMS 1.8.0 HLS-GMAC capture: every ciphered APDU deciphers to the captured
 * plaintext, every plaintext re-ciphers byte for byte with the captured counter, and both HLS
 * proofs verify against the captured challenges.
 */
class CaptureDecipherTest {

    @Test
    void everyCipheredApduOfTheCaptureDeciphersToTheCapturedPlaintext() {
        CipheringContext server = Hls5Capture.receiverOf(true);
        CipheringContext client = Hls5Capture.receiverOf(false);
        List<Vectors.Line> lines = Hls5Capture.lines();
        int opened = 0;
        for (Vectors.Line line : lines) {
            assertThat(line.cosemCiphered()).as("%s has a ciphered APDU", line).isNotNull();
            CipheringContext receiver = line.fromClient() ? server : client;
            DecipherResult r = receiver.decipher(Hls5Capture.cipheredApdu(line));
            assertThat(r.isSuccess()).as("%s: %s", line, r).isTrue();
            assertThat(Vectors.hex(r.plaintext().orElseThrow().bytes())).as(line.toString())
                    .isEqualTo(Vectors.hex(line.cosemPlain()));
            opened++;
        }
        assertThat(opened).isEqualTo(lines.size()).isEqualTo(22);
        // the counters the README describes: the client starts at 100, the server at 1
        assertThat(server.highestPeerInvocationCounter()).isEqualTo(100 + 10);
        assertThat(client.highestPeerInvocationCounter()).isEqualTo(11);
    }

    @Test
    void everyPlaintextReciphersByteForByteWithTheCapturedCounter() {
        for (Vectors.Line line : Hls5Capture.lines()) {
            byte[] captured = Hls5Capture.cipheredApdu(line);
            CipheredApdu parsed = (CipheredApdu) ApduCodec.decode(captured).apdu();
            CipheringContext sender = Hls5Capture.senderOf(line.fromClient(), parsed.invocationCounter());
            byte[] ours = ApduCodec.encode(sender.cipher(line.cosemPlain()));
            assertThat(Vectors.hex(ours)).as(line.toString()).isEqualTo(Vectors.hex(captured));
            // jDLMS reports the client's APDUs whole and the server's without tag and length
            byte[] cosemCiphered = line.cosemCiphered();
            assertThat(Vectors.hex(ours)).as(line.toString()).endsWith(Vectors.hex(cosemCiphered));
            assertThat(cosemCiphered.length).isGreaterThanOrEqualTo(ours.length - 4);
            assertThat(sender.nextInvocationCounter()).isEqualTo(parsed.invocationCounter() + 1);
        }
    }

    @Test
    void capturedHlsProofsVerifyAgainstTheCapturedChallenges() {
        byte[] ctoS = Hls5Capture.aarq().callingAuthenticationValue();
        byte[] stoC = Hls5Capture.aare().respondingAuthenticationValue();
        assertThat(ctoS).hasSize(64);
        assertThat(stoC).hasSize(64);
        ActionRequest.Normal reply = (ActionRequest.Normal) ApduCodec.decode(Hls5Capture.lines().get(2).cosemPlain()).apdu();
        ActionResponse.Normal answer = (ActionResponse.Normal) ApduCodec.decode(Hls5Capture.lines().get(3).cosemPlain()).apdu();
        byte[] fStoC = reply.parameters().asBytes().orElseThrow();
        byte[] fCtoS = answer.returnParameters().data().asBytes().orElseThrow();

        assertThat(HlsGmac.verify(fStoC, SecuritySuite.SUITE_0, Hls5Capture.CLIENT, Hls5Capture.EK, Hls5Capture.AK, stoC))
                .isEqualTo(HlsVerification.ok());
        assertThat(HlsGmac.verify(fCtoS, SecuritySuite.SUITE_0, Hls5Capture.SERVER, Hls5Capture.EK, Hls5Capture.AK, ctoS))
                .isEqualTo(HlsVerification.ok());
        // and we compute the same proofs: SC 0x10, the prover's counter, the 12-byte GMAC
        assertThat(Vectors.hex(HlsGmac.proof(SecuritySuite.SUITE_0, Hls5Capture.CLIENT, 0x65, Hls5Capture.EK,
                Hls5Capture.AK, stoC))).isEqualTo(Vectors.hex(fStoC)).startsWith("1000000065");
        assertThat(Vectors.hex(HlsGmac.proof(SecuritySuite.SUITE_0, Hls5Capture.SERVER, 2, Hls5Capture.EK,
                Hls5Capture.AK, ctoS))).isEqualTo(Vectors.hex(fCtoS)).startsWith("1000000002");

        // a proof over the other challenge, or by the other title, or with an altered byte, fails
        assertThat(HlsGmac.verify(fStoC, SecuritySuite.SUITE_0, Hls5Capture.CLIENT, Hls5Capture.EK, Hls5Capture.AK, ctoS)
                .verified()).isFalse();
        assertThat(HlsGmac.verify(fStoC, SecuritySuite.SUITE_0, Hls5Capture.SERVER, Hls5Capture.EK, Hls5Capture.AK, stoC)
                .verified()).isFalse();
        byte[] altered = fStoC.clone();
        altered[16] ^= 1;
        assertThat(HlsGmac.verify(altered, SecuritySuite.SUITE_0, Hls5Capture.CLIENT, Hls5Capture.EK, Hls5Capture.AK, stoC)
                .reason()).contains("does not verify");
        byte[] otherSc = fStoC.clone();
        otherSc[0] = 0x30;
        assertThat(HlsGmac.verify(otherSc, SecuritySuite.SUITE_0, Hls5Capture.CLIENT, Hls5Capture.EK, Hls5Capture.AK, stoC)
                .reason()).contains("security control 0x30");
        assertThat(HlsGmac.verify(Arrays.copyOf(fStoC, 16), SecuritySuite.SUITE_0, Hls5Capture.CLIENT, Hls5Capture.EK,
                Hls5Capture.AK, stoC).reason()).contains("17 bytes");
    }

    @Test
    void securedAcseReadsTheCapturedAssociationInBothRoles() {
        CipheringContext server = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).invocationCounter(1).build();
        SecuredAcse.AarqReading aarq = SecuredAcse.readAarq(server, Hls5Capture.aarq());
        assertThat(aarq.isSuccess()).as(aarq.toString()).isTrue();
        assertThat(aarq.mechanism()).isEqualTo(AuthenticationMechanism.HIGH_GMAC);
        assertThat(server.peerSystemTitle()).contains(Hls5Capture.CLIENT);
        assertThat(aarq.initiateRequest()).isEqualTo(ApduCodec.decode(Hls5Capture.lines().get(0).cosemPlain()).apdu())
                .isInstanceOf(InitiateRequest.class);

        CipheringContext client = CipheringContext.builder().ownSystemTitle(Hls5Capture.CLIENT)
                .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).invocationCounter(100).build();
        SecuredAcse.AareReading aare = SecuredAcse.readAare(client, Hls5Capture.aare());
        assertThat(aare.accepted()).as(aare.toString()).isTrue();
        assertThat(client.peerSystemTitle()).contains(Hls5Capture.SERVER);
        assertThat(aare.initiateResponse()).isEqualTo(ApduCodec.decode(Hls5Capture.lines().get(1).cosemPlain()).apdu())
                .isInstanceOf(InitiateResponse.class);
        assertThat(aare.serverChallenge()).isEqualTo(Hls5Capture.aare().respondingAuthenticationValue());

        // pass 3 as captured, checked by the server side
        ActionRequest pass3 = server.decipher(Hls5Capture.cipheredApdu(Hls5Capture.lines().get(2)))
                .as(ActionRequest.class).orElseThrow();
        assertThat(SecuredAcse.checkReplyToHlsAuthentication(HlsGmac.authenticator(server), pass3,
                aare.serverChallenge(), aarq.clientChallenge()).verified()).isTrue();
        // pass 4 as captured, checked by the client side
        ActionResponse pass4 = client.decipher(Hls5Capture.cipheredApdu(Hls5Capture.lines().get(3)))
                .as(ActionResponse.class).orElseThrow();
        assertThat(SecuredAcse.checkHlsAuthenticationResponse(HlsGmac.authenticator(client), pass4,
                aarq.clientChallenge(), aare.serverChallenge()).verified()).isTrue();
    }

    @Test
    void cipheredFramesComeThroughTheWrapperPipelineAndDecipher() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WrapperPipeline.install(channel.pipeline(), 1, 1, new org.dmct.dlms.RawFrameListener() { });
        Vectors.Line line = Vectors.find(Hls5Capture.FILE, "get register value", "SERVER");
        channel.writeInbound(Unpooled.wrappedBuffer(line.frame()));
        ApduDecodeResult r = channel.readInbound();
        CipheredApdu ciphered = r.as(CipheredApdu.class).orElseThrow();
        assertThat(ciphered.tagName()).isEqualTo("glo-get-response");
        assertThat(ciphered.securityControl()).isEqualTo(0x30);
        assertThat(ciphered.invocationCounter()).isEqualTo(3);
        DecipherResult plain = Hls5Capture.receiverOf(false).decipher(ciphered);
        assertThat(plain.as(GetResponse.Normal.class).orElseThrow().result().data().asLong()).hasValue(1234568);
        channel.finishAndReleaseAll();
    }
}
