package org.dmct.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs {@code dmct} in-process as a user would, capturing what it prints and its exit code. */
final class CliFixture {
    /** What one command did. */
    record Result(int exitCode, String out, String err) { }

    static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();

    static {
        System.setProperty("dmct.home", REPO.toString());
    }

    static Result dmct(String... args) {
        return dmctWithEnvironment(Map.of(), args);
    }

    /**
     * Runs {@code dmct} with these environment variables in front of the process's own (for {@code {env: NAME}}
     * secrets such as a lab keystore's password, which a test cannot set in its own environment).
     */
    static Result dmctWithEnvironment(Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false,
                name -> variables.containsKey(name) ? variables.get(name) : System.getenv(name));
        int code = DmctCommand.execute(console, args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path ciLab() {
        return REPO.resolve("lab-config/labs/ci-simulated.yaml");
    }

    /** DMC id to test id to verdict, from a bundle's JSON report. */
    static Map<String, Map<String, String>> verdicts(Path bundle) throws IOException {
        JsonNode report = new ObjectMapper().readTree(bundle.resolve("report/report.json").toFile());
        Map<String, Map<String, String>> verdicts = new LinkedHashMap<>();
        for (JsonNode dmc : report.get("dmcs")) {
            Map<String, String> tests = new LinkedHashMap<>();
            for (JsonNode t : dmc.get("tests")) {
                tests.put(t.get("id").asText(), t.get("verdict").asText());
            }
            verdicts.put(dmc.get("id").asText(), tests);
        }
        return verdicts;
    }

    private CliFixture() {
    }
}
