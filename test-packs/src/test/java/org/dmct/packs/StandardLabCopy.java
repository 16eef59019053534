package org.dmct.packs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;

/**
 * A copy of the ci-standard lab and the profiles it uses in a temporary directory, with edits: a profile broken the
 * way a defective model would be, or the lab's declarations changed. Paths the lab names relative to itself (its
 * keystore, packs) are made absolute so the copy reads the same files.
 */
final class StandardLabCopy {
    private final Path repo = StandardPacksTest.MODULE.getParent();
    private final Path dir;
    private UnaryOperator<String> labEdit = UnaryOperator.identity();

    StandardLabCopy(Path dir) throws IOException {
        this.dir = dir;
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        try (var files = Files.list(repo.resolve("lab-config/profiles"))) {
            for (Path p : files.toList()) {
                Files.copy(p, profiles.resolve(p.getFileName()));
            }
        }
    }

    /** Replaces {@code from} with {@code to} in a profile; fails when {@code from} is not there (a stale edit). */
    StandardLabCopy profile(String id, String from, String to) throws IOException {
        Path file = dir.resolve("profiles/" + id + ".yaml");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.contains(from)) {
            throw new AssertionError("profile " + id + " has no '" + from + "' to replace");
        }
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
        return this;
    }

    /** Replaces {@code from} with {@code to} in the lab file. */
    StandardLabCopy lab(String from, String to) {
        UnaryOperator<String> before = labEdit;
        labEdit = text -> {
            String t = before.apply(text);
            if (!t.contains(from)) {
                throw new AssertionError("the lab has no '" + from + "' to replace");
            }
            return t.replace(from, to);
        };
        return this;
    }

    Lab load() throws IOException {
        Path labs = repo.resolve("lab-config/labs");
        String text = Files.readString(labs.resolve("ci-standard.yaml"), StandardCharsets.UTF_8)
                .replace("profiles: [../profiles]", "profiles: [" + dir.resolve("profiles") + "]")
                .replace("packs: [../../test-packs/packs/standard]", "packs: [" + repo.resolve("test-packs/packs/standard") + "]")
                .replace("path: keys/", "path: " + labs.resolve("keys") + "/");
        Path file = dir.resolve("ci-standard.yaml");
        Files.writeString(file, labEdit.apply(text), StandardCharsets.UTF_8);
        return new LabLoader().load(file);
    }
}
