package org.dmct.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.dmct.core.config.SecretRef;

/**
 * Turns a {@link SecretRef} from a profile or lab file into the secret's bytes at the moment an adapter needs it.
 * Implementations read the environment ({@link #ENVIRONMENT}) or the lab keystore ({@link KeystoreSecretResolver});
 * the bytes must never be logged or written to evidence, and failures name the reference, never the secret.
 */
@FunctionalInterface
public interface SecretResolver {
    /** The secret's bytes; an unresolvable reference is an {@link IllegalStateException} that names the reference only. */
    byte[] resolve(SecretRef ref);

    /**
     * A symmetric key (an AES key of DLMS security suite 0/1, 16 bytes): the secret is either exactly
     * {@code length} raw bytes (a keystore secret-key entry) or {@code 2 * length} hex digits (an environment
     * variable, or a {@code keytool -importpass} entry holding the key written in hex).
     */
    default byte[] resolveKey(SecretRef ref, int length) {
        byte[] secret = resolve(ref);
        if (secret.length == length) {
            return secret;
        }
        if (secret.length == 2 * length) {
            String text = new String(secret, StandardCharsets.US_ASCII);
            java.util.Arrays.fill(secret, (byte) 0);
            if (text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(text);
            }
            throw new IllegalStateException("secret " + ref + ": " + 2 * length
                    + " characters that are not all hex digits; expected a " + length + "-byte key or "
                    + 2 * length + " hex digits");
        }
        int found = secret.length;
        java.util.Arrays.fill(secret, (byte) 0);
        throw new IllegalStateException("secret " + ref + ": expected a " + length + "-byte key or " + 2 * length
                + " hex digits, found " + found + " bytes");
    }

    /** A private key (the ECDSA signing key of security suite 1); only a keystore holds these. */
    default PrivateKey privateKey(SecretRef ref) {
        throw new IllegalStateException("secret " + ref + ": private keys are kept in a lab keystore, none is configured");
    }

    /** The certificate chain of an alias, own certificate first (a peer's trusted certificate is a chain of one). */
    default List<X509Certificate> certificateChain(SecretRef ref) {
        throw new IllegalStateException("secret " + ref + ": certificates are kept in a lab keystore, none is configured");
    }

    /** Resolves {@code env:NAME} references from the process environment; keystore references are refused. */
    SecretResolver ENVIRONMENT = environment(System::getenv);

    /**
     * Resolves {@code env:NAME} references through {@code variables} instead of the process environment; keystore
     * references are refused. Tests cannot set environment variables, so they give the environment as a map
     * ({@code environment(Map.of("DMCT_CI_KEYSTORE_PASSWORD", "...")::get)}); files still hold only the reference.
     *
     * @param variables variable name to value, null when the variable is not set
     * @return the resolver
     */
    static SecretResolver environment(java.util.function.Function<String, String> variables) {
        java.util.Objects.requireNonNull(variables, "variables");
        return ref -> {
            if (ref.source() != SecretRef.Source.ENV) {
                throw new IllegalStateException("secret " + ref
                        + ": keystore references need a lab keystore, none is configured");
            }
            String value = variables.apply(ref.name());
            if (value == null) {
                throw new IllegalStateException("secret " + ref + ": environment variable " + ref.name()
                        + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        };
    }
}
