package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabDmc;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.KeystoreSecretResolver;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's "done when": {@code dmct run --lab ci-standard --pack standard-srvt --pack standard-dormant-mt} runs both
 * reference packs, found by id in the lab's pack directory, on every DMC of the CI lab for them and writes one bundle
 * in which every applicable test passes. The simulators run in-process on free ports; the lab file the command reads
 * is ci-standard.yaml with those ports and the simulators' control interfaces (for the stimulate steps).
 *
 * <p>The lab's keystore password comes from the environment, which a test cannot set in its own process: the command
 * runs with a console whose environment adds {@code DMCT_CI_KEYSTORE_PASSWORD} (the CI test keys' password).
 */
class StandardPacksRunTest {
    /** The CI test keystore's password (test keys, secret to nobody), as the lab's {@code {env:}} reference names it. */
    private static final Map<String, String> ENVIRONMENT = Map.of("DMCT_CI_KEYSTORE_PASSWORD", "dmct-ci-test-keys");

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private SimulatorHost simulators;

    @AfterEach
    void stop() {
        if (simulators != null) {
            simulators.close();
        }
        if (group != null) {
            EventLoops.shutdown(group);
        }
    }

    @Test
    void bothStandardPacksRunOnEveryDmcIntoOneBundle() throws Exception {
        Path labs = CliFixture.REPO.resolve("lab-config/labs");
        String text = Files.readString(labs.resolve("ci-standard.yaml"))
                .replace("profiles: [../profiles]", "profiles: [" + CliFixture.REPO.resolve("lab-config/profiles") + "]")
                .replace("packs: [../../test-packs/packs/standard]", "packs: [" + CliFixture.REPO.resolve("test-packs/packs/standard") + "]")
                .replace("keystore: { path: keys/ci-lifecycle-keys.p12", "keystore: { path: "
                        + labs.resolve("keys/ci-lifecycle-keys.p12"));
        Path declaredFile = dir.resolve("declared.yaml");
        Files.writeString(declaredFile, text);
        Lab declared = new LabLoader().load(declaredFile);
        SecretResolver secrets = KeystoreSecretResolver.forLab(declared, SecretResolver.environment(ENVIRONMENT::get));
        group = EventLoops.create();
        simulators = SimulatorHost.start(declared, group, Clock.systemUTC(), secrets, true);
        for (LabDmc running : simulators.lab().dmcs()) {
            LabDmc d = declared.dmc(running.id()).orElseThrow();
            text = replaceOnce(text, "port: " + d.link().port() + " }", "port: " + running.link().port() + " }");
            text = replaceOnce(text, "port: " + d.push().port() + " }", "port: " + running.push().port() + " }");
            text = replaceOnce(text, "  - id: " + d.id() + "\n", "  - id: " + d.id() + "\n    control: "
                    + running.controlEndpoint().orElseThrow() + "\n");
        }
        Path lab = dir.resolve("ci-standard.yaml");
        Files.writeString(lab, text);

        Path bundle = dir.resolve("bundle");
        CliFixture.Result r = CliFixture.dmctWithEnvironment(ENVIRONMENT, "run", "--lab", lab.toString(), "--pack", "standard-srvt", "--pack",
                "standard-dormant-mt", "--out", bundle.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();

        Map<String, Map<String, String>> verdicts = CliFixture.verdicts(bundle);
        assertThat(verdicts).containsOnlyKeys("DMC-STD-SEC", "DMC-STD-CREDIT", "DMC-STD-PREPAY");
        verdicts.forEach((dmc, tests) -> {
            assertThat(tests).as(dmc).containsKeys("SRVT-4.1.1-ESME", "MT-01-INVENTORY-ESME");
            assertThat(tests.values()).as(dmc + " " + tests).containsOnly("PASS", "NOT_RUN").contains("PASS");
        });
        assertThat(verdicts.get("DMC-STD-SEC")).containsEntry("MT-05-CREDENTIALS-ESME", "PASS");
        assertThat(verdicts.get("DMC-STD-PREPAY")).containsEntry("SRVT-1.5-ESME", "PASS");
        JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
        assertThat(manifest.get("packs")).extracting(p -> p.get("id").asText())
                .containsExactly("standard-srvt", "standard-dormant-mt");
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("the lab has '" + from + "'").isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
