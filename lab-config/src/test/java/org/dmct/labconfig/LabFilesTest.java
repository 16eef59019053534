package org.dmct.labconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.model.DeviceType;
import org.dmct.core.profile.DeviceProfile;
import org.dmct.core.profile.ProfileLoader;
import org.dmct.core.srv.SrvCatalogue;
import org.junit.jupiter.api.Test;

/** Every profile and lab file shipped in this module loads without a problem, and the CI lab has what CI needs. */
class LabFilesTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @Test
    void everyProfileLoads() throws IOException {
        ProfileLoader loader = new ProfileLoader(SrvCatalogue.builtIn());
        List<Path> files;
        try (Stream<Path> s = Files.list(MODULE.resolve("profiles"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : files) {
            DeviceProfile p = loader.load(f);
            assertThat(p.id()).isEqualTo(f.getFileName().toString().replace(".yaml", ""));
        }
    }

    @Test
    void everyLabLoads() throws IOException {
        try (Stream<Path> s = Files.list(MODULE.resolve("labs"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(new LabLoader().load(f).dmcs()).isNotEmpty();
            }
        }
    }

    @Test
    void ciLabHasThreeSimulatedDmcsAndOneDeclaredDefect() {
        Lab lab = new LabLoader().load(MODULE.resolve("labs/ci-simulated.yaml"));
        assertThat(lab.dmcs()).hasSizeGreaterThanOrEqualTo(3).allMatch(LabDmc::simulated);
        long withDefect = lab.dmcs().stream()
                .filter(d -> d.devices().stream().anyMatch(dev -> !dev.profile().simulation().defects().isEmpty()))
                .count();
        assertThat(withDefect).isEqualTo(1);
        // Two ESME models whose object maps differ: the firmware identifier lives at different OBIS codes.
        var firmwareObis = lab.dmcs().stream().flatMap(d -> d.devices().stream())
                .filter(d -> d.type() == DeviceType.ESME)
                .map(d -> d.profile().function("firmwareIdentifier").orElseThrow().obis())
                .distinct().toList();
        assertThat(firmwareObis).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lab.dmcs().get(0).deviceOfType(DeviceType.GSME)).isPresent();
    }
}
