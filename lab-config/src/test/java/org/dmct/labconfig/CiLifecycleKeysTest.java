package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The committed lifecycle keystore holds, under the documented password, a distinct 16-byte AES key for every alias
 * {@code labs/ci-lifecycle.yaml} and its tests name. With {@code -Ddmct.regenerateCiKeys=true} it is made anew first.
 */
class CiLifecycleKeysTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path LAB = MODULE.resolve("labs/ci-lifecycle.yaml");

    @Test
    @EnabledIfSystemProperty(named = "dmct.regenerateCiKeys", matches = "true")
    void regenerate() throws Exception {
        CiLifecycleKeys.generate(MODULE.resolve("labs/keys/ci-lifecycle-keys.p12"));
    }

    @Test
    void everyAliasIsADistinctAesKey() {
        Lab lab = new LabLoader().load(LAB);
        SecretResolver secrets = KeystoreSecretResolver.forLab(lab,
                SecretResolver.environment(Map.of(CiTestKeys.PASSWORD_VARIABLE, CiTestKeys.PASSWORD)::get));
        Set<String> seen = new HashSet<>();
        for (String alias : CiLifecycleKeys.AES_ALIASES) {
            byte[] key = secrets.resolveKey(new SecretRef(SecretRef.Source.KEYSTORE, alias), 16);
            assertThat(key).hasSize(16);
            assertThat(seen.add(HexFormat.of().formatHex(key))).as(alias + " is distinct").isTrue();
        }
    }

    @Test
    void theLabNamesTheMasterKeyAndAnIhd() {
        Lab lab = new LabLoader().load(LAB);
        var esme = lab.dmc("DMC-KRP").orElseThrow().device("KRP-ESME").orElseThrow();
        assertThat(esme.deviceSecurity().orElseThrow().masterKeyRef())
                .contains(new SecretRef(SecretRef.Source.KEYSTORE, "krp-esme-kek"));
        assertThat(lab.dmc("DMC-LIFE").orElseThrow().device("LIFE-IHD").orElseThrow().profile().id())
                .isEqualTo("ihd-acme-d1");
    }
}
