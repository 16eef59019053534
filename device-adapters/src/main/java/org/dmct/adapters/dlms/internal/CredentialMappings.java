package org.dmct.adapters.dlms.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.DeviceSecurity;
import org.dmct.core.profile.DeviceFunction;
import org.dmct.dlms.axdr.DlmsData;
import org.dmct.dlms.security.CipheringContext;
import org.dmct.dlms.security.KeyWrap;

/**
 * 6.15.1 Update Security Credentials on a DLMS device: Security setup's global_key_transfer (class 64 method 2) with
 * each new key wrapped by the device's master key (KEK, the lab's {@code security.masterKey}) per RFC 3394. The new
 * keys are named by reference only, as parameters {@code encryptionKey} and/or {@code authenticationKey} written
 * {@code keystore:alias} or {@code env:NAME}; a key written in clear is refused. After the device accepts, the
 * adapter associates with the new keys ({@link CurrentCredentials}). Values: {@code keysReplaced} (the key names),
 * {@code encryptionKey}, {@code authenticationKey} (the references now in force).
 */
final class CredentialMappings {
    private static final int GLOBAL_KEY_TRANSFER = 2;
    private static final int UNICAST_ENCRYPTION_KEY = 0;
    private static final int AUTHENTICATION_KEY = 2;

    private CredentialMappings() {
    }

    static Optional<SrvMappings.Mapping> find(String srv) {
        return srv.equals("6.15.1") ? Optional.of(CredentialMappings::updateCredentials) : Optional.empty();
    }

    private static CompletableFuture<Map<String, Object>> updateCredentials(SrvCall call) {
        SecretRef newEk;
        SecretRef newAk;
        try {
            newEk = reference(call, "encryptionKey");
            newAk = reference(call, "authenticationKey");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (newEk == null && newAk == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "SRV 6.15.1 needs encryptionKey and/or authenticationKey (keystore:alias or env:NAME)"));
        }
        CurrentCredentials credentials = call.credentials();
        DeviceSecurity current = credentials.current(call.device()).deviceSecurity().orElse(null);
        if (current == null || current.masterKeyRef().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("SRV 6.15.1 on " + call.device().id()
                    + " needs the device's master key (KEK) in the lab: security.masterKey"));
        }
        DlmsData transfer;
        byte[] kek = null;
        List<byte[]> keys = new ArrayList<>();
        try {
            kek = call.secrets().resolveKey(current.masterKeyRef().get(), CipheringContext.KEY_LENGTH);
            List<DlmsData> keyData = new ArrayList<>();
            if (newEk != null) {
                byte[] k = call.secrets().resolveKey(newEk, CipheringContext.KEY_LENGTH);
                keys.add(k);
                keyData.add(DlmsData.structure(DlmsData.enumValue(UNICAST_ENCRYPTION_KEY),
                        DlmsData.octets(KeyWrap.wrap(kek, k))));
            }
            if (newAk != null) {
                byte[] k = call.secrets().resolveKey(newAk, CipheringContext.KEY_LENGTH);
                keys.add(k);
                keyData.add(DlmsData.structure(DlmsData.enumValue(AUTHENTICATION_KEY),
                        DlmsData.octets(KeyWrap.wrap(kek, k))));
            }
            transfer = DlmsData.array(keyData);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // resolver messages name references only
            return CompletableFuture.failedFuture(new IllegalStateException("SRV 6.15.1 on " + call.device().id()
                    + ": " + e.getMessage()));
        } finally {
            if (kek != null) {
                Arrays.fill(kek, (byte) 0);
            }
            keys.forEach(k -> Arrays.fill(k, (byte) 0));
        }
        return call.invoke(DeviceFunction.SECURITY_SETUP, GLOBAL_KEY_TRANSFER, transfer).thenApply(x -> {
            DeviceSecurity now = current.withKeys(newEk, newAk);
            credentials.replace(call.device().id(), now, current);
            Map<String, Object> values = new LinkedHashMap<>();
            List<String> replaced = new ArrayList<>();
            if (newEk != null) {
                replaced.add("encryptionKey");
            }
            if (newAk != null) {
                replaced.add("authenticationKey");
            }
            values.put("keysReplaced", replaced);
            values.put("encryptionKey", now.encryptionKey().toString());
            values.put("authenticationKey", now.authenticationKey().toString());
            return values;
        });
    }

    /** A key parameter: {@code keystore:alias} or {@code env:NAME}; anything else would be a key in clear. */
    private static SecretRef reference(SrvCall call, String name) {
        String text = call.request().parameter(name);
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        String source = colon < 0 ? "" : text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String alias = colon < 0 ? "" : text.substring(colon + 1).trim();
        if (alias.isEmpty() || !(source.equals("keystore") || source.equals("env"))) {
            // never echo the value: it may be a key someone wrote in clear
            throw new IllegalArgumentException("SRV 6.15.1 parameter " + name + " must name a key as keystore:alias"
                    + " or env:NAME; a key is never given in clear");
        }
        return new SecretRef(SecretRef.Source.valueOf(source.toUpperCase(Locale.ROOT)), alias);
    }
}
