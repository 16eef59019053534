package org.dmct.core.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.core.internal.Hashing;

/**
 * Closes a bundle's contents: hashes every file of the bundle that neither the evidence chain nor the signature covers
 * (the reports, and anything else written there) into the manifest, and writes the manifest. After this, a change to
 * any byte of the bundle shows: in the evidence chain, in a file hash, or (for the manifest itself) in its signature.
 */
public final class BundleSeal {
    private BundleSeal() {
    }

    /**
     * Records the hashes of the bundle's other files in {@code manifest} and writes it as {@code manifest.json}.
     *
     * @return the manifest as written
     */
    public static Manifest write(Bundle bundle, Manifest manifest) throws IOException {
        Manifest sealed = manifest.withFiles(hashFiles(bundle));
        sealed.write(bundle.manifest());
        return sealed;
    }

    /** The files of the bundle other than the manifest, its signature and the evidence log, sorted by path. */
    public static List<Manifest.FileInfo> hashFiles(Bundle bundle) throws IOException {
        List<Manifest.FileInfo> files = new ArrayList<>();
        for (String path : otherFiles(bundle)) {
            Path file = bundle.dir().resolve(path);
            files.add(new Manifest.FileInfo(path, Hashing.sha256Hex(file), Files.size(file)));
        }
        return files;
    }

    /** Paths (relative, {@code /}-separated, sorted) of every regular file except manifest, signature and evidence. */
    static List<String> otherFiles(Bundle bundle) throws IOException {
        try (Stream<Path> walk = Files.walk(bundle.dir())) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> bundle.dir().relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(Bundle.MANIFEST) && !p.equals(Bundle.SIGNATURE) && !p.equals(Bundle.EVIDENCE))
                    .sorted().toList();
        }
    }
}
