package org.dmct.core.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A run's bundle directory: {@code run-plan.json} (written first, for {@code dmct resume}), {@code manifest.json},
 * {@code evidence.jsonl}, {@code report/} (report.json,
 * report.html, junit.xml) and, when signed, {@code manifest.json.p7s}. Evidence is never overwritten: {@link #create} refuses a directory that is not empty.
 */
public record Bundle(Path dir) {
    public static final String MANIFEST = "manifest.json";
    public static final String EVIDENCE = "evidence.jsonl";
    public static final String REPORT_DIR = "report";
    /** The detached CMS signature (DER) over manifest.json, present when the lab names a signing key. */
    public static final String SIGNATURE = "manifest.json.p7s";

    public Bundle {
        dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Makes a new bundle directory (and its parents); an existing empty directory is accepted.
     *
     * @throws BundleException if the directory exists and is not empty, or is a file, or cannot be created
     */
    public static Bundle create(Path dir) {
        Bundle b = new Bundle(dir);
        try {
            if (Files.exists(b.dir)) {
                if (!Files.isDirectory(b.dir)) {
                    throw new BundleException("cannot write a run bundle to " + b.dir + ": it is a file");
                }
                try (Stream<Path> s = Files.list(b.dir)) {
                    if (s.findAny().isPresent()) {
                        throw new BundleException("refusing to write a run bundle into " + b.dir
                                + ": the directory is not empty (evidence is never overwritten); choose a new one");
                    }
                }
            }
            Files.createDirectories(b.dir);
            Files.createDirectories(b.reportDir());
        } catch (IOException e) {
            throw new BundleException("cannot create run bundle directory " + b.dir + ": " + e, e);
        }
        return b;
    }

    /** An existing bundle, which must hold a manifest and an evidence log. */
    public static Bundle open(Path dir) {
        Bundle b = new Bundle(dir);
        if (!Files.isRegularFile(b.manifest())) {
            throw new BundleException(b.dir + " is not a run bundle: it has no " + MANIFEST);
        }
        if (!Files.isRegularFile(b.evidence())) {
            throw new BundleException(b.dir + " is not a run bundle: it has no " + EVIDENCE);
        }
        return b;
    }

    public Path manifest() {
        return dir.resolve(MANIFEST);
    }

    public Path signature() {
        return dir.resolve(SIGNATURE);
    }

    public Path evidence() {
        return dir.resolve(EVIDENCE);
    }

    public Path reportDir() {
        return dir.resolve(REPORT_DIR);
    }

    public Path reportJson() {
        return reportDir().resolve("report.json");
    }

    public Path reportHtml() {
        return reportDir().resolve("report.html");
    }

    public Path junitXml() {
        return reportDir().resolve("junit.xml");
    }
}
