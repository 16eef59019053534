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
        subcommands = {LabCommand.Validate.class})
final class LabCommand implements Runnable {
    private final Console console;

    LabCommand(Console console) {
        this.console = console;
    }

    @Override
    public void run() {
        console.err().println("dmct lab: give a subcommand (validate)");
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
}
