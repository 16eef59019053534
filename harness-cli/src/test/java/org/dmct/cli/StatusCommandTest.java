package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmct status} as a user drives it, and a run moving its DMCs through the list. */
class StatusCommandTest {
    @TempDir
    Path dir;

    private String state() {
        return dir.resolve("state").toString();
    }

    private CliFixture.Result status(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "status";
        all[1] = "--state";
        all[2] = state();
        System.arraycopy(args, 0, all, 3, args.length);
        return dmct(all);
    }

    @Test
    void setListExportAndNoticeThroughTheCommand() throws IOException {
        assertThat(status("set", "DMC-ALPHA", "--status", "submitted", "--by", "alice").exitCode()).isZero();
        assertThat(status("set", "DMC-ALPHA", "--status", "data-complete", "--by", "alice").exitCode()).isZero();
        CliFixture.Result scheduled = status("set", "DMC-ALPHA", "--status", "scheduled", "--start", "2027-01-04",
                "--complete", "2027-01-29", "--packs", "dmct-srv-reference,migration", "--by", "bob");
        assertThat(scheduled.exitCode()).as(scheduled.err()).isZero();
        assertThat(scheduled.out()).contains("DMC-ALPHA is now scheduled").contains("by bob");
        assertThat(status("set", "DMC-BRAVO", "--status", "submitted").exitCode()).isZero();
        CliFixture.Result excluded = status("set", "DMC-BRAVO", "--status", "excluded", "--reason", "d",
                "--rationale", "equivalent to DMC-ALPHA (same firmware)", "--by", "carol");
        assertThat(excluded.exitCode()).as(excluded.err()).isZero();

        CliFixture.Result list = status("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("DMC-ALPHA").contains("scheduled").contains("2027-01-04 to 2027-01-29")
                .contains("DMC-BRAVO").contains("excluded").contains("20.6 (d), equivalent to DMC-ALPHA");

        CliFixture.Result notice = status("notice", "DMC-BRAVO");
        assertThat(notice.exitCode()).isZero();
        assertThat(notice.out()).contains("Reason (20.11 (a)): 20.6 (d)").contains("substantively equivalent")
                .contains("Rationale (20.11 (b)): equivalent to DMC-ALPHA (same firmware)");

        Path csv = dir.resolve("out/status.csv");
        Path html = dir.resolve("out/status.html");
        CliFixture.Result export = status("export", "--csv", csv.toString(), "--html", html.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(3).element(1).asString()
                .startsWith("DMC-ALPHA,scheduled,").contains(",bob,").endsWith(",2027-01-04,2027-01-29,"
                        + "dmct-srv-reference;migration,,");
        assertThat(Files.readString(html)).contains("DMCT Schedule (SEC AK 20.9)")
                .contains("<td>DMC-BRAVO</td>").contains("equivalent to DMC-ALPHA (same firmware)");

        JsonNode stored = new ObjectMapper().readTree(dir.resolve("state/status.json").toFile());
        assertThat(stored.get("dmcs").get(0).get("history")).hasSize(3);
    }

    @Test
    void refusedChangesAndBadInputExit2WithTheReason() throws IOException {
        assertThat(status("set", "DMC-ALPHA", "--status", "submitted").exitCode()).isZero();
        CliFixture.Result r = status("set", "DMC-ALPHA", "--status", "passed");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("DMC-ALPHA is submitted; it cannot become passed");
        r = status("set", "DMC-ALPHA", "--status", "excluded", "--reason", "e");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("needs its rationale");
        r = status("set", "DMC-ALPHA", "--status", "excluded", "--reason", "z", "--rationale", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'z' is not a reason of SEC AK 20.6");
        r = status("set", "DMC-ALPHA", "--status", "done");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'done' is not a status");
        r = status("notice", "DMC-ALPHA");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not excluded");
        r = dmct("status", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--state DIR").contains("--lab FILE");

        Path file = dir.resolve("state/status.json");
        Files.writeString(file, Files.readString(file).replace("\"by\"", "\"who\""));
        r = status("list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file.toString()).contains("field dmcs[0].history[0].by is missing");
    }

    @Test
    void aRunMovesItsDmcsToInTestAndThenPassedOrFailed() throws IOException {
        assertThat(status("set", "DMC-BRAVO", "--status", "submitted").exitCode()).isZero();
        assertThat(status("set", "DMC-BRAVO", "--status", "data-complete").exitCode()).isZero();
        assertThat(status("set", "DMC-BRAVO", "--status", "scheduled", "--start", "2027-01-04", "--complete",
                "2027-01-05", "--packs", "dmct-resume-loop").exitCode()).isZero();
        assertThat(status("set", "DMC-CHARLIE", "--status", "submitted").exitCode()).isZero();
        assertThat(status("set", "DMC-CHARLIE", "--status", "data-complete").exitCode()).isZero();
        assertThat(status("set", "DMC-CHARLIE", "--status", "scheduled", "--start", "2027-01-04", "--complete",
                "2027-01-05", "--packs", "dmct-resume-loop").exitCode()).isZero();

        EventLoopGroup loops = EventLoops.create();
        try (SimulatorHost simulators = SimulatorHost.start(new LabLoader().load(CliFixture.ciLab()), loops,
                Clock.systemUTC(), SecretResolver.ENVIRONMENT, true)) {
            Path lab = SimulatedLabFile.write(simulators.lab(), dir.resolve("lab.yaml"));
            CliFixture.Result run = dmct("run", "--lab", lab.toString(), "--pack",
                    SimulatedLabFile.RESUME_PACK.toString(), "--out", dir.resolve("bundle").toString(), "--dmc",
                    "DMC-BRAVO", "--dmc", "DMC-CHARLIE", "--state", state());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        } finally {
            EventLoops.shutdown(loops);
        }
        JsonNode stored = new ObjectMapper().readTree(dir.resolve("state/status.json").toFile());
        JsonNode bravo = stored.get("dmcs").get(0).get("history");
        JsonNode charlie = stored.get("dmcs").get(1).get("history");
        assertThat(bravo.get(3).get("status").asText()).isEqualTo("in-test");
        assertThat(bravo.get(3).get("by").asText()).isEqualTo("dmct run");
        assertThat(bravo.get(4).get("status").asText()).isEqualTo("passed");
        assertThat(bravo.get(4).get("runId").asText()).startsWith("run-");
        assertThat(charlie.get(4).get("status").asText()).isEqualTo("failed");
        assertThat(status("list").out()).contains("passed").contains("failed");
    }
}
