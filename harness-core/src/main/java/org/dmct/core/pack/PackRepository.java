package org.dmct.core.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigNode;
import org.dmct.core.lab.Lab;

/**
 * Where packs come from: resolves what a user writes after {@code --pack} to a loaded pack. An argument naming an
 * existing file is that file; anything else is a pack id looked up among the {@code *.yaml} files (not recursively) of
 * the pack directories: the lab's {@code packs:} directories first, then any extra ones given. Only the file whose
 * {@code pack.id} matches is fully loaded and checked, so a broken pack elsewhere does not stop a run that does not use
 * it. A pack written as {@code basedOn: <id>} finds its base the same way.
 */
public final class PackRepository {
    private final List<Path> directories;
    private final PackLoader loader;

    public PackRepository(List<Path> directories, PackLoader loader) {
        this.directories = List.copyOf(directories);
        this.loader = loader;
    }

    /** The lab's pack directories followed by {@code extraDirectories}. */
    public static PackRepository forLab(Lab lab, List<Path> extraDirectories, PackLoader loader) {
        List<Path> dirs = new ArrayList<>(lab.packDirs());
        dirs.addAll(extraDirectories);
        return new PackRepository(dirs, loader);
    }

    public List<Path> directories() {
        return directories;
    }

    /**
     * Loads the pack an argument names.
     *
     * @throws ConfigException if the pack file has problems
     * @throws PackNotFoundException if the argument is no file and no pack has that id, or two packs share it
     */
    public Pack resolve(String idOrPath) {
        Path asPath = Path.of(idOrPath);
        if (Files.isRegularFile(asPath)) {
            return loader.load(asPath, this::filesWithId);
        }
        if (idOrPath.endsWith(".yaml") || idOrPath.endsWith(".yml") || idOrPath.contains("/")
                || idOrPath.contains("\\")) {
            throw new PackNotFoundException("pack file " + asPath.toAbsolutePath().normalize() + " does not exist");
        }
        Map<String, List<Path>> index = index();
        List<Path> files = index.get(idOrPath);
        if (files == null) {
            String hint = ConfigNode.closest(idOrPath, new ArrayList<>(index.keySet()))
                    .map(s -> "; did you mean '" + s + "'?").orElse("");
            throw new PackNotFoundException("no pack with id '" + idOrPath + "' in " + directories
                    + (index.isEmpty() ? " (no pack files there)" : "; packs there: " + index.keySet()) + hint);
        }
        if (files.size() > 1) {
            throw new PackNotFoundException("pack id '" + idOrPath + "' is used by more than one file: " + files
                    + "; name the file instead");
        }
        return loader.load(files.get(0), this::filesWithId);
    }

    /** The files of the pack directories declaring {@code packId}: where a {@code basedOn: <id>} finds its base. */
    public List<Path> filesWithId(String packId) {
        return index().getOrDefault(packId, List.of());
    }

    /** Resolves each argument in order. */
    public List<Pack> resolveAll(List<String> idsOrPaths) {
        List<Pack> packs = new ArrayList<>();
        for (String s : idsOrPaths) {
            packs.add(resolve(s));
        }
        return packs;
    }

    /**
     * Pack id to the files that declare it, over every {@code *.yaml} file of the directories. Files that are not valid
     * YAML or have no {@code pack.id} are left out (they are reported when named directly).
     */
    public Map<String, List<Path>> index() {
        Map<String, List<Path>> index = new LinkedHashMap<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                continue;
            }
            for (Path file : files) {
                String id;
                try {
                    ConfigNode head = ConfigDocument.load(file).root().get("pack");
                    id = head.isMapping() ? head.get("id").textOrNull() : null;
                } catch (ConfigException e) {
                    id = null;
                }
                if (id != null) {
                    index.computeIfAbsent(id.trim(), k -> new ArrayList<>()).add(file.toAbsolutePath().normalize());
                }
            }
        }
        return index;
    }
}
