package org.dmct.dlms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.kdf.ConcatenationKDFGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KDFParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;
import org.dmct.dlms.Vectors;
import org.dmct.dlms.axdr.AxdrCodec;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.security.internal.P256;
import org.junit.jupiter.api.Test;

/**
 * Suite 1: HLS-ECDSA signatures in DLMS's raw r || s form and ECDH key agreement with the
 * concatenation KDF, checked by round trips, by altered bytes, and against independent sources:
 * the RFC 6979 P-256/SHA-256 example signature, the NIST CAVS ECC CDH P-256 vector, and
 * BouncyCastle's own ECDH and SP 800-56A KDF computing the same key.
 */
class Suite1Test {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SystemTitle CLIENT = SystemTitle.of("ABC", 7);
    private static final SystemTitle SERVER = SystemTitle.of("FRN", 4711);

    private static CipheringContext context(SystemTitle own, SystemTitle peer) {
        return CipheringContext.builder().suite(SecuritySuite.SUITE_1).ownSystemTitle(own).peerSystemTitle(peer)
                .encryptionKey(new byte[16]).authenticationKey(new byte[16]).build();
    }

    @Test
    void hlsEcdsaProofsVerifyBothWaysAndFailOnAnyChange() {
        KeyPair clientKey = P256.generate(RANDOM);
        KeyPair serverKey = P256.generate(RANDOM);
        HlsAuthenticator client = HlsEcdsa.authenticator(context(CLIENT, SERVER), clientKey.getPrivate(),
                serverKey.getPublic());
        HlsAuthenticator server = HlsEcdsa.authenticator(context(SERVER, CLIENT), serverKey.getPrivate(),
                clientKey.getPublic());
        byte[] ctoS = HlsAuthenticator.newChallenge(RANDOM, 32);
        byte[] stoC = HlsAuthenticator.newChallenge(RANDOM, 48);

        byte[] fStoC = client.proof(stoC, ctoS);
        assertThat(fStoC).hasSize(64);
        assertThat(server.verify(fStoC, stoC, ctoS).verified()).isTrue();
        // the client signed ST-C || ST-S || StoC || CtoS, exactly
        assertThat(HlsEcdsa.verify(clientKey.getPublic(),
                concat(CLIENT.bytes(), SERVER.bytes(), stoC, ctoS), fStoC)).isTrue();

        byte[] fCtoS = server.proof(ctoS, stoC);
        assertThat(client.verify(fCtoS, ctoS, stoC).verified()).isTrue();
        assertThat(HlsEcdsa.verify(serverKey.getPublic(),
                concat(SERVER.bytes(), CLIENT.bytes(), ctoS, stoC), fCtoS)).isTrue();

        byte[] altered = fStoC.clone();
        altered[10] ^= 1;
        assertThat(server.verify(altered, stoC, ctoS).verified()).isFalse();
        byte[] otherChallenge = stoC.clone();
        otherChallenge[0] ^= 1;
        assertThat(server.verify(fStoC, otherChallenge, ctoS).verified()).isFalse();
        // a server proof replayed as a client proof fails: the title order differs
        assertThat(server.verify(fCtoS, stoC, ctoS).verified()).isFalse();
        assertThat(server.verify(Arrays.copyOf(fStoC, 63), stoC, ctoS).reason()).contains("64-byte");
    }

    @Test
    void ourRawSignatureFormatMatchesRfc6979() {
        // RFC 6979 A.2.5, P-256, SHA-256, message "sample"
        byte[] x = Vectors.bytes("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
        ECPublicKey pub = P256.decodePublic(Vectors.bytes(
                "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
                        + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"));
        byte[] sample = "sample".getBytes(StandardCharsets.US_ASCII);
        byte[] rs = Vectors.bytes("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
        assertThat(HlsEcdsa.verify(pub, sample, rs)).isTrue();
        byte[] wrong = rs.clone();
        wrong[63] ^= 1;
        assertThat(HlsEcdsa.verify(pub, sample, wrong)).isFalse();

        // BouncyCastle's deterministic signer gives the same r and s; and our signature verifies under BC
        X9ECParameters curve = NISTNamedCurves.getByName("P-256");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECDSASigner det = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        det.init(true, new ECPrivateKeyParameters(new BigInteger(1, x), domain));
        BigInteger[] sig = det.generateSignature(sha256(sample));
        assertThat(Vectors.hex(concat(BigIntegers.asUnsignedByteArray(32, sig[0]),
                BigIntegers.asUnsignedByteArray(32, sig[1])))).isEqualTo(Vectors.hex(rs));

        byte[] ours = HlsEcdsa.sign(P256.decodePrivate(x), sample);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(curve.getCurve().decodePoint(
                concat(new byte[] {4}, P256.encodePublic(pub))), domain));
        assertThat(verifier.verifySignature(sha256(sample), new BigInteger(1, Arrays.copyOf(ours, 32)),
                new BigInteger(1, Arrays.copyOfRange(ours, 32, 64)))).isTrue();
    }

    @Test
    void ecdhSharedSecretMatchesTheNistCdhVector() {
        // NIST CAVS ECC CDH primitive test vectors, P-256, COUNT = 0
        ECPublicKey qCavs = P256.decodePublic(Vectors.bytes(
                "700C48F77F56584C5CC632CA65640DB91B6BACCE3A4DF6B42CE7CC838833D287"
                        + "DB71E509E3FD9B060DDB20BA5C51DCC5948D46FBF640DFE0441782CAB85FA4AC"));
        byte[] dIut = Vectors.bytes("7D7DC5F71EB29DDAF80D6214632EEAE03D9058AF1FB6D22ED80BADB62BC1A534");
        assertThat(Vectors.hex(EcdhKeyAgreement.sharedSecret(P256.decodePrivate(dIut), qCavs)))
                .isEqualTo("46FC62106420FF012E54A434FBDD2D25CCC5852060561E68040DD7778997BD7B");
    }

    @Test
    void bothSidesDeriveTheSameKeyAsBouncyCastleDoes() {
        KeyPair clientSigning = P256.generate(RANDOM);
        KeyPair serverSigning = P256.generate(RANDOM);
        KeyPair clientEphemeral = EcdhKeyAgreement.newEphemeralKeyPair(RANDOM);
        KeyPair serverEphemeral = EcdhKeyAgreement.newEphemeralKeyPair(RANDOM);

        // client -> server: the method parameter, through A-XDR
        KeyAgreementData offer = EcdhKeyAgreement.offer(GlobalKeyId.GLOBAL_UNICAST_ENCRYPTION, clientEphemeral,
                clientSigning.getPrivate());
        byte[] parameter = AxdrCodec.encode(KeyAgreementData.encode(List.of(offer)));
        // array of 1, structure of 2, enum 0, octet-string of 128
        assertThat(Vectors.hex(parameter)).startsWith("010102021600098180").hasSize(2 * (9 + 128));
        KeyAgreementData.Decoded received = KeyAgreementData.decode(AxdrCodec.decode(parameter));
        assertThat(received.isSuccess()).isTrue();
        assertThat(received.entries()).containsExactly(offer);
        EcdhKeyAgreement.Accepted atServer = EcdhKeyAgreement.accept(received.entries().get(0), clientSigning.getPublic());
        assertThat(atServer.isSuccess()).as(String.valueOf(atServer.failure())).isTrue();

        // server -> client: the return value
        KeyAgreementData answer = EcdhKeyAgreement.offer(GlobalKeyId.GLOBAL_UNICAST_ENCRYPTION, serverEphemeral,
                serverSigning.getPrivate());
        EcdhKeyAgreement.Accepted atClient = EcdhKeyAgreement.accept(answer, serverSigning.getPublic());
        assertThat(atClient.isSuccess()).isTrue();

        byte[] serverKey = EcdhKeyAgreement.deriveKey(serverEphemeral.getPrivate(), atServer.peerEphemeralKey(),
                CLIENT, SERVER);
        byte[] clientKey = EcdhKeyAgreement.deriveKey(clientEphemeral.getPrivate(), atClient.peerEphemeralKey(),
                CLIENT, SERVER);
        assertThat(clientKey).hasSize(16).isEqualTo(serverKey);

        // independent: BouncyCastle's ECDH and SP 800-56A concatenation KDF
        X9ECParameters curve = NISTNamedCurves.getByName("P-256");
        ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
        ECDHBasicAgreement bcEcdh = new ECDHBasicAgreement();
        bcEcdh.init(new ECPrivateKeyParameters(((ECPrivateKey) clientEphemeral.getPrivate()).getS(), domain));
        byte[] z = BigIntegers.asUnsignedByteArray(32, bcEcdh.calculateAgreement(new ECPublicKeyParameters(
                curve.getCurve().decodePoint(concat(new byte[] {4}, P256.encodePublic(serverEphemeral.getPublic()))),
                domain)));
        ConcatenationKDFGenerator kdf = new ConcatenationKDFGenerator(new SHA256Digest());
        kdf.init(new KDFParameters(z, concat(Vectors.bytes("60857405080300"), CLIENT.bytes(), SERVER.bytes())));
        byte[] bcKey = new byte[16];
        kdf.generateBytes(bcKey, 0, 16);
        assertThat(Vectors.hex(clientKey)).isEqualTo(Vectors.hex(bcKey));

        // the titles matter: swapped roles give another key
        assertThat(EcdhKeyAgreement.deriveKey(clientEphemeral.getPrivate(), atClient.peerEphemeralKey(), SERVER, CLIENT))
                .isNotEqualTo(clientKey);
    }

    @Test
    void aKeyAgreementEntryWithAChangedByteOrTheWrongSignerIsRefused() {
        KeyPair signing = P256.generate(RANDOM);
        KeyAgreementData offer = EcdhKeyAgreement.offer(GlobalKeyId.AUTHENTICATION, P256.generate(RANDOM),
                signing.getPrivate());
        byte[] keyData = offer.keyData();
        keyData[5] ^= 1;
        assertThat(EcdhKeyAgreement.accept(new KeyAgreementData(GlobalKeyId.AUTHENTICATION, keyData),
                signing.getPublic()).failure()).contains("does not verify");
        // the key id is signed too
        assertThat(EcdhKeyAgreement.accept(new KeyAgreementData(GlobalKeyId.MASTER, offer.keyData()),
                signing.getPublic()).isSuccess()).isFalse();
        assertThat(EcdhKeyAgreement.accept(offer, P256.generate(RANDOM).getPublic()).isSuccess()).isFalse();
    }

    @Test
    void malformedKeyAgreementParametersAreFailuresNotExceptions() {
        assertThat(KeyAgreementData.decode(DlmsData.u8(1)).failure()).contains("must be an array");
        assertThat(KeyAgreementData.decode(DlmsData.array()).failure()).contains("empty array");
        assertThat(KeyAgreementData.decode(DlmsData.array(DlmsData.u8(1))).failure()).contains("structure of 2");
        assertThat(KeyAgreementData.decode(DlmsData.array(DlmsData.structure(DlmsData.u8(0),
                DlmsData.octets(new byte[128])))).failure()).contains("key_id must be an enum");
        assertThat(KeyAgreementData.decode(DlmsData.array(DlmsData.structure(DlmsData.enumValue(9),
                DlmsData.octets(new byte[128])))).failure()).contains("key_id 9 is undefined");
        assertThat(KeyAgreementData.decode(DlmsData.array(DlmsData.structure(DlmsData.enumValue(0),
                DlmsData.octets(new byte[64])))).failure()).contains("64 bytes, expected 128");
        assertThat(KeyAgreementData.decode(DlmsData.array(DlmsData.structure(DlmsData.enumValue(0),
                DlmsData.u8(1)))).failure()).contains("octet-string");
    }

    @Test
    void offCurvePublicKeysAreRefused() {
        byte[] bogus = new byte[64];
        bogus[31] = 1;
        bogus[63] = 1;
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> P256.decodePublic(bogus)))
                .hasMessageContaining("not a point on P-256");
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
