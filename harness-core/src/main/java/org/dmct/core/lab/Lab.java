package org.dmct.core.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dmct.core.config.SecretRef;

/**
 * A lab file, loaded and checked: the DMCs wired to this bench (or simulated), the device profiles they use, where
 * packs are found, the systems and environments under test (reported as SEC AK 20.29 (b) asks), and run defaults.
 *
 * @param environment name to version of each system and environment the lab tests against
 * @param requestTimeout how long a device may take to answer one request before E21
 * @param keystore the lab keystore that holds {@code {keystore: alias}} secrets, or null when none is declared
 * @param signingKey the keystore alias of the private key (with its certificate) that signs run bundles, or null:
 *     bundles are then not signed
 */
public record Lab(String id, String title, Map<String, String> environment, List<LabDmc> dmcs,
                  List<Path> profileDirs, List<Path> packDirs, Duration requestTimeout, Path source, String sha256,
                  LabKeystore keystore, SecretRef signingKey) {
    public Lab {
        environment = Map.copyOf(environment);
        dmcs = List.copyOf(dmcs);
        profileDirs = List.copyOf(profileDirs);
        packDirs = List.copyOf(packDirs);
    }

    /** A lab without a keystore. */
    public Lab(String id, String title, Map<String, String> environment, List<LabDmc> dmcs, List<Path> profileDirs,
               List<Path> packDirs, Duration requestTimeout, Path source, String sha256) {
        this(id, title, environment, dmcs, profileDirs, packDirs, requestTimeout, source, sha256, null, null);
    }

    /** A lab that does not sign its bundles. */
    public Lab(String id, String title, Map<String, String> environment, List<LabDmc> dmcs, List<Path> profileDirs,
               List<Path> packDirs, Duration requestTimeout, Path source, String sha256, LabKeystore keystore) {
        this(id, title, environment, dmcs, profileDirs, packDirs, requestTimeout, source, sha256, keystore, null);
    }

    /** The lab keystore, if the lab file declares one. */
    public Optional<LabKeystore> labKeystore() {
        return Optional.ofNullable(keystore);
    }

    public Optional<LabDmc> dmc(String dmcId) {
        return dmcs.stream().filter(d -> d.id().equals(dmcId)).findFirst();
    }

    /**
     * The environment entry a run's in-process simulators add (name and version of the simulator software), so the
     * manifest and the DMCT Report record what served the simulated DMCs (20.29 (b)).
     */
    public static final String SIMULATORS_ENTRY = "DMCT simulators";

    /** A copy whose environment has one more entry (or a replaced one), e.g. the simulators that serve the lab. */
    public Lab withEnvironment(String name, String value) {
        Map<String, String> env = new java.util.TreeMap<>(environment);
        env.put(name, value);
        return new Lab(id, title, env, dmcs, profileDirs, packDirs, requestTimeout, source, sha256, keystore,
                signingKey);
    }

    /** A copy with each DMC replaced, e.g. to point simulated DMCs at the ports their simulators bound. */
    public Lab mapDmcs(UnaryOperator<LabDmc> change) {
        return new Lab(id, title, environment, dmcs.stream().map(change).toList(), profileDirs, packDirs,
                requestTimeout, source, sha256, keystore, signingKey);
    }
}
