package org.dmct.adapters.dlms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmct.adapters.dlms.SecuredScriptedPeer.Behaviour;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.model.ServiceResponse;
import org.dmct.core.spi.AdapterContext;
import org.dmct.core.spi.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals of a secured association, each an E20 naming the device and the reason, never a key: a wrong key on
 * either side (the meter rejects the AARQ it cannot decipher, or one side's HLS-ECDSA proof does not verify, so no
 * association is established), and a meter whose answer repeats, goes back on, or alters its invocation counter or
 * ciphertext (a scripted peer). After a refusal the next request associates afresh and works.
 */
class SecuredRefusalTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path dir;

    private static ServiceResponse read(DlmsAdapter adapter, String device, DeviceType type) throws Exception {
        return adapter.execute(new ServiceRequest("f" + IDS.incrementAndGet(), "11.2", device, type, Map.of(), 1))
                .get(30, TimeUnit.SECONDS);
    }

    private static void assertNoKeyIn(SecuredLab lab, ServiceResponse r) {
        for (String key : lab.keyHexes()) {
            assertThat(r.detail().toUpperCase()).doesNotContain(key);
        }
    }

    @Test
    void wrongEncryptionKeyAtTheAdapterIsRefusedByTheMeter() throws Exception {
        try (SecuredLab lab = new SecuredLab();
             DlmsAdapter a = lab.open("DMC-GMAC", SecuredLab.withWrongKey(lab.secrets, "gmac-esme-ek"))) {
            ServiceResponse r = read(a, "GMAC-ESME", DeviceType.ESME);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("GMAC-ESME").contains("refused the association")
                    .contains("AUTHENTICATION_FAILURE");
            assertNoKeyIn(lab, r);
            // still refused: no association was established
            assertThat(read(a, "GMAC-ESME", DeviceType.ESME).code()).isEqualTo(ResponseCode.E20);
        }
    }

    @Test
    void wrongAuthenticationKeyAtTheMeterIsRefused() throws Exception {
        try (SecuredLab lab = new SecuredLab(r -> SecuredLab.withWrongKey(r, "gmac-esme-ak"));
             DlmsAdapter a = lab.open("DMC-GMAC")) {
            ServiceResponse r = read(a, "GMAC-ESME", DeviceType.ESME);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("GMAC-ESME").contains("refused the association")
                    .contains("AUTHENTICATION_FAILURE");
            assertNoKeyIn(lab, r);
            // the other device of the installation, whose keys agree, still works
            assertThat(read(a, "GMAC-GSME", DeviceType.GSME).code()).isEqualTo(ResponseCode.I0);
        }
    }

    @Test
    void harnessSigningWithTheWrongKeyFailsHlsAtTheMeter() throws Exception {
        try (SecuredLab lab = new SecuredLab();
             DlmsAdapter a = lab.open("DMC-ECDSA",
                     SecuredLab.withSwappedSigningKey(lab.secrets, "harness-signing", "ecdsa-gsme-signing"))) {
            ServiceResponse r = read(a, "ECDSA-ESME", DeviceType.ESME);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("HLS authentication with ECDSA-ESME")
                    .contains("refused reply_to_HLS_authentication");
            assertNoKeyIn(lab, r);
        }
    }

    @Test
    void meterSigningWithTheWrongKeyFailsHlsAtTheAdapter() throws Exception {
        try (SecuredLab lab = new SecuredLab(r -> SecuredLab.withSwappedSigningKey(r, "ecdsa-esme-signing",
                "ecdsa-gsme-signing")); DlmsAdapter a = lab.open("DMC-ECDSA")) {
            ServiceResponse r = read(a, "ECDSA-ESME", DeviceType.ESME);
            assertThat(r.code()).isEqualTo(ResponseCode.E20);
            assertThat(r.detail()).contains("HLS authentication with ECDSA-ESME")
                    .contains("signature does not verify");
            assertNoKeyIn(lab, r);
        }
    }

    // ---- a scripted meter ---------------------------------------------------------------------------------------

    private DlmsAdapter adapterFor(SecuredLab lab, SecuredScriptedPeer peer) throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path labFile = dir.resolve("peer.yaml");
        Files.writeString(labFile, """
                lab: { id: peer, title: scripted secured peer }
                profiles: [%s]
                dmcs:
                  - id: DMC-PEER
                    smso: Test
                    installationType: dormant
                    link: { transport: tcp-wrapper, host: 127.0.0.1, port: %d }
                    devices:
                      - id: PEER-ESME
                        type: ESME
                        profile: esme-acme-a1-hls-gmac
                        logicalDevice: 1
                        serialNumber: "PEER-1"
                        security:
                          clientSystemTitle: "4142430000000007"
                          encryptionKey: { env: PEER_EK }
                          authenticationKey: { env: PEER_AK }
                """.formatted(repo.resolve("lab-config/profiles"), peer.port()));
        Lab peerLab = new LabLoader().load(labFile);
        HexFormat hex = HexFormat.of();
        SecretResolver env = SecretResolver.environment(Map.of("PEER_EK", hex.formatHex(SecuredScriptedPeer.EK),
                "PEER_AK", hex.formatHex(SecuredScriptedPeer.AK))::get);
        AdapterContext context = AdapterContext.of(peerLab.dmc("DMC-PEER").orElseThrow(), lab.group,
                (device, request, direction, bytes, note) -> lab.frames.add(new SecuredLab.Frame(device, request,
                        direction, bytes.clone(), note)), Clock.systemUTC(), Duration.ofSeconds(5), env);
        return (DlmsAdapter) new DlmsAdapterProvider().open(context);
    }

    private void refusedThenRecovers(Behaviour misbehaviour, int answersBefore, String failure) throws Exception {
        Behaviour[] script = new Behaviour[answersBefore + 1];
        java.util.Arrays.fill(script, Behaviour.ANSWER);
        script[answersBefore] = misbehaviour;
        try (SecuredLab lab = new SecuredLab(); SecuredScriptedPeer peer = new SecuredScriptedPeer(lab.group, script);
             DlmsAdapter a = adapterFor(lab, peer)) {
            for (int i = 0; i < answersBefore; i++) {
                ServiceResponse ok = read(a, "PEER-ESME", DeviceType.ESME);
                assertThat(ok.values()).as(ok.detail()).containsEntry("firmwareVersion", "SECURED-PEER");
            }
            ServiceResponse refused = read(a, "PEER-ESME", DeviceType.ESME);
            assertThat(refused.code()).isEqualTo(ResponseCode.E20);
            assertThat(refused.detail()).contains("cannot decipher the answer of PEER-ESME to GET 1-0:0.2.0.255")
                    .contains(failure).doesNotContain("000102030405060708090A0B0C0D0E0F")
                    .doesNotContain("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
            ServiceResponse after = read(a, "PEER-ESME", DeviceType.ESME);
            assertThat(after.values()).as(after.detail()).containsEntry("firmwareVersion", "SECURED-PEER");
        }
    }

    @Test
    void replayedCounterFailsTheRequest() throws Exception {
        refusedThenRecovers(Behaviour.REPLAY, 1, "REPLAYED_COUNTER");
    }

    @Test
    void staleCounterFailsTheRequest() throws Exception {
        refusedThenRecovers(Behaviour.STALE, 2, "STALE_COUNTER");
    }

    @Test
    void alteredCiphertextFailsTheRequest() throws Exception {
        refusedThenRecovers(Behaviour.ALTER, 0, "AUTHENTICATION_FAILED");
    }
}
