package org.dmct.labconfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the lifecycle CI keystore {@code labs/keys/ci-lifecycle-keys.p12} that {@code labs/ci-lifecycle.yaml} refers
 * to: for the HLS-GMAC ESME of DMC-KRP its encryption and authentication keys, its master key (KEK) and the two
 * replacement keys a 6.15.1 test installs ({@code -2}). Test keys, secret to nobody, with the same published password
 * as the secured CI store. Run {@code CiLifecycleKeysTest} with {@code -Ddmct.regenerateCiKeys=true} to make a new one.
 */
final class CiLifecycleKeys {
    /** AES-128 secret-key entries. */
    static final List<String> AES_ALIASES = List.of("krp-esme-ek", "krp-esme-ak", "krp-esme-kek", "krp-esme-ek-2",
            "krp-esme-ak-2");

    private CiLifecycleKeys() {
    }

    static void generate(Path file) throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        char[] password = CiTestKeys.PASSWORD.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
        for (String alias : AES_ALIASES) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            store.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")), protection);
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
