package org.dmct.core.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.dmct.core.config.ConfigDocument;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;

/**
 * The device profiles found in a set of directories (every {@code *.yaml} file, one profile per file), indexed by id.
 * All files are read before problems are raised, so one run lists everything wrong with a profile directory.
 */
public final class ProfileRegistry {
    private final Map<String, DeviceProfile> profiles;
    private final List<Path> directories;

    private ProfileRegistry(Map<String, DeviceProfile> profiles, List<Path> directories) {
        this.profiles = profiles;
        this.directories = List.copyOf(directories);
    }

    public static ProfileRegistry load(List<Path> directories, ProfileLoader loader) {
        Map<String, DeviceProfile> profiles = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                problems.add(new ConfigProblem(dir, 0, 0, "", "profile directory does not exist"));
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
            } catch (IOException e) {
                problems.add(new ConfigProblem(dir, 0, 0, "", "cannot list profile directory: " + e));
                continue;
            }
            for (Path file : files) {
                try {
                    ConfigDocument doc = ConfigDocument.load(file);
                    DeviceProfile p = loader.read(doc);
                    problems.addAll(doc.problems());
                    if (!doc.hasProblems()) {
                        DeviceProfile previous = profiles.putIfAbsent(p.id(), p);
                        if (previous != null) {
                            problems.add(new ConfigProblem(file, doc.root().get("id").line(), 0, "id",
                                    "profile id '" + p.id() + "' is already used by " + previous.source()));
                        }
                    }
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ProfileRegistry(profiles, directories);
    }

    public Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    public Collection<DeviceProfile> all() {
        return profiles.values();
    }

    public List<Path> directories() {
        return directories;
    }
}
