package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dmct.cli.CliFixture.dmct;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct run} against simulators started with {@code dmct simulate} raises its failures in the lab's register
 * (default state directory next to the lab file); a repeat failure adds evidence; a failing re-run keeps the issue
 * open; Work Off Plans are refused while a severity 2 issue is open and otherwise make DMC-CHARLIE complete with its
 * open issue planned (12 of 13 functional tests pass: 92.3%); an approved exclusion takes it out of the count.
 */
class RunRaisesIssuesTest {
    @TempDir
    Path dir;

    @Test
    void runsRaiseAndRepeatAndTheWorkOffPlanLetsTheDmcComplete() throws Exception {
        Path lab = IssuesCommandTest.copyLab(dir.resolve("lab"));
        String labArg = lab.toString();
        AtomicReference<CliFixture.Result> simulate = new AtomicReference<>();
        DemoAndRunTest.StringBuilderWriter simOut = new DemoAndRunTest.StringBuilderWriter();
        Thread simulator = new Thread(() -> {
            StringWriter err = new StringWriter();
            Console console = new Console(new PrintWriter(simOut, true), new PrintWriter(err, true), false);
            int code = DmctCommand.execute(console, "simulate", "--lab", labArg);
            simulate.set(new CliFixture.Result(code, simOut.toString(), err.toString()));
        }, "dmct-simulate");
        simulator.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> simOut.toString().contains("Ready.")
                    || simulate.get() != null);
            assertThat(simOut.toString()).contains("Ready.");
            CliFixture.Result r1 = run("r1", labArg);
            assertThat(r1.out()).contains("Testing Issues from run").contains("1 raised, 0 repeated")
                    .contains("raised   TI-0001 DMC-CHARLIE severity 3: FAIL SRV-7.3-ESME");
            assertThat(lab.getParent().resolve("state/testing-issues.json")).isRegularFile();
            CliFixture.Result r2 = run("r2", labArg);
            assertThat(r2.out()).contains("0 raised, 1 repeated")
                    .contains("repeated TI-0001 DMC-CHARLIE: failed again, evidence added");

            assertThat(dmct("issues", "resolve", "TI-0001", "--option", "a", "--rationale", "adapter retries arming",
                    "--lab", labArg).exitCode()).isZero();
            assertThat(dmct("issues", "fix", "TI-0001", "--note", "adapter change", "--lab", labArg).exitCode())
                    .isZero();
            run("r3", labArg);
            CliFixture.Result rerun = dmct("issues", "rerun", "TI-0001", "--bundle", dir.resolve("r3").toString(),
                    "--lab", labArg);
            assertThat(rerun.exitCode()).as(rerun.err()).isEqualTo(1);
            assertThat(rerun.out()).contains("test FAIL; issue RERUN, still open");
        } finally {
            simulator.interrupt();
            simulator.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(simulator.isAlive()).isFalse();

        CliFixture.Result show = dmct("issues", "show", "TI-0001", "--lab", labArg);
        assertThat(show.out()).contains("RERUN").contains("rerun-failed");
        assertThat(show.out().lines().filter(l -> l.contains("evidence:   run"))).hasSize(3);

        // Open, severity 3, no plan: only the Work Off Plan criterion fails.
        CliFixture.Result before = dmct("completion", "DMC-CHARLIE", "--lab", labArg);
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.out()).contains("met  functional-pass-rate").contains("12 of 13 passed (92.3%)")
                .contains("NOT  work-off-plans");

        assertThat(dmct("issues", "severity", "TI-0001", "2", "--reason", "blocks prepayment", "--lab", labArg)
                .exitCode()).isZero();
        CliFixture.Result refused = dmct("issues", "workoff", "--certificate-date", "2026-11-23", "--lab", labArg);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("no Work Off Plan is possible while severity 1 or 2 issues are open")
                .contains("TI-0001 (DMC-CHARLIE, severity 2)");
        assertThat(dmct("issues", "severity", "TI-0001", "3", "--reason", "TAG agreed 3", "--lab", labArg)
                .exitCode()).isZero();
        CliFixture.Result plan = dmct("issues", "workoff", "--certificate-date", "2026-11-23", "--owner", "Borealis",
                "--lab", labArg);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("TI-0001 DMC-CHARLIE severity 3: due 2026-12-21 (20 working days)")
                .contains("england-and-wales-bank-holidays.txt");

        CliFixture.Result after = dmct("completion", "DMC-CHARLIE", "--lab", labArg);
        assertThat(after.exitCode()).as(after.out()).isZero();
        assertThat(after.out()).contains("COMPLETED").contains("1 of 1 open issues have a Work Off Plan");

        assertThat(dmct("issues", "exclude", "TI-0001", "--rationale", "arming is not used by this SMSO",
                "--approved-by", "TAG 2026-11-20", "--lab", labArg).exitCode()).isZero();
        assertThat(dmct("completion", "DMC-CHARLIE", "--lab", labArg).out())
                .contains("0 open (threshold 15); 1 more excluded with approval (TI-0001)");
        assertThat(dmct("issues", "list", "--lab", labArg).out()).contains("excluded");
    }

    private CliFixture.Result run(String name, String lab) {
        CliFixture.Result r = dmct("run", "--lab", lab, "--pack", "dmct-srv-reference", "--out",
                dir.resolve(name).toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(1);
        return r;
    }
}
