package org.dmct.core.spi;

import org.dmct.core.config.SecretRef;

/**
 * Turns a {@link SecretRef} from a profile or lab file into the secret's bytes at the moment an adapter needs it.
 * Implementations read the environment or a keystore; the bytes must never be logged or written to evidence.
 */
@FunctionalInterface
public interface SecretResolver {
    /** The secret's bytes; an unresolvable reference is an {@link IllegalStateException} that names the reference only. */
    byte[] resolve(SecretRef ref);

    /** Resolves {@code env:NAME} references from the process environment; keystore references are refused. */
    SecretResolver ENVIRONMENT = ref -> {
        if (ref.source() != SecretRef.Source.ENV) {
            throw new IllegalStateException("secret " + ref + ": keystore references need a lab keystore, none is configured");
        }
        String value = System.getenv(ref.name());
        if (value == null) {
            throw new IllegalStateException("secret " + ref + ": environment variable " + ref.name() + " is not set");
        }
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    };
}
