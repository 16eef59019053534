package org.dmct.core.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: what a run was (SEC AK 20.29 (b)): run id and times, harness version, the lab with the
 * systems and environments it declares, each DMC with its devices' identities and profiles, the packs with their hashes,
 * the adapters used with their versions, where the evidence is and how it ends (line count, final chain hash), and the
 * outcome, and the SHA-256 of every other file of the bundle (the reports). Times are ISO-8601 UTC text.
 */
public record Manifest(String format, String runId, String started, String finished, String harnessVersion,
                       LabInfo lab, List<DmcInfo> dmcs, List<PackInfo> packs, List<AdapterInfo> adapters,
                       EvidenceInfo evidence, OutcomeInfo outcome, List<FileInfo> files) {
    public static final String FORMAT = "dmct-bundle/1";

    public record LabInfo(String id, String title, String file, String sha256, Map<String, String> environment) {
    }

    /** @param adapter the adapter that served the DMC, {@code null} when none could */
    public record DmcInfo(String id, String title, String smso, String installationType, boolean simulated,
                          String link, String adapter, List<DeviceInfo> devices) {
    }

    /**
     * @param declaredDefects the firmware defects the device's profile declares, as {@code id: description}
     * @param faults the faults its simulator injected (as the lab the run was given declares them); empty for a real
     *     device or a clean simulation
     */
    public record DeviceInfo(String id, String type, String profile, String profileSha256, String manufacturer,
                             String model, String firmware, String serialNumber, int logicalDevice,
                             List<String> declaredDefects, List<FaultInfo> faults) {
        public DeviceInfo {
            faults = faults == null ? List.of() : List.copyOf(faults);
        }
    }

    /** One injected fault: its kind, its parameters and the seed that makes it reproducible. */
    public record FaultInfo(String kind, Map<String, String> parameters, long seed) {
        public static FaultInfo of(org.dmct.core.fault.FaultSpec f) {
            return new FaultInfo(f.kind().label(), f.sortedParameters(), f.seed());
        }
    }

    /** @param derivation for a pack written as a base pack plus or minus tests, the base and the changes */
    public record PackInfo(String id, String title, String version, String release, boolean standard,
                           String rationale, String sha256, String file, org.dmct.core.pack.Derivation derivation) {
    }

    /** @param version the implementation version from the adapter jar's manifest, or {@code dev} */
    public record AdapterInfo(String name, String version, String implementation, List<String> dmcs) {
    }

    /** @param finalHash SHA-256 (hex) of the last line of the log */
    public record EvidenceInfo(String file, long lines, String finalHash) {
    }

    /** @param error why the run could not complete its work (infrastructure), or {@code null} */
    public record OutcomeInfo(boolean allMet, String error, List<DmcOutcome> dmcs) {
    }

    public record DmcOutcome(String id, boolean criteriaMet, int planned, int passed, int failed, int blocked,
                             int notRun, int notApplicable) {
    }

    /**
     * One file of the bundle other than the manifest, its signature and the evidence log (which the chain covers).
     *
     * @param path the path relative to the bundle directory, with {@code /} separators
     * @param sha256 lower-case hex SHA-256 of the file's bytes
     * @param bytes the file's size
     */
    public record FileInfo(String path, String sha256, long bytes) {
    }

    /** A copy that records these bundle files. */
    public Manifest withFiles(List<FileInfo> bundleFiles) {
        return new Manifest(format, runId, started, finished, harnessVersion, lab, dmcs, packs, adapters, evidence,
                outcome, List.copyOf(bundleFiles));
    }

    /**
     * Writes the manifest as indented JSON; an existing manifest is not overwritten. The bytes go to
     * {@code manifest.json.tmp} first, are forced to disk, and are then renamed into place, so that a run killed while
     * writing never leaves a half manifest (whose presence would mark an unfinished bundle as complete).
     */
    public void write(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new java.nio.file.FileAlreadyExistsException(file.toString());
        }
        byte[] bytes = EvidenceJson.prettyMapper().writeValueAsBytes(this);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Manifest read(Path file) throws IOException {
        return EvidenceJson.mapper().readValue(file.toFile(), Manifest.class);
    }
}
