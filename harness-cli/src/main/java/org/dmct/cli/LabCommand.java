package org.dmct.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDevice;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dmct lab ...}: work with lab files. */
@Command(name = "lab", description = "Work with lab files.", mixinStandardHelpOptions = true,
        subcommands = {LabCommand.Validate.class, LabCommand.Probe.class})
final class LabCommand implements Runnable {
    private final Console console;

    LabCommand(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        console.err().println("dmct lab: give a subcommand (validate, probe)");
    }

    /** {@code dmct lab validate --lab FILE}: loads a lab and its profiles and reports every problem. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a lab file and the device profiles it uses; every problem is listed with its file, "
                    + "line and field. Exit 0 when the lab is valid, 2 when it is not.")
    static final class Validate implements Callable<Integer> {
        @Option(names = "--lab", required = true, paramLabel = "FILE", description = "the lab file")
        Path lab;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Lab loaded = new LabLoader().load(lab);
            var out = spec.commandLine().getOut();
            out.printf("lab %s (%s): valid%n", loaded.id(), loaded.source());
            for (LabDmc dmc : loaded.dmcs()) {
                out.printf("  %s  %s  %s  %s%n", dmc.id(), dmc.link(), dmc.installationType().name().toLowerCase(),
                        dmc.simulated() ? "simulated" : "real devices");
                for (LabDevice d : dmc.devices()) {
                    out.printf("    %-14s %-5s %-28s firmware %-10s logical device %d%n", d.id(), d.type(),
                            d.profile().id(), d.firmware(), d.logicalDevice());
                }
            }
            return ExitCodes.OK;
        }
    }

    /**
     * {@code dmct lab probe --lab FILE}: reaches every device through its adapter, reads its identity and firmware,
     * compares them with the declaration and times the exchanges.
     */
    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = "Reach every device of a lab: link up, association, identity, model and firmware read and "
                    + "compared with the DMC's declaration, and round-trip time. Exit 0 when every device matches, 1 "
                    + "when any device is unreachable or differs from its declaration (each one is named).")
    static final class Probe implements Callable<Integer> {
        @Option(names = "--lab", required = true, paramLabel = "FILE", description = "the lab file")
        Path lab;

        @Option(names = "--dmc", paramLabel = "ID", description = "probe only these DMCs; repeatable (default: all)")
        java.util.List<String> dmcs = new java.util.ArrayList<>();

        @Option(names = "--json", description = "print the result as JSON instead of a table")
        boolean json;

        @Option(names = "--timeout", paramLabel = "DURATION",
                description = "per-request timeout, e.g. 3s (default: the lab's requestTimeout)")
        String timeout;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Lab loaded = new LabLoader().load(lab);
            for (String id : dmcs) {
                if (loaded.dmc(id).isEmpty()) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "lab " + loaded.id() + " has no DMC '" + id + "'");
                }
            }
            java.time.Duration requestTimeout = loaded.requestTimeout();
            if (timeout != null) {
                requestTimeout = org.dmct.core.config.ConfigNode.parseDuration(timeout).orElseThrow(() ->
                        new picocli.CommandLine.ParameterException(spec.commandLine(),
                                "--timeout: '" + timeout + "' is not a duration such as 3s or 500ms"));
            }
            io.netty.channel.EventLoopGroup group = EventLoops.create();
            java.util.List<org.dmct.core.probe.DeviceProbe> results;
            try {
                org.dmct.core.probe.LabProbe probe = new org.dmct.core.probe.LabProbe(
                        org.dmct.core.spi.DeviceAdapterProvider.installed(), group,
                        RunSupport.secrets(System::getenv, loaded),
                        requestTimeout, java.time.Clock.systemUTC());
                // Bounded: every request is bounded by the timeout; two per device, devices one after the other.
                long bound = requestTimeout.toMillis() * 3L * Math.max(1, loaded.dmcs().stream()
                        .mapToInt(d -> d.devices().size()).max().orElse(1)) + 10_000L;
                results = probe.probe(loaded, dmcs).get(bound, java.util.concurrent.TimeUnit.MILLISECONDS);
            } finally {
                EventLoops.shutdown(group);
            }
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(org.dmct.core.evidence.EvidenceJson.prettyMapper().writeValueAsString(
                        java.util.Map.of("lab", loaded.id(), "devices", results)));
            } else {
                ProbeTable.print(out, loaded, results);
            }
            out.flush();
            boolean allOk = results.stream().allMatch(r -> r.status() == org.dmct.core.probe.DeviceProbe.Status.OK);
            return allOk ? ExitCodes.OK : ExitCodes.CRITERIA_NOT_MET;
        }
    }
}
