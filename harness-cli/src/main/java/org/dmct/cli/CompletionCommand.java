package org.dmct.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dmct.core.completion.CompletionDecision;
import org.dmct.core.completion.LatestResults;
import org.dmct.core.completion.RulesFile;
import org.dmct.core.issues.TestingIssueRegister;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmct completion DMC}: whether a DMC has completed DMCT testing, judged by the exit criteria (the SVTAD's
 * unless the lab's rules file says otherwise) over the latest result of each of its tests across the given bundles
 * (default: every bundle the register has read) and the lab's Testing Issues. Prints every criterion with its figure
 * and verdict and writes the decision as JSON. Exit 0 completed, 1 not completed, 2 usage or configuration error.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Decide whether a DMC has completed testing: every exit criterion with its figure and verdict; "
                + "the decision is also written as JSON. Exit 0 completed, 1 not completed, 2 usage/config error.")
final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DMC")
    String dmc;

    @Option(names = "--bundle", paramLabel = "DIR", description = "a run bundle to take results from; repeatable "
            + "(default: every bundle the Testing Issues register has read)")
    List<Path> bundles = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the decision as JSON (default: "
            + "completion/DMC.json in the state directory)")
    Path out;

    @Mixin
    StateOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Path stateDir = options.stateDir(spec.commandLine());
        TestingIssueRegister register = TestingIssueRegister.open(stateDir);
        RulesFile rules = options.rules(stateDir);
        List<Path> from = bundles.isEmpty() ? register.knownBundles() : bundles;
        if (from.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no run bundles to judge " + dmc + " from: "
                    + "give --bundle DIR, or run 'dmct run' / 'dmct issues raise-from BUNDLE' first");
        }
        LatestResults latest = LatestResults.fromBundles(from);
        if (latest.forDmc(dmc).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "none of the " + from.size() + " bundles "
                    + "has results for DMC '" + dmc + "'");
        }
        CompletionDecision d = rules.completion().decide(dmc, latest, register.all());
        w.printf("%s: %s (rules: %s)%n", dmc, d.completed() ? "COMPLETED testing" : "NOT completed", d.rules());
        for (CompletionDecision.Criterion c : d.criteria()) {
            w.printf("  %-4s %-22s %s: %s%n", c.met() ? "met" : "NOT", c.id(), c.description(), c.figure());
            for (String detail : c.detail()) {
                w.printf("         %s%n", detail);
            }
        }
        w.println(d.statement());
        Path file = out != null ? out : stateDir.resolve("completion").resolve(dmc + ".json");
        write(file, d, from);
        w.println("Decision: " + file.toAbsolutePath());
        return d.completed() ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
    }

    private static void write(Path file, CompletionDecision d, List<Path> bundles) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("dmc", d.dmcId()).put("completed", d.completed()).put("rules", d.rules())
                .put("statement", d.statement());
        ArrayNode criteria = root.putArray("criteria");
        for (CompletionDecision.Criterion c : d.criteria()) {
            ObjectNode n = criteria.addObject().put("id", c.id()).put("description", c.description())
                    .put("figure", c.figure()).put("met", c.met());
            ArrayNode detail = n.putArray("detail");
            c.detail().forEach(detail::add);
        }
        ArrayNode from = root.putArray("bundles");
        bundles.forEach(b -> from.add(b.toAbsolutePath().normalize().toString()));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, json.writeValueAsBytes(root));
    }
}
