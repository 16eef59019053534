package org.dmct.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.interfaces.PBEKey;
import org.dmct.core.config.SecretRef;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabKeystore;

/**
 * Resolves {@code {keystore: alias}} references from the lab's PKCS12 keystore and passes {@code {env: NAME}}
 * references to a fallback (the environment). A secret-key entry gives its key bytes: raw bytes for an AES key
 * stored with the KeyStore API, the typed characters (UTF-8) for a password stored with {@code keytool -importpass}.
 * Private-key entries give the suite 1 signing key and its chain, trusted-certificate entries a peer's certificate.
 * Entries are protected by the store password, as {@code keytool} does for PKCS12. Errors name the file and alias,
 * never a secret; the store is read once, when the resolver is opened.
 */
public final class KeystoreSecretResolver implements SecretResolver {
    private final Path file;
    private final KeyStore store;
    private final char[] password;
    private final SecretResolver fallback;

    private KeystoreSecretResolver(Path file, KeyStore store, char[] password, SecretResolver fallback) {
        this.file = file;
        this.store = store;
        this.password = password;
        this.fallback = fallback;
    }

    /**
     * Opens a PKCS12 keystore.
     *
     * @param file the keystore file
     * @param password its password (copied; the caller may clear its array)
     * @param fallback resolves {@code env} references
     * @throws IllegalStateException naming the file if it cannot be read or the password is wrong
     */
    public static KeystoreSecretResolver open(Path file, char[] password, SecretResolver fallback) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(fallback, "fallback");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return new KeystoreSecretResolver(file, store, password.clone(), fallback);
        } catch (IOException e) {
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalStateException("cannot open keystore " + file + ": "
                    + (badPassword ? "wrong password or damaged file" : e.getClass().getSimpleName()
                    + (Files.exists(file) ? "" : " (no such file)")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open keystore " + file + " as PKCS12: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Opens the lab's keystore with the password its declaration points to.
     *
     * @param keystore the lab file's declaration
     * @param fallback resolves the password reference and every {@code env} reference
     * @return the resolver
     */
    public static KeystoreSecretResolver open(LabKeystore keystore, SecretResolver fallback) {
        byte[] secret = fallback.resolve(keystore.password());
        char[] pw = new String(secret, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(secret, (byte) 0);
        try {
            return open(keystore.path(), pw, fallback);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /**
     * The resolver a run of this lab uses: its keystore with the environment behind it, or the environment alone.
     *
     * @param lab the loaded lab
     * @return the resolver
     */
    public static SecretResolver forLab(Lab lab) {
        return forLab(lab, SecretResolver.ENVIRONMENT);
    }

    /**
     * Like {@link #forLab(Lab)} with another environment, e.g. {@link SecretResolver#environment} over a map in
     * tests: it gives the keystore password and every {@code env} reference.
     *
     * @param lab the loaded lab
     * @param environment resolves {@code env} references
     * @return the resolver
     */
    public static SecretResolver forLab(Lab lab, SecretResolver environment) {
        return lab.labKeystore().<SecretResolver>map(k -> open(k, environment)).orElse(environment);
    }

    @Override
    public byte[] resolve(SecretRef ref) {
        if (ref.source() == SecretRef.Source.ENV) {
            return fallback.resolve(ref);
        }
        KeyStore.Entry entry = entry(ref);
        if (entry instanceof KeyStore.SecretKeyEntry s) {
            SecretKey key = s.getSecretKey();
            if (key instanceof PBEKey pbe) {
                char[] chars = pbe.getPassword();
                try {
                    return new String(chars).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                } finally {
                    Arrays.fill(chars, '\0');
                }
            }
            byte[] encoded = key.getEncoded();
            if (encoded == null) {
                throw new IllegalStateException("secret " + ref + " in keystore " + file
                        + ": the " + key.getAlgorithm() + " key cannot be exported");
            }
            return encoded;
        }
        throw new IllegalStateException("secret " + ref + " in keystore " + file + " is a " + kind(entry)
                + ", not a secret key or password");
    }

    @Override
    public PrivateKey privateKey(SecretRef ref) {
        requireKeystoreRef(ref);
        KeyStore.Entry entry = entry(ref);
        if (entry instanceof KeyStore.PrivateKeyEntry p) {
            return p.getPrivateKey();
        }
        throw new IllegalStateException("secret " + ref + " in keystore " + file + " is a " + kind(entry)
                + ", not a private key");
    }

    @Override
    public List<X509Certificate> certificateChain(SecretRef ref) {
        requireKeystoreRef(ref);
        try {
            if (!store.containsAlias(ref.name())) {
                throw missing(ref);
            }
            Certificate[] chain = store.getCertificateChain(ref.name());
            if (chain == null) {
                Certificate single = store.getCertificate(ref.name());
                chain = single == null ? new Certificate[0] : new Certificate[] {single};
            }
            if (chain.length == 0) {
                throw new IllegalStateException("secret " + ref + " in keystore " + file + " has no certificate");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : chain) {
                if (!(c instanceof X509Certificate x)) {
                    throw new IllegalStateException("secret " + ref + " in keystore " + file
                            + " holds a non-X.509 certificate");
                }
                out.add(x);
            }
            return List.copyOf(out);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException("keystore " + file + " is not loaded");
        }
    }

    private void requireKeystoreRef(SecretRef ref) {
        if (ref.source() != SecretRef.Source.KEYSTORE) {
            throw new IllegalStateException("secret " + ref + ": private keys and certificates are only read from "
                    + "the lab keystore; write {keystore: alias}");
        }
    }

    private KeyStore.Entry entry(SecretRef ref) {
        try {
            if (!store.containsAlias(ref.name())) {
                throw missing(ref);
            }
            KeyStore.ProtectionParameter protection = store.isCertificateEntry(ref.name())
                    ? null : new KeyStore.PasswordProtection(password);
            return store.getEntry(ref.name(), protection);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalStateException("secret " + ref + " in keystore " + file
                    + ": the entry is protected by another password than the store's");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + ref + " in keystore " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    private IllegalStateException missing(SecretRef ref) {
        return new IllegalStateException("secret " + ref + ": keystore " + file + " has no entry '" + ref.name() + "'");
    }

    private static String kind(KeyStore.Entry entry) {
        if (entry instanceof KeyStore.PrivateKeyEntry) {
            return "private key";
        } else if (entry instanceof KeyStore.TrustedCertificateEntry) {
            return "trusted certificate";
        } else if (entry instanceof KeyStore.SecretKeyEntry) {
            return "secret key";
        }
        return "unknown entry";
    }

    @Override
    public String toString() {
        return "KeystoreSecretResolver[" + file + "]";
    }
}
