package org.dmct.dlms.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.apdu.ApduCodec;
import org.dmct.dlms.apdu.ApduDecodeResult;
import org.dmct.dlms.apdu.CipheredApdu;
import org.dmct.dlms.apdu.ExceptionResponse;
import org.dmct.dlms.apdu.GeneralGloCipheredApdu;
import org.dmct.dlms.apdu.GetRequest;
import org.dmct.dlms.apdu.InvokeIdAndPriority;
import org.dmct.dlms.cosem.AttributeDescriptor;
import org.dmct.dlms.security.DecipherResult.Failure;
import org.dmct.dlms.security.internal.AesGcm;
import org.junit.jupiter.api.Test;

/**
 * Every way a received ciphered APDU can be wrong comes back as a failed {@link DecipherResult}
 * (or a failed {@link ApduDecodeResult} for broken framing), never as an exception, and no
 * message or toString shows key bytes.
 */
class CipheringFailureTest {

    private static final byte[] OTHER_KEY = Vectors.bytes("FFFEFDFCFBFAF9F8F7F6F5F4F3F2F1F0");
    private static final GetRequest.Normal GET =
            new GetRequest.Normal(InvokeIdAndPriority.of(1), AttributeDescriptor.of(3, "1-0:1.8.0.255", 2));

    /** The captured glo-get-request with counter 0x66 and the server context that accepts it. */
    private static byte[] capturedGet() {
        return Hls5Capture.cipheredApdu(Vectors.find(Hls5Capture.FILE, "get register value", "CLIENT"));
    }

    private static DecipherResult atServer(byte[] apdu) {
        DecipherResult r = Hls5Capture.receiverOf(true).decipher(apdu);
        assertNoKeyIn(r.toString());
        return r;
    }

    private static void assertNoKeyIn(String text) {
        for (byte[] key : new byte[][] {Hls5Capture.EK, Hls5Capture.AK, OTHER_KEY}) {
            assertThat(text).doesNotContainIgnoringCase(HexFormat.of().formatHex(key));
            assertThat(text).doesNotContain(Arrays.toString(key));
        }
    }

    @Test
    void theUnalteredApduDeciphers() {
        assertThat(atServer(capturedGet()).isSuccess()).isTrue();
    }

    @Test
    void aFlippedCiphertextByteFailsAuthentication() {
        byte[] apdu = capturedGet();
        apdu[8] ^= 0x01; // first ciphertext byte after tag, length, SC and IC
        DecipherResult r = atServer(apdu);
        assertThat(r.failure()).contains(Failure.AUTHENTICATION_FAILED);
        assertThat(r.message().orElseThrow()).contains("glo-get-request").contains("invocation counter 102");
    }

    @Test
    void aFlippedTagByteFailsAuthentication() {
        byte[] apdu = capturedGet();
        apdu[apdu.length - 1] ^= (byte) 0x80;
        assertThat(atServer(apdu).failure()).contains(Failure.AUTHENTICATION_FAILED);
    }

    @Test
    void aWrongKeyFailsAuthentication() {
        CipheringContext wrongAk = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .peerSystemTitle(Hls5Capture.CLIENT).encryptionKey(Hls5Capture.EK).authenticationKey(OTHER_KEY).build();
        CipheringContext wrongEk = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .peerSystemTitle(Hls5Capture.CLIENT).encryptionKey(OTHER_KEY).authenticationKey(Hls5Capture.AK).build();
        for (CipheringContext c : new CipheringContext[] {wrongAk, wrongEk}) {
            DecipherResult r = c.decipher(capturedGet());
            assertThat(r.failure()).contains(Failure.AUTHENTICATION_FAILED);
            assertNoKeyIn(r.toString() + c);
            // a forged APDU must not move the peer's counter
            assertThat(c.highestPeerInvocationCounter()).isEqualTo(-1);
        }
    }

    @Test
    void aReplayedCounterIsRefused() {
        CipheringContext server = Hls5Capture.receiverOf(true);
        assertThat(server.decipher(capturedGet()).isSuccess()).isTrue();
        DecipherResult again = server.decipher(capturedGet());
        assertThat(again.failure()).contains(Failure.REPLAYED_COUNTER);
        assertThat(again.message().orElseThrow()).contains("repeats invocation counter 102");
    }

    @Test
    void aCounterBelowTheHighestSeenIsRefused() {
        CipheringContext server = Hls5Capture.receiverOf(true);
        byte[] later = Hls5Capture.cipheredApdu(Vectors.find(Hls5Capture.FILE, "get clock", "CLIENT")); // IC 0x68
        assertThat(server.decipher(later).isSuccess()).isTrue();
        DecipherResult stale = server.decipher(capturedGet()); // IC 0x66
        assertThat(stale.failure()).contains(Failure.STALE_COUNTER);
        assertThat(stale.message().orElseThrow()).contains("102").contains("104");
    }

    @Test
    void aWrongSecurityControlIsRefused() {
        byte[] suite1 = capturedGet();
        suite1[2] = 0x31;
        assertThat(atServer(suite1).failure()).contains(Failure.WRONG_SECURITY_CONTROL);
        byte[] none = capturedGet();
        none[2] = 0x00;
        assertThat(atServer(none).failure()).contains(Failure.WRONG_SECURITY_CONTROL);
        byte[] compressed = capturedGet();
        compressed[2] = (byte) 0xB0;
        assertThat(atServer(compressed).failure()).contains(Failure.UNSUPPORTED);
        byte[] broadcast = capturedGet();
        broadcast[2] = 0x70;
        assertThat(atServer(broadcast).failure()).contains(Failure.UNSUPPORTED);
        // the SC is authenticated data: an SC the policy allows but the sender did not use fails the tag
        CipheringContext authOnlyPolicy = CipheringContext.builder().policy(SecurityPolicy.AUTHENTICATED)
                .ownSystemTitle(Hls5Capture.SERVER).peerSystemTitle(Hls5Capture.CLIENT)
                .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).build();
        byte[] downgraded = capturedGet();
        downgraded[2] = 0x10;
        assertThat(authOnlyPolicy.decipher(downgraded).failure()).contains(Failure.AUTHENTICATION_FAILED);
    }

    @Test
    void lessProtectionThanThePolicyRequiresIsRefused() {
        CipheringContext encryptOnlySender = CipheringContext.builder().policy(SecurityPolicy.ENCRYPTED)
                .ownSystemTitle(Hls5Capture.CLIENT).encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK)
                .build();
        DecipherResult r = Hls5Capture.receiverOf(true).decipher(encryptOnlySender.cipher(GET));
        assertThat(r.failure()).contains(Failure.POLICY_MISMATCH);
        assertThat(r.message().orElseThrow()).contains("AUTHENTICATED_AND_ENCRYPTED");
    }

    @Test
    void truncatedCipheredApdusAreMalformedOrTruncated() {
        byte[] apdu = capturedGet();
        // the length byte claims more than is there: a codec failure, at the length byte
        ApduDecodeResult cut = ApduCodec.decode(Arrays.copyOf(apdu, apdu.length - 1));
        assertThat(cut.isFailure()).isTrue();
        assertThat(cut.reason()).contains("glo-get-request claims 30 bytes but only 29 follow");
        assertThat(cut.offset()).isEqualTo(1);
        assertThat(atServer(Arrays.copyOf(apdu, apdu.length - 1)).failure()).contains(Failure.MALFORMED);
        // content too short for the security header
        ApduDecodeResult header = ApduCodec.decode(Vectors.bytes("C803300000"));
        assertThat(header.reason()).contains("too few for the security header");
        // a consistent length but fewer bytes than the tag
        byte[] shortPayload = Vectors.bytes("C80D30000000660102030405060708");
        DecipherResult r = atServer(shortPayload);
        assertThat(r.failure()).contains(Failure.TRUNCATED);
        assertThat(r.message().orElseThrow()).contains("shorter than the 12-byte authentication tag");
    }

    @Test
    void generalGloCipheringWithAWrongSystemTitleLengthIsMalformed() {
        ApduDecodeResult seven = ApduCodec.decode(Vectors.bytes("DB07414243000000071130000000640102030405060708090A0B0C"));
        assertThat(seven.isFailure()).isTrue();
        assertThat(seven.reason()).isEqualTo("system-title of general-glo-ciphering must be 8 bytes, got 7");
        assertThat(seven.offset()).isEqualTo(1);
        ApduDecodeResult nine = ApduCodec.decode(Vectors.bytes("DB0941424300000000070011300000006401020304050607080"
                + "90A0B0C"));
        assertThat(nine.reason()).contains("must be 8 bytes, got 9");
        assertThat(ApduCodec.decode(Vectors.bytes("DB08414243")).reason()).contains("claims 8 bytes but only 3 follow");
    }

    @Test
    void generalGloCipheringRoundTripsAndChecksTheSender() {
        CipheringContext client = Hls5Capture.senderOf(true, 500);
        GeneralGloCipheredApdu sent = client.cipherGeneral(GET);
        byte[] wire = ApduCodec.encode(sent);
        assertThat(Vectors.hex(wire)).startsWith("DB084142430000000007").contains("30000001F4");
        assertThat(ApduCodec.decode(wire).apdu()).isEqualTo(sent);

        // a receiver that does not know the peer yet learns nothing but can still open it
        CipheringContext stranger = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).build();
        assertThat(stranger.decipher(wire).apdu()).isEqualTo(GET);
        // one that knows another peer refuses it
        CipheringContext other = CipheringContext.builder().ownSystemTitle(Hls5Capture.SERVER)
                .peerSystemTitle(SystemTitle.of("XYZ", 1)).encryptionKey(Hls5Capture.EK)
                .authenticationKey(Hls5Capture.AK).build();
        assertThat(other.decipher(wire).failure()).contains(Failure.SYSTEM_TITLE_MISMATCH);
        // a glo- APDU needs the peer's title
        assertThat(stranger.decipher(client.cipher(GET)).failure()).contains(Failure.SYSTEM_TITLE_UNKNOWN);
    }

    @Test
    void aGloTagCarryingAnotherServiceIsMalformedPlaintext() {
        byte[] setRequest = Vectors.bytes("C1014800080000010000FF0200090C07EA0B16FF0C0000FF000000");
        byte[] payload = AesGcm.protect(0x30, Hls5Capture.CLIENT.bytes(), 7, Hls5Capture.EK, Hls5Capture.AK, setRequest);
        DecipherResult r = Hls5Capture.receiverOf(true).decipher(new CipheredApdu(0xC8, 0x30, 7, payload));
        assertThat(r.failure()).contains(Failure.MALFORMED_PLAINTEXT);
        assertThat(r.message().orElseThrow()).contains("carried set-request (0xC1) instead of get-request (0xC0)");
        byte[] garbage = AesGcm.protect(0x30, Hls5Capture.CLIENT.bytes(), 8, Hls5Capture.EK, Hls5Capture.AK,
                Vectors.bytes("C0FF"));
        DecipherResult g = Hls5Capture.receiverOf(true).decipher(new CipheredApdu(0xC8, 0x30, 8, garbage));
        assertThat(g.failure()).contains(Failure.MALFORMED_PLAINTEXT);
        assertThat(g.plaintext().orElseThrow().isFailure()).isTrue();
    }

    @Test
    void dedicatedAndPlainApdusAreNotOpened() {
        assertThat(atServer(Vectors.bytes("D00D30000000660102030405060708")).failure()).contains(Failure.UNSUPPORTED);
        assertThat(Hls5Capture.receiverOf(true).decipher(GET).failure()).contains(Failure.NOT_CIPHERED);
        assertThat(atServer(new byte[0]).failure()).contains(Failure.MALFORMED);
    }

    @Test
    void authenticationOnlyAndEncryptionOnlyRoundTrip() {
        for (SecurityPolicy policy : new SecurityPolicy[] {SecurityPolicy.AUTHENTICATED, SecurityPolicy.ENCRYPTED}) {
            CipheringContext client = CipheringContext.builder().policy(policy).ownSystemTitle(Hls5Capture.CLIENT)
                    .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).invocationCounter(9).build();
            CipheringContext server = CipheringContext.builder().policy(policy).ownSystemTitle(Hls5Capture.SERVER)
                    .peerSystemTitle(Hls5Capture.CLIENT).encryptionKey(Hls5Capture.EK)
                    .authenticationKey(Hls5Capture.AK).build();
            CipheredApdu c = client.cipher(GET);
            byte[] plain = ApduCodec.encode(GET);
            if (policy == SecurityPolicy.AUTHENTICATED) {
                assertThat(c.securityControl()).isEqualTo(0x10);
                assertThat(Arrays.copyOf(c.payload(), plain.length)).isEqualTo(plain); // readable, but tagged
                assertThat(c.payload()).hasSize(plain.length + 12);
                byte[] tampered = ApduCodec.encode(c);
                tampered[8] ^= 1;
                assertThat(server.decipher(tampered).failure()).contains(Failure.AUTHENTICATION_FAILED);
            } else {
                assertThat(c.securityControl()).isEqualTo(0x20);
                assertThat(c.payload()).hasSize(plain.length).isNotEqualTo(plain);
            }
            assertThat(server.decipher(ApduCodec.encode(c)).apdu()).isEqualTo(GET);
        }
    }

    @Test
    void misuseOfTheSendingSideIsAnExceptionWithoutKeys() {
        CipheringContext none = CipheringContext.builder().policy(SecurityPolicy.NONE).ownSystemTitle(Hls5Capture.CLIENT)
                .encryptionKey(Hls5Capture.EK).authenticationKey(Hls5Capture.AK).build();
        assertThatThrownBy(() -> none.cipher(GET)).hasMessageContaining("policy NONE");
        CipheringContext ok = Hls5Capture.senderOf(true, 0xFFFFFFFFL);
        assertThatThrownBy(() -> ok.cipher(new ExceptionResponse(org.dmct.dlms.apdu.StateError.SERVICE_NOT_ALLOWED,
                org.dmct.dlms.apdu.ServiceError.OPERATION_NOT_POSSIBLE)))
                .hasMessageContaining("no glo- ciphered form");
        ok.cipher(GET);
        assertThatThrownBy(() -> ok.cipher(GET)).hasMessageContaining("invocation counter exhausted");
        assertThatThrownBy(() -> CipheringContext.builder().ownSystemTitle(Hls5Capture.CLIENT)
                .encryptionKey(Arrays.copyOf(Hls5Capture.EK, 15)).authenticationKey(Hls5Capture.AK).build())
                .hasMessageContaining("must be 16 bytes").hasMessageNotContaining("0001020304");
        assertNoKeyIn(ok.toString());
    }
}
