package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Testing Issues register and the completion decision driven through {@code dmct}, with bundles from real runs
 * of the CI lab's simulators: DMC-CHARLIE's declared firmware defect fails Arm Supply, which raises an issue; the
 * lab applies resolution (c), a configuration change (here: a copy of the lab whose B2-01 profile no longer carries
 * the defect), re-runs, and the passing re-run closes the issue and lets the DMC complete.
 */
class IssuesCommandTest {
    static final String FAILING_TEST = "SRV-7.3-ESME";

    @TempDir
    Path dir;

    /** A copy of the CI lab with its profiles and packs, laid out as in the repository, so it can be changed. */
    static Path copyLab(Path root) throws IOException {
        copyTree(CliFixture.REPO.resolve("lab-config/labs"), root.resolve("lab-config/labs"));
        copyTree(CliFixture.REPO.resolve("lab-config/profiles"), root.resolve("lab-config/profiles"));
        copyTree(CliFixture.REPO.resolve("test-packs/packs"), root.resolve("test-packs/packs"));
        return root.resolve("lab-config/labs/ci-simulated.yaml");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    if (!f.getFileName().toString().equals("state")) {
                        Files.createDirectories(target);
                    }
                } else if (!from.relativize(f).startsWith("state")) {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** The configuration change of resolution (c): firmware B2-01's arming defect is gone. */
    static void removeArmingDefect(Path lab) throws IOException {
        Path profile = lab.getParent().resolveSibling("profiles").resolve("esme-borealis-b2-fw-b201.yaml");
        String text = Files.readString(profile);
        int start = text.indexOf("  defects:");
        assertThat(start).as("the B2-01 profile declares its defect").isPositive();
        int end = text.indexOf("\nalerts:", start);
        assertThat(end).as("the defects end where alerts: begins").isPositive();
        Files.writeString(profile, text.substring(0, start) + text.substring(end + 1));
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void aFailureIsRaisedResolvedFixedReRunClosedAndTheDmcThenCompletes() throws IOException {
        Path lab = copyLab(dir.resolve("lab"));
        Path state = lab.getParent().resolve("state");
        String labArg = lab.toString();
        Path b1 = dir.resolve("b1");
        CliFixture.Result demo = dmct("demo", "--lab", labArg, "--out", b1.toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(CliFixture.verdicts(b1).get("DMC-CHARLIE")).containsEntry(FAILING_TEST, "FAIL");

        CliFixture.Result raised = dmct("issues", "raise-from", b1.toString(), "--lab", labArg);
        assertThat(raised.exitCode()).as(raised.err()).isZero();
        assertThat(raised.out()).contains("1 raised, 0 repeated, 0 already recorded")
                .contains("raised   TI-0001 DMC-CHARLIE severity 3: FAIL " + FAILING_TEST);
        assertThat(state.resolve("testing-issues.json")).isRegularFile();
        assertThat(dmct("issues", "raise-from", b1.toString(), "--lab", labArg).out())
                .contains("0 raised, 0 repeated, 1 already recorded");

        CliFixture.Result list = dmct("issues", "list", "--lab", labArg);
        assertThat(list.out()).contains("TI-0001").contains("DMC-CHARLIE").contains("OPEN").contains(FAILING_TEST);
        assertThat(dmct("issues", "list", "--dmc", "DMC-ALPHA", "--state", state.toString()).out())
                .contains("no Testing Issues for DMC-ALPHA");
        CliFixture.Result show = dmct("issues", "show", "TI-0001", "--lab", labArg);
        assertThat(show.out()).contains("test:       dmct-srv-reference / " + FAILING_TEST)
                .contains("evidence:   run ").contains(b1.toString()).contains("raised: FAIL in run")
                .contains("by rule 'functional-failure'");

        // Not completed: the failed test, and no Work Off Plan for the open issue.
        CliFixture.Result notDone = dmct("completion", "DMC-CHARLIE", "--lab", labArg);
        assertThat(notDone.exitCode()).as(notDone.err()).isEqualTo(1);
        assertThat(notDone.out()).contains("DMC-CHARLIE: NOT completed (rules: SVTAD default)")
                .contains("NOT  work-off-plans").contains("TI-0001 (severity 3)")
                .contains("met  open-issues-severity-3").contains("1 open (threshold 15)")
                .contains(FAILING_TEST + ": FAIL");
        JsonNode decision = json(state.resolve("completion/DMC-CHARLIE.json"));
        assertThat(decision.get("completed").asBoolean()).isFalse();
        assertThat(decision.get("criteria")).hasSize(9);
        assertThat(decision.get("statement").asText()).contains("has NOT completed testing");
        assertThat(dmct("completion", "DMC-ALPHA", "--lab", labArg).exitCode()).isZero();

        // The lifecycle in order; every skipped step is refused with exit 2 and a reason.
        CliFixture.Result close = dmct("issues", "close", "TI-0001", "--lab", labArg);
        assertThat(close.exitCode()).isEqualTo(2);
        assertThat(close.err()).contains("cannot close TI-0001: it is OPEN");
        assertThat(dmct("issues", "fix", "TI-0001", "--note", "x", "--lab", labArg).err())
                .contains("no resolution option chosen yet");
        CliFixture.Result badOption = dmct("issues", "resolve", "TI-0001", "--option", "e", "--rationale", "r",
                "--lab", labArg);
        assertThat(badOption.exitCode()).isEqualTo(2);
        assertThat(badOption.err()).contains("--option must be a, b, c or d");
        assertThat(dmct("issues", "resolve", "TI-0001", "--option", "c", "--rationale",
                "B2-01 configuration refuses arming; a configuration change to the device", "--by", "dcc",
                "--lab", labArg).out()).contains("RESOLUTION_CHOSEN, 20.19 (c) C_SMETS1_DEVICE");
        assertThat(dmct("issues", "severity", "TI-0001", "9", "--reason", "r", "--lab", labArg).exitCode())
                .isEqualTo(2);
        assertThat(dmct("issues", "severity", "TI-0001", "4", "--reason", "a workaround exists", "--lab", labArg)
                .out()).contains("TI-0001: severity 4");
        removeArmingDefect(lab);
        assertThat(dmct("issues", "fix", "TI-0001", "--note", "configuration applied to B2-01", "--lab", labArg)
                .out()).contains("TI-0001: FIX_APPLIED");

        Path b2 = dir.resolve("b2");
        assertThat(dmct("demo", "--lab", labArg, "--out", b2.toString()).exitCode()).isZero();
        assertThat(CliFixture.verdicts(b2).get("DMC-CHARLIE")).containsEntry(FAILING_TEST, "PASS");
        CliFixture.Result sameRun = dmct("issues", "rerun", "TI-0001", "--bundle", b1.toString(), "--lab", labArg);
        assertThat(sameRun.exitCode()).isEqualTo(2);
        assertThat(sameRun.err()).contains("a re-run must be a run made after the fix");
        CliFixture.Result rerun = dmct("issues", "rerun", "TI-0001", "--bundle", b2.toString(), "--lab", labArg);
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("test PASS; issue CLOSED");
        CliFixture.Result closed = dmct("issues", "show", "TI-0001", "--lab", labArg);
        assertThat(closed.out()).contains("CLOSED").contains("re-runs:").contains("rerun-passed")
                .contains("severity: 3 -> 4: a workaround exists").contains("by dcc").doesNotContain("work off:");
        assertThat(dmct("issues", "list", "--open", "--lab", labArg).out()).contains("no Testing Issues open");

        // Over both runs, the latest results pass and no issue is open: DMC-CHARLIE completes.
        Path out = dir.resolve("charlie.json");
        CliFixture.Result done = dmct("completion", "DMC-CHARLIE", "--lab", labArg, "--bundle", b1.toString(),
                "--bundle", b2.toString(), "--out", out.toString());
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("DMC-CHARLIE: COMPLETED testing").contains("met  work-off-plans")
                .contains("no open Testing Issues").contains("has completed testing");
        assertThat(json(out).get("completed").asBoolean()).isTrue();
        assertThat(json(out).get("bundles")).hasSize(2);
    }

    @Test
    void malformedInputsAreUsageErrorsThatSayWhatIsWrong() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        CliFixture.Result noState = dmct("issues", "list");
        assertThat(noState.exitCode()).isEqualTo(2);
        assertThat(noState.err()).contains("--lab FILE or --state DIR");
        CliFixture.Result unknown = dmct("issues", "show", "TI-0042", "--state", state.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no Testing Issue 'TI-0042'").contains("the register is empty");
        CliFixture.Result notABundle = dmct("issues", "raise-from", dir.toString(), "--state", state.toString());
        assertThat(notABundle.exitCode()).isEqualTo(2);
        assertThat(notABundle.err()).contains("is not a run bundle");
        CliFixture.Result badDate = dmct("issues", "workoff", "--certificate-date", "23/11/2026", "--state",
                state.toString());
        assertThat(badDate.exitCode()).isEqualTo(2);
        assertThat(badDate.err()).contains("--certificate-date must be a date as YYYY-MM-DD");
        CliFixture.Result noBundles = dmct("completion", "DMC-ALPHA", "--state", state.toString());
        assertThat(noBundles.exitCode()).isEqualTo(2);
        assertThat(noBundles.err()).contains("no run bundles to judge DMC-ALPHA");

        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "completion:\n  functionalPassRate: 120\n");
        CliFixture.Result badRules = dmct("issues", "raise-from", dir.toString(), "--state", state.toString(),
                "--rules", rules.toString());
        assertThat(badRules.exitCode()).isEqualTo(2);
        assertThat(badRules.err()).contains(rules + ":2:").contains("completion.functionalPassRate");

        Files.writeString(state.resolve("testing-issues.json"), "{\"format\": \"dmct-testing-issues/1\", "
                + "\"nextId\": 1, \"runs\": [], \"issues\": [{\"id\": \"TI-0001\"}]}");
        CliFixture.Result damaged = dmct("issues", "list", "--state", state.toString());
        assertThat(damaged.exitCode()).isEqualTo(2);
        assertThat(damaged.err()).contains("configuration error").contains(state.resolve("testing-issues.json")
                .toString()).contains("issues[0].severity: missing required field");

        Path badLab = dir.resolve("lab.yaml");
        Files.writeString(badLab, "lab: {id: x}\nstate: [a, b]\n");
        CliFixture.Result labState = dmct("issues", "list", "--lab", badLab.toString());
        assertThat(labState.exitCode()).isEqualTo(2);
        assertThat(labState.err()).contains(badLab + ":2:").contains("state");
    }
}
