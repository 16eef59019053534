package org.dmct.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A reference to a secret (a password or key) that configuration files carry instead of the secret itself: an
 * environment variable name or a keystore alias. Its {@code toString} names where the secret lives and never what
 * it is, so a reference can safely appear in logs and evidence.
 */
public record SecretRef(Source source, String name) {
    /** Where the secret is kept. */
    public enum Source { ENV, KEYSTORE }

    /**
     * Reads a reference written as {@code {env: NAME}} or {@code {keystore: alias}}. A plain value is refused: a
     * secret written into a file in clear is exactly what the harness must not accept.
     */
    public static Optional<SecretRef> read(ConfigNode node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        if (!node.isMapping()) {
            node.problem("a secret is never written in a file in clear: write {env: VARIABLE} or {keystore: alias}");
            return Optional.empty();
        }
        if (!node.expectMapping("env", "keystore")) {
            return Optional.empty();
        }
        if (node.keys().size() != 1) {
            node.problem("give exactly one of env or keystore");
            return Optional.empty();
        }
        String key = node.keys().iterator().next();
        return node.get(key).requiredText()
                .map(name -> new SecretRef(Source.valueOf(key.toUpperCase(Locale.ROOT)), name.trim()));
    }

    @Override
    public String toString() {
        return source.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
