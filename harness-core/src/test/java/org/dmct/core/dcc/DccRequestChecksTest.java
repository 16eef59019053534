package org.dmct.core.dcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dmct.core.config.ConfigException;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.ResponseCode;
import org.dmct.core.model.ServiceRequest;
import org.dmct.core.srv.SrvCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DCC's checks before a request reaches a device: parameters against the SRV's definition (REJECTED), command
 * variant against criticality (E12), and the Supplier's signature over a critical request's Pre-Command (E1), with the
 * signatures checked by an independent implementation (the openssl command) as well as by ours.
 */
class DccRequestChecksTest {
    private final SupplierKeys keys = SupplierKeys.generate();
    private final DccRequestChecks dcc = new DccRequestChecks(SrvCatalogue.builtIn(), keys);

    @TempDir
    Path dir;

    private static ServiceRequest request(String srv, int cv, Map<String, Object> params) {
        return new ServiceRequest("DMC-A/T-1/s1/a1", srv, "ESME-1", DeviceType.ESME, params, cv);
    }

    private Optional<DccRequestChecks.Refusal> send(ServiceRequest r, SignatureMode mode) {
        return dcc.check(r, dcc.sign(r, mode).orElse(null));
    }

    @Test
    void aCriticalRequestSignedWithTheRegisteredKeyPasses() {
        assertThat(send(request("7.2", 4, Map.of()), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("7.2", 5, Map.of()), SignatureMode.VALID)).isEmpty();
    }

    @Test
    void aCriticalRequestWithoutAValidSignatureIsRefusedWithE1() {
        ServiceRequest r = request("7.2", 4, Map.of());
        assertThat(send(r, SignatureMode.MISSING)).get().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ResponseCode.E1);
            assertThat(x.reason()).contains("no Supplier signature");
        });
        assertThat(send(r, SignatureMode.ALTERED)).get().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ResponseCode.E1);
            assertThat(x.reason()).contains("differs from what was signed");
        });
        assertThat(send(r, SignatureMode.WRONG_KEY)).get().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ResponseCode.E1);
            assertThat(x.reason()).contains("which is not registered");
        });
    }

    @Test
    void aSignatureForAnotherRequestIsRefused() {
        SignedPreCommand forOther = dcc.sign(request("7.2", 4, Map.of()), SignatureMode.VALID).orElseThrow();
        ServiceRequest armInstead = request("7.3", 4, Map.of());
        assertThat(dcc.check(armInstead, forOther)).get().extracting(DccRequestChecks.Refusal::code)
                .isEqualTo(ResponseCode.E1);
    }

    @Test
    void theCommandVariantMustMatchTheSrvsCriticality() {
        assertThat(send(request("7.1", 1, Map.of()), SignatureMode.VALID)).get().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ResponseCode.E12);
            assertThat(x.reason()).contains("7.1").contains("critical").contains("command variant 1");
        });
        assertThat(send(request("4.1.1", 4, Map.of()), SignatureMode.VALID)).get()
                .extracting(DccRequestChecks.Refusal::code).isEqualTo(ResponseCode.E12);
        assertThat(send(request("4.1.1", 1, Map.of()), SignatureMode.VALID)).isEmpty();
        assertThat(dcc.sign(request("4.1.1", 1, Map.of()), SignatureMode.VALID)).isEmpty();
    }

    @Test
    void parametersThatDoNotConformAreRejectedNamingEachProblem() {
        assertThat(reason("2.2", Map.of("utrn", "12345"))).contains("parameter 'utrn'").contains("20 digits");
        assertThat(reason("2.2", Map.of())).contains("parameter 'utrn' is required");
        assertThat(reason("7.2", Map.of("force", "yes"))).contains("parameter 'force' is not defined")
                .contains("it takes none");
        assertThat(reason("1.2.1", Map.of())).contains("at least one of [prices, standingCharge]");
        assertThat(reason("1.2.1", Map.of("prices", "2860,abc"))).contains("item 2 'abc' is not a whole number");
        assertThat(reason("1.2.1", Map.of("prices", List.of("2860", "-1")))).contains("item 2 -1 is below the minimum 0");
        assertThat(reason("1.5", Map.of("adjustmentPence", "ten pounds"))).contains("not a whole number");
        assertThat(reason("6.11", Map.of("time", "yesterday"))).contains("not an ISO-8601 date-time");
        assertThat(reason("6.13", Map.of("log", "audit"))).contains("not one of [event, security]");
        assertThat(reason("3.1", Map.of("message", List.of("a")))).contains("expected text, found a list");
        assertThat(reason("6.15.1", Map.of("encryptionKey", "000102030405060708090A0B0C0D0E0F")))
                .contains("does not match a key reference, keystore:ALIAS or env:NAME");
        assertThat(reason("6.15.1", Map.of())).contains("at least one of [encryptionKey, authenticationKey]");
        assertThat(reason("11.1", Map.of("imageIdentifier", "P4X2G05", "imageHex", "ABCDEFG".repeat(40))))
                .contains("...' (280 characters) does not match an even number of hex digits");
        assertThat(reason("4.6.1", Map.of("from", "last week"))).contains("parameter 'from'");
        assertThat(reason("8.1.1", Map.of("activate", "yes"))).contains("not one of [true, false]");
        assertThat(reason("11.2", Map.of("credentials", "previous", "verbose", "true")))
                .contains("parameter 'verbose' is not defined").doesNotContain("'credentials'");
    }

    @Test
    void conformingParametersAndTheHarnessOwnParameterPass() {
        assertThat(send(request("2.2", 1, Map.of("utrn", "00000000000000000000")), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("1.5", 4, Map.of("adjustmentPence", "-950")), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("1.2.1", 4, Map.of("prices", "2860,1420")), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("6.11", 4, Map.of("time", "now")), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("6.11", 4, Map.of("time", "2026-11-23T10:00:00Z")), SignatureMode.VALID)).isEmpty();
        assertThat(send(request("7.2", 4, Map.of("credentials", "previous")), SignatureMode.VALID)).isEmpty();
        // An SRV without a definition in the catalogue is left to its adapter mapping.
        assertThat(send(request("4.1.1", 1, Map.of("anything", "x")), SignatureMode.VALID)).isEmpty();
    }

    @Test
    void aRefusalNamesItsProblemsInOneOrderAndNeverQuotesAKeyReferenceParameter() {
        Map<String, Object> bad = new java.util.HashMap<>();
        bad.put("zeta", "1");
        bad.put("alpha", "2");
        bad.put("message", "x".repeat(161));
        String first = reason("3.1", bad);
        assertThat(first).matches(".*'alpha'.*characters long, more than 160.*'zeta'.*");
        for (int i = 0; i < 20; i++) {
            Map<String, Object> shuffled = new java.util.LinkedHashMap<>();
            List<String> names = new java.util.ArrayList<>(bad.keySet());
            java.util.Collections.shuffle(names, new java.util.Random(i));
            names.forEach(n -> shuffled.put(n, bad.get(n)));
            assertThat(reason("3.1", shuffled)).isEqualTo(first);
        }
        String clearKey = "000102030405060708090A0B0C0D0E0F";
        assertThat(reason("6.15.1", Map.of("encryptionKey", clearKey))).doesNotContain(clearKey)
                .contains("the value (not shown)");
        assertThat(send(request("6.15.1", 4, Map.of("encryptionKey", " Keystore : krp-esme-ek-2")),
                SignatureMode.VALID)).isEmpty();
        assertThat(reason("1.2.1", Map.of("prices", "1,2,3,4,5,6,7,8,9"))).contains("has 9 items, more than 8");
        assertThat(reason("6.13", Map.of("lastEntries", "4294967296"))).contains("above the maximum 4294967295");
    }

    @Test
    void onlyTheDerFormOfASignatureVerifies() throws Exception {
        byte[] payload = SignedPreCommand.preCommand(request("7.2", 4, Map.of()));
        byte[] der = keys.sign(payload, true);
        assertThat(SupplierKeys.verify(keys.registered(), payload, der)).isTrue();
        // The same SEQUENCE with a long-form length: valid BER, not DER.
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = der[1];
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        assertThat(SupplierKeys.verify(keys.registered(), payload, ber)).isFalse();
        assertThat(SupplierKeys.verify(keys.registered(), payload, new byte[] {0x30, 0x00})).isFalse();
        assertThat(SupplierKeys.verify(keys.registered(), payload, "not DER".getBytes())).isFalse();
    }

    private String reason(String srv, Map<String, Object> params) {
        int cv = SrvCatalogue.builtIn().find(srv).orElseThrow().critical() ? 4 : 1;
        Optional<DccRequestChecks.Refusal> refusal = send(request(srv, cv, params), SignatureMode.VALID);
        assertThat(refusal).as(srv + " " + params).isPresent();
        assertThat(refusal.get().code()).isEqualTo(ResponseCode.REJECTED);
        return refusal.get().reason();
    }

    @Test
    void seededKeysSignAlikeAndDifferentSeedsDiffer() {
        byte[] payload = SignedPreCommand.preCommand(request("7.2", 4, Map.of()));
        assertThat(SupplierKeys.derive(7).sign(payload, true)).isEqualTo(SupplierKeys.derive(7).sign(payload, true));
        assertThat(SupplierKeys.keyId(SupplierKeys.derive(7).registered()))
                .isNotEqualTo(SupplierKeys.keyId(SupplierKeys.derive(8).registered()))
                .isNotEqualTo(SupplierKeys.derive(7).signerKeyId(false));
    }

    @Test
    void theSignatureIsOneOpensslVerifiesWithTheRegisteredKey() throws Exception {
        ServiceRequest r = request("1.5", 4, Map.of("adjustmentPence", "-950"));
        SignedPreCommand signed = dcc.sign(r, SignatureMode.VALID).orElseThrow();
        Path key = Files.write(dir.resolve("supplier.der"), Base64.getDecoder().decode(
                (String) dcc.registeredKeyEvidence().get("supplierPublicKey")));
        Path payload = Files.write(dir.resolve("pre-command.json"), signed.payload());
        Path signature = Files.write(dir.resolve("signature.der"), Base64.getDecoder().decode(
                (String) signed.evidence().get("value")));
        assertThat(new String(signed.payload(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "{\"commandVariant\":4,\"deviceId\":\"ESME-1\",\"deviceType\":\"ESME\",\"params\":"
                        + "{\"adjustmentPence\":\"-950\"},\"requestId\":\"DMC-A/T-1/s1/a1\",\"srv\":\"1.5\"}");
        assertThat(openssl(key, signature, payload)).isEqualTo("Verified OK");

        Path other = Files.write(dir.resolve("other.json"), SignedPreCommand.preCommand(request("7.2", 4, Map.of())));
        assertThat(openssl(key, signature, other)).isEqualTo("Verification failure");
        SignedPreCommand wrongKey = dcc.sign(r, SignatureMode.WRONG_KEY).orElseThrow();
        Files.write(signature, Base64.getDecoder().decode((String) wrongKey.evidence().get("value")));
        assertThat(openssl(key, signature, payload)).isEqualTo("Verification failure");
    }

    private String openssl(Path key, Path signature, Path payload) throws Exception {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-keyform", "DER", "-verify", key.toString(),
                "-signature", signature.toString(), payload.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().findFirst().orElse("");
    }

    @Test
    void aCatalogueWithABadParameterDefinitionNamesFileLineAndField() throws Exception {
        Path file = Files.writeString(dir.resolve("catalogue.yaml"), """
                srvs:
                  - srv: "2.2"
                    name: Top Up Device
                    targets: [ESME]
                    params:
                      utrn: { type: digits, pattern: "[0-9" }
                    atLeastOneOf: [token]
                """);
        assertThatThrownBy(() -> SrvCatalogue.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("catalogue.yaml:6").hasMessageContaining("unknown parameter type 'digits'")
                .hasMessageContaining("not a regular expression")
                .hasMessageContaining("catalogue.yaml:7").hasMessageContaining("'token' is not one of the params");
    }
}
