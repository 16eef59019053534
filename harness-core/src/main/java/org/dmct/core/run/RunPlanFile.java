package org.dmct.core.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmct.core.evidence.Bundle;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.evidence.EvidenceJson;
import org.dmct.core.pack.Pack;

/**
 * {@code run-plan.json}: what a run was asked to do, written (and forced to disk) into the bundle before the evidence
 * log's first line, so that a run killed at any point can be continued by {@code dmct resume}: the lab file and each
 * pack file with the SHA-256 the run used, the DMCs selected, and the options that shape verdicts. The manifest, written
 * at the end, hashes this file with the reports, so it cannot change unnoticed afterwards.
 *
 * @param format {@link #FORMAT}
 * @param runId the run's id, kept by every resumption
 * @param started when the run started (ISO-8601 UTC), the manifest's start time even after resumptions
 * @param dmcs the DMC ids selected, empty for all of the lab's
 */
public record RunPlanFile(String format, String runId, String started, String harnessVersion, LabRef lab,
                          List<PackRef> packs, List<String> dmcs, Options options) {
    public static final String FORMAT = "dmct-run-plan/1";
    /** The file name inside the bundle. */
    public static final String NAME = "run-plan.json";

    /** The lab file as the run read it. */
    public record LabRef(String id, String file, String sha256) {
    }

    /** One pack file as the run read it, in run order. */
    public record PackRef(String id, String file, String sha256) {
    }

    /** The run options that change verdicts; a resumed run must use the same. */
    public record Options(long requestTimeoutMs, long adapterGraceMs, int communicationCutoff, String criteria) {
    }

    public RunPlanFile {
        packs = packs == null ? List.of() : List.copyOf(packs);
        dmcs = dmcs == null ? List.of() : List.copyOf(dmcs);
    }

    static RunPlanFile of(RunConfig config, String runId, String started, String harnessVersion) {
        List<PackRef> packs = config.packs().stream().map(p -> new PackRef(p.id(),
                p.source() == null ? null : p.source().toAbsolutePath().normalize().toString(), p.sha256())).toList();
        Path labFile = config.lab().source();
        return new RunPlanFile(FORMAT, runId, started, harnessVersion, new LabRef(config.lab().id(),
                labFile == null ? null : labFile.toAbsolutePath().normalize().toString(), config.lab().sha256()),
                packs, config.dmcIds(), options(config));
    }

    private static Options options(RunConfig config) {
        return new Options(config.requestTimeout().toMillis(), config.adapterGrace().toMillis(),
                config.communicationCutoff(), config.criteria().statement());
    }

    /** Where the plan of the bundle in {@code dir} is. */
    public static Path file(Path bundleDir) {
        return bundleDir.resolve(NAME);
    }

    /** Writes the plan into a new bundle and forces it (and the directory entry) to disk. */
    void write(Bundle bundle) throws IOException {
        byte[] bytes = EvidenceJson.prettyMapper().writeValueAsBytes(this);
        Path target = file(bundle.dir());
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        forceDirectory(bundle.dir());
    }

    /** Makes a new directory entry durable; not every platform can open a directory, which is then left to the OS. */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the entry is then as durable as the OS makes it.
        }
    }

    /**
     * Reads the plan of a bundle.
     *
     * @throws BundleException when the bundle has none (it was not written by a run that can be resumed) or it is not
     *                         readable, naming the file and the problem
     */
    public static RunPlanFile read(Path bundleDir) {
        Path file = file(bundleDir);
        if (!Files.isRegularFile(file)) {
            throw new BundleException("cannot resume " + bundleDir + ": it has no " + NAME + " (it is not a run bundle,"
                    + " or the run was killed before it started)");
        }
        RunPlanFile plan;
        try {
            plan = EvidenceJson.mapper().readValue(file.toFile(), RunPlanFile.class);
        } catch (IOException e) {
            throw new BundleException("cannot resume " + bundleDir + ": " + file + " is not readable: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        String missing = plan.format == null || !plan.format.equals(FORMAT) ? "format (" + FORMAT + ")"
                : plan.runId == null ? "runId" : plan.started == null ? "started" : plan.lab == null ? "lab"
                : plan.lab.sha256 == null ? "lab.sha256" : plan.packs.isEmpty() ? "packs"
                : plan.options == null ? "options" : null;
        if (missing != null) {
            throw new BundleException("cannot resume " + bundleDir + ": " + file + " has no valid field " + missing);
        }
        return plan;
    }

    /**
     * Checks that a resumed run's configuration is the one this plan recorded: same lab file content, same pack files
     * in the same order, same DMCs and options. Verdicts of the tests already run are kept, so anything that could
     * change a verdict must not have changed.
     *
     * @throws BundleException naming every difference
     */
    void check(RunConfig config) {
        List<String> differences = new ArrayList<>();
        if (!Objects.equals(lab.sha256(), config.lab().sha256())) {
            differences.add("the lab file " + config.lab().source() + " has SHA-256 " + config.lab().sha256()
                    + " but the run used " + lab.file() + " with SHA-256 " + lab.sha256() + " (the lab changed)");
        }
        List<Pack> given = config.packs();
        if (given.size() != packs.size()) {
            differences.add(given.size() + " packs given where the run used " + packs.size());
        } else {
            for (int i = 0; i < packs.size(); i++) {
                PackRef want = packs.get(i);
                Pack got = given.get(i);
                if (!Objects.equals(want.id(), got.id())) {
                    differences.add("pack " + (i + 1) + " is " + got.id() + " where the run used " + want.id());
                } else if (!Objects.equals(want.sha256(), got.sha256())) {
                    differences.add("pack " + want.id() + " (" + got.source() + ") has SHA-256 " + got.sha256()
                            + " but the run used SHA-256 " + want.sha256() + " (the pack file changed)");
                }
            }
        }
        if (!dmcs.equals(config.dmcIds())) {
            differences.add("DMCs " + config.dmcIds() + " where the run selected " + dmcs);
        }
        if (!options.equals(options(config))) {
            differences.add("options " + options(config) + " where the run used " + options);
        }
        if (!differences.isEmpty()) {
            throw new BundleException("cannot resume run " + runId + ": " + String.join("; ", differences));
        }
    }
}
