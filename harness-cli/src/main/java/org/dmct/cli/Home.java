package org.dmct.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the harness's own files are: the checkout the {@code dmct} script runs from (system property
 * {@code dmct.home}), so the demo uses the lab, profiles and packs a user can see and edit. Run from the jar alone,
 * the copies the jar carries are unpacked to a temporary directory with the same layout.
 */
final class Home {
    private static volatile Path cached;

    private Home() {
    }

    static Path dir() {
        Path home = cached;
        if (home != null) {
            return home;
        }
        String property = System.getProperty("dmct.home");
        if (property != null && Files.isDirectory(Path.of(property, "lab-config"))) {
            home = Path.of(property).toAbsolutePath().normalize();
        } else {
            home = unpackBundledFiles();
        }
        cached = home;
        return home;
    }

    static Path ciLab() {
        return dir().resolve("lab-config/labs/ci-simulated.yaml");
    }

    /** The jar carries lab-config and test-packs under {@code dmct/}; lay them out as in the repository. */
    private static Path unpackBundledFiles() {
        try {
            Path target = Files.createTempDirectory("dmct-home");
            for (String module : new String[] {"lab-config", "test-packs"}) {
                URL url = Home.class.getResource("/dmct/" + module);
                if (url == null) {
                    throw new IllegalStateException("the jar carries no copy of " + module);
                }
                copyTree(url, target.resolve(module));
            }
            return target;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot unpack the lab and pack files the jar carries: " + e, e);
        }
    }

    private static void copyTree(URL url, Path target) throws IOException, URISyntaxException {
        if ("jar".equals(url.getProtocol())) {
            try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                copy(fs.getPath(url.toURI().toString().substring(url.toURI().toString().indexOf("!/") + 1)), target);
            }
        } else {
            copy(Path.of(url.toURI()), target);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.createDirectories(t.getParent());
                        Files.copy(in, t);
                    }
                }
            }
        }
    }
}
