package org.dmct.cli;

import java.io.PrintWriter;
import org.dmct.core.config.ConfigException;
import org.dmct.core.evidence.BundleException;
import org.dmct.core.pack.PackNotFoundException;
import org.dmct.sim.SimulatorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dmct} command: runs test packs against DMCs, simulates installations, checks lab files. Exit codes:
 * 0 every DMC met its criteria, 1 some did not, 2 usage or configuration error, 3 infrastructure failure.
 */
@Command(name = "dmct", mixinStandardHelpOptions = true, versionProvider = DmctCommand.Version.class,
        description = "DMCT Harness: tests SMETS1 Device Model Combinations (SEC Appendix AK clause 20).",
        subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, LabCommand.class,
            PortsCommand.class, VerifyCommand.class, ReportCommand.class, IssuesCommand.class,
            CompletionCommand.class, ResumeCommand.class, StatusCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every DMC met its criteria", "1:at least one DMC did not meet its criteria",
            "2:usage or configuration error", "3:infrastructure failure"})
public final class DmctCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(Console.system(), args));
    }

    /** Runs a command line as the {@code dmct} program would, writing to the given console; returns the exit code. */
    static int execute(Console console, String... args) {
        CommandLine cl = commandLine(console);
        return cl.execute(args);
    }

    static CommandLine commandLine(Console console) {
        CommandLine cl = new CommandLine(new DmctCommand(), new Factory(console));
        cl.setOut(console.out());
        cl.setErr(console.err());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(console.err(), e));
        return cl;
    }

    private static int handle(PrintWriter err, Exception e) {
        if (e instanceof ConfigException c) {
            err.println("dmct: configuration error:");
            c.problems().forEach(p -> err.println("  " + p));
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (e instanceof PackNotFoundException || e instanceof CommandLine.ParameterException
                || e instanceof BundleException || e instanceof RunSupport.SetupException
                || e instanceof org.dmct.core.issues.IssueException) {
            err.println("dmct: " + e.getMessage());
            return ExitCodes.USAGE_OR_CONFIG;
        }
        if (e instanceof SimulatorException) {
            err.println("dmct: " + e.getMessage());
            return ExitCodes.INFRASTRUCTURE;
        }
        err.println("dmct: infrastructure failure: " + e);
        if (System.getenv("DMCT_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitCodes.INFRASTRUCTURE;
    }

    /** Gives every subcommand the console it should write to. */
    private record Factory(Console console) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(console));
            }
            if (cls == PortsCommand.class) {
                return cls.cast(new PortsCommand(console));
            }
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(console));
            }
            if (cls == SimulateCommand.class) {
                return cls.cast(new SimulateCommand(console));
            }
            if (cls == LabCommand.class) {
                return cls.cast(new LabCommand(console));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** The harness version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dmct " + version()};
        }
    }

    static String version() {
        String v = DmctCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
