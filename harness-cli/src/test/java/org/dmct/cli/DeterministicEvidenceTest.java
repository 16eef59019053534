package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "the same seed gives byte-identical evidence (timestamps aside)": {@code dmct demo} on the CI lab with
 * per-exchange simulated time ({@code --sim-start}) twice with one seed gives the same evidence per DMC once
 * {@link EvidenceNormaliser} has removed the wall-clock fields it names; another seed gives different evidence.
 */
class DeterministicEvidenceTest {
    private static final String START = "2026-01-01T00:00:00Z";

    @TempDir
    Path dir;

    private Map<String, List<String>> demo(String name, long seed) {
        Path bundle = dir.resolve(name);
        CliFixture.Result r = dmct("demo", "--out", bundle.toString(), "--seed", Long.toString(seed),
                "--sim-start", START, "--sim-step", "1s");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        // the manifest says how the simulators kept time, so a reader can reproduce the run
        assertThat(readString(bundle.resolve("manifest.json"))).contains("deterministic: per-exchange time from "
                + START + ", PT1S per request, run seed " + seed);
        return EvidenceNormaliser.perDmc(bundle.resolve("evidence.jsonl"));
    }

    private static String readString(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theSameSeedGivesTheSameEvidenceAndAnotherSeedDoesNot() {
        Map<String, List<String>> first = demo("first", 7);
        Map<String, List<String>> second = demo("second", 7);

        assertThat(first).containsKeys(EvidenceNormaliser.RUN_LEVEL, "DMC-ALPHA", "DMC-BRAVO", "DMC-CHARLIE",
                "DMC-ALPHA" + EvidenceNormaliser.ALERTS);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        // not trivially equal: every DMC's sequence holds its frames, SRV responses with values and verdicts
        first.forEach((dmc, records) -> {
            if (dmc.startsWith("DMC-") && !dmc.contains(" ")) {
                assertThat(records.stream().filter(r -> r.contains("\"type\":\"frame\"") && r.contains("\"hex\":\"")))
                        .as(dmc + " frames").hasSizeGreaterThan(20);
                assertThat(records.stream().filter(r -> r.contains("\"type\":\"response\"")
                        && r.contains("\"values\":{\""))).as(dmc + " responses with values").isNotEmpty();
                assertThat(records).as(dmc).anyMatch(r -> r.contains("\"type\":\"test-verdict\""));
            }
        });
        // the simulated devices answer in simulated time: their clock reads show the start, not today
        assertThat(first.get("DMC-ALPHA")).anyMatch(r -> r.contains("\"deviceClock\":\"2026-01-01T00:"));
        for (String dmc : first.keySet()) {
            List<String> a = first.get(dmc);
            List<String> b = second.get(dmc);
            assertThat(b).as(dmc + " record count").hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).as(dmc + " record " + i).isEqualTo(a.get(i));
            }
        }

        Map<String, List<String>> otherSeed = demo("other-seed", 8);
        assertThat(otherSeed.get("DMC-ALPHA")).as("a different seed gives different register values")
                .isNotEqualTo(first.get("DMC-ALPHA"));
    }

    @Test
    void aBadStartOrStepIsAUsageError() {
        CliFixture.Result badStart = dmct("demo", "--out", dir.resolve("x").toString(), "--sim-start", "yesterday");
        assertThat(badStart.exitCode()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(badStart.err()).contains("--sim-start must be an ISO-8601 instant");
        CliFixture.Result stepAlone = dmct("demo", "--out", dir.resolve("y").toString(), "--sim-step", "1s");
        assertThat(stepAlone.exitCode()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
        assertThat(stepAlone.err()).contains("--sim-step needs --sim-start");
    }
}
