package org.dmct.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackRepositoryTest {
    @TempDir
    Path dir;

    private static final String TESTS = """
              - id: T1
                title: Read inventory
                kind: functional
                devices: [ESME]
                steps:
                  - send: { srv: "8.2", to: ESME }
            """;

    @Test
    void resolvesAnIdInTheLabsPackDirectoriesAndExtraOnes() {
        Lab lab = TestLab.lab(dir, "DMC-A:ESME");
        TestPacks.write(dir.resolve("packs"), "a.yaml", TestPacks.packYaml("pack-a", TESTS));
        TestPacks.write(dir.resolve("extra"), "b.yaml", TestPacks.packYaml("pack-b", TESTS));
        // A broken file elsewhere does not stop resolving other packs.
        TestPacks.write(dir.resolve("packs"), "broken.yaml", "pack: { id: broken, title: [\n");
        PackRepository repo = PackRepository.forLab(lab, List.of(dir.resolve("extra")), new PackLoader());
        assertThat(repo.resolve("pack-a").id()).isEqualTo("pack-a");
        assertThat(repo.resolve("pack-b").source()).isEqualTo(dir.resolve("extra/b.yaml").toAbsolutePath().normalize());
        assertThat(repo.index()).containsOnlyKeys("pack-a", "pack-b");
    }

    @Test
    void resolvesAFilePath() {
        Path file = TestPacks.write(dir.resolve("elsewhere"), "mine.yaml", TestPacks.packYaml("mine", TESTS));
        PackRepository repo = new PackRepository(List.of(), new PackLoader());
        assertThat(repo.resolve(file.toString()).id()).isEqualTo("mine");
        assertThatThrownBy(() -> repo.resolve(dir.resolve("missing.yaml").toString()))
                .isInstanceOf(PackNotFoundException.class).hasMessageContaining("does not exist");
    }

    @Test
    void unknownIdSuggestsTheClosest() {
        TestPacks.write(dir.resolve("packs"), "a.yaml", TestPacks.packYaml("dmct-srv-reference", TESTS));
        PackRepository repo = new PackRepository(List.of(dir.resolve("packs")), new PackLoader());
        assertThatThrownBy(() -> repo.resolve("dmct-srv-refrence"))
                .isInstanceOf(PackNotFoundException.class)
                .hasMessageContaining("no pack with id 'dmct-srv-refrence'")
                .hasMessageContaining("did you mean 'dmct-srv-reference'");
    }

    @Test
    void anIdInTwoFilesIsAmbiguous() {
        TestPacks.write(dir.resolve("packs"), "a.yaml", TestPacks.packYaml("same", TESTS));
        TestPacks.write(dir.resolve("packs"), "b.yaml", TestPacks.packYaml("same", TESTS));
        PackRepository repo = new PackRepository(List.of(dir.resolve("packs")), new PackLoader());
        assertThatThrownBy(() -> repo.resolve("same")).isInstanceOf(PackNotFoundException.class)
                .hasMessageContaining("more than one file");
    }

    @Test
    void aResolvedPackWithProblemsIsRefusedWithThem() {
        TestPacks.write(dir.resolve("packs"), "a.yaml", TestPacks.packYaml("bad", TESTS.replace("8.2", "8.99")));
        PackRepository repo = new PackRepository(List.of(dir.resolve("packs")), new PackLoader());
        assertThatThrownBy(() -> repo.resolve("bad")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a.yaml:").hasMessageContaining("unknown SRV '8.99'");
    }
}
