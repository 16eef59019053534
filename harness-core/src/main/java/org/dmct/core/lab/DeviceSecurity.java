package org.dmct.core.lab;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.dmct.core.config.SecretRef;

/**
 * The keys and titles of one device instance with high-level security ({@code security:} of a lab's device entry):
 * the harness's system title, the device's (optional, else learnt from the AARE), references to the global unicast
 * encryption key and the authentication key, for suite 1 the harness's signing key and the device's certificate,
 * for a simulated suite 1 device the simulated meter's own signing key, and whether the evidence also keeps the
 * deciphered copy of every APDU. Every key is a {@link SecretRef}; system titles are public and written in hex.
 *
 * @param clientSystemTitle the harness's 8-byte system title, 16 hex digits
 * @param serverSystemTitle the device's system title, or null to learn it from the AARE
 * @param encryptionKey the global unicast encryption key (16 bytes)
 * @param authenticationKey the authentication key (16 bytes)
 * @param clientSigningKey suite 1: the harness's P-256 private key (a keystore private-key entry), else null
 * @param serverCertificate suite 1: the device's certificate (its ECDSA public key), else null
 * @param serverSigningKey suite 1, simulated devices only: the simulated meter's private key, else null
 * @param recordDecryptedApdus true to record the plaintext of every ciphered APDU too
 * @param masterKey the master key (KEK) that wraps new keys in a global key transfer (6.15.1), or null
 */
public record DeviceSecurity(String clientSystemTitle, String serverSystemTitle, SecretRef encryptionKey,
                             SecretRef authenticationKey, SecretRef clientSigningKey, SecretRef serverCertificate,
                             SecretRef serverSigningKey, boolean recordDecryptedApdus, SecretRef masterKey) {
    public DeviceSecurity {
        Objects.requireNonNull(clientSystemTitle, "clientSystemTitle");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(authenticationKey, "authenticationKey");
    }

    /** The same device with no master key declared. */
    public DeviceSecurity(String clientSystemTitle, String serverSystemTitle, SecretRef encryptionKey,
                          SecretRef authenticationKey, SecretRef clientSigningKey, SecretRef serverCertificate,
                          SecretRef serverSigningKey, boolean recordDecryptedApdus) {
        this(clientSystemTitle, serverSystemTitle, encryptionKey, authenticationKey, clientSigningKey,
                serverCertificate, serverSigningKey, recordDecryptedApdus, null);
    }

    /** @return the master key (KEK) reference, when the lab declares one */
    public Optional<SecretRef> masterKeyRef() {
        return Optional.ofNullable(masterKey);
    }

    /**
     * The same device after a key transfer: the new global unicast encryption and authentication keys are now in
     * force (a key left null keeps its reference).
     */
    public DeviceSecurity withKeys(SecretRef newEncryptionKey, SecretRef newAuthenticationKey) {
        return new DeviceSecurity(clientSystemTitle, serverSystemTitle,
                newEncryptionKey == null ? encryptionKey : newEncryptionKey,
                newAuthenticationKey == null ? authenticationKey : newAuthenticationKey,
                clientSigningKey, serverCertificate, serverSigningKey, recordDecryptedApdus, masterKey);
    }

    /** @return the 8 bytes of the harness's system title */
    public byte[] clientSystemTitleBytes() {
        return HexFormat.of().parseHex(clientSystemTitle);
    }

    /** @return the 8 bytes of the device's system title, when the lab declares it */
    public Optional<byte[]> serverSystemTitleBytes() {
        return Optional.ofNullable(serverSystemTitle).map(HexFormat.of()::parseHex);
    }
}
