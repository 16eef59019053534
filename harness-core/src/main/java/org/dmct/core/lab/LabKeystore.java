package org.dmct.core.lab;

import java.nio.file.Path;
import java.util.Objects;
import org.dmct.core.config.SecretRef;

/**
 * The lab's PKCS12 keystore, declared in the lab file as {@code keystore: {path: keys/lab.p12, password: {env: VAR}}}:
 * where the {@code {keystore: alias}} secrets of its profiles live. The path is already resolved against the lab
 * file's directory; the password is a reference (to the environment), never the password itself.
 *
 * @param path the keystore file, absolute
 * @param password where the keystore password is
 */
public record LabKeystore(Path path, SecretRef password) {
    public LabKeystore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
    }
}
