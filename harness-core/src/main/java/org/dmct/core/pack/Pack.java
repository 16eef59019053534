package org.dmct.core.pack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A test pack, loaded and checked by {@link PackLoader}. {@code sha256} is the SHA-256 of the file's bytes as read; it
 * goes into the evidence so that a report names exactly the pack that was run.
 *
 * @param standard false for a non-standard pack (SEC AK 20.17), which then carries a {@code rationale}
 * @param derivation how the pack was made from a base pack ({@code basedOn}), or {@code null} for a pack that lists
 *                   all its tests itself
 */
public record Pack(String id, String title, Release release, String version, boolean standard, String rationale,
                   List<PackTest> tests, Path source, String sha256, Derivation derivation) {
    public Pack {
        tests = List.copyOf(tests);
    }

    public Pack(String id, String title, Release release, String version, boolean standard, String rationale,
                List<PackTest> tests, Path source, String sha256) {
        this(id, title, release, version, standard, rationale, tests, source, sha256, null);
    }

    public Optional<Derivation> optionalDerivation() {
        return Optional.ofNullable(derivation);
    }

    public Optional<PackTest> test(String testId) {
        return tests.stream().filter(t -> t.id().equals(testId)).findFirst();
    }
}
