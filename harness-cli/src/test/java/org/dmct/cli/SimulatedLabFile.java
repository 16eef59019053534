package org.dmct.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;

/**
 * The CI lab file rewritten for simulators started in the test JVM on ports the system chose (so that parallel builds
 * on one machine never collide), for a {@code dmct} that reads the lab from a file.
 */
final class SimulatedLabFile {
    /** A modest subset of the reference pack, for tests that run a pack many times. */
    static final Path RESUME_PACK = CliFixture.REPO.resolve("harness-cli/src/test/resources/packs/dmct-resume-loop.yaml");

    private SimulatedLabFile() {
    }

    /** Writes the CI lab with {@code actual}'s link and push ports and absolute profile and pack directories. */
    static Path write(Lab actual, Path target) throws IOException {
        String text = Files.readString(CliFixture.ciLab());
        Path labs = CliFixture.ciLab().getParent();
        text = text.replace("profiles: [../profiles]", "profiles: [" + labs.resolve("../profiles").normalize() + "]")
                .replace("packs: [../../test-packs/packs]", "packs: [" + labs.resolve("../../test-packs/packs")
                        .normalize() + "]");
        int[][] declared = {{14061, 14161}, {14062, 14162}, {14063, 14163}};
        String[] ids = {"DMC-ALPHA", "DMC-BRAVO", "DMC-CHARLIE"};
        for (int i = 0; i < ids.length; i++) {
            LabDmc dmc = actual.dmc(ids[i]).orElseThrow();
            String link = "port: " + declared[i][0] + " }";
            String push = "port: " + declared[i][1] + " }";
            if (!text.contains(link) || !text.contains(push)) {
                throw new IllegalStateException("the CI lab no longer declares " + ids[i] + " on ports "
                        + declared[i][0] + "/" + declared[i][1] + "; update this fixture");
            }
            text = text.replace(link, "port: " + dmc.link().port() + " }")
                    .replace(push, "port: " + dmc.pushDestination().orElseThrow().port() + " }");
        }
        Files.writeString(target, text);
        return target;
    }
}
