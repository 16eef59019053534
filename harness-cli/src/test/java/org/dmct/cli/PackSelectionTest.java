package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmct.cli.CliFixture.dmct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.sim.FreePorts;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dmct run --pack A --pack B} on a lab whose pack directory the test owns: both packs, found by id, run on every
 * DMC into one bundle; replacing a pack file with another valid pack of the same id changes what runs with no rebuild;
 * a non-standard pack written as {@code basedOn:} the standard one runs its base minus and plus tests and the bundle
 * records the rationales.
 */
class PackSelectionTest {
    @TempDir
    Path dir;

    private Path lab;
    private Path packs;
    private EventLoopGroup group;
    private SimulatorHost simulators;

    private static final String SRVT = """
            pack:
              id: standard-srvt
              title: SRV pack (test copy %s)
              release: IOC
              version: %s
              standard: true
            tests:
            %s""";

    private static final String READ_REGISTERS = """
              - id: SRVT-4.1.1
                title: Read the import register twice; it never goes backwards
                kind: functional
                devices: [ESME]
                trace: { srv: "4.1.1" }
                steps:
                  - send: { srv: "4.1.1", to: ESME }
                    capture: { name: before, from: activeImportTotal }
                  - send: { srv: "4.1.1", to: ESME }
                    compare: { value: activeImportTotal, op: ">=", with: before }
            """;

    private static final String IDENTITY = """
              - id: SRVT-6.2.4
                title: The meter is the declared one
                kind: functional
                devices: [ESME]
                trace: { srv: "6.2.4" }
                steps:
                  - send: { srv: "6.2.4", to: ESME }
                    expect: { values: { serialNumber: { equalsDeclared: serialNumber }, model: { equalsDeclared: model } } }
            """;

    private static final String SUPPLY_STATUS = """
              - id: SRVT-7.4
                title: Read the supply status
                kind: regression
                devices: [ESME]
                trace: { srv: "7.4" }
                steps:
                  - send: { srv: "7.4", to: ESME }
                    expect: { values: { supplyStatus: { oneOf: [connected, disconnected, armed] } } }
            """;

    private static final String DORMANT = """
            pack:
              id: standard-dormant-mt
              title: Dormant migration pack (test copy)
              release: IOC
              version: 0.0.1
              standard: true
            tests:
              - id: DMT-INVENTORY-CHF
                title: The comms hub answers with its identity
                kind: functional
                devices: [CHF]
                trace: { srv: "6.2.4" }
                steps:
                  - send: { srv: "6.2.4", to: CHF }
                    expect: { values: { serialNumber: { equalsDeclared: serialNumber } } }
            """;


    @BeforeEach
    void labWithItsOwnPackDirectory() throws IOException {
        // The CI lab, with its profiles where they are, its packs in a directory of this test, and free ports.
        String text = Files.readString(CliFixture.ciLab())
                .replace("profiles: [../profiles]", "profiles: [" + CliFixture.REPO.resolve("lab-config/profiles") + "]")
                .replace("packs: [../../test-packs/packs]", "packs: [packs]");
        // Held until the simulators and the run bind them, and below the ephemeral range, so that no connection of
        // this JVM takes one meanwhile.
        List<ServerSocket> reserved = new ArrayList<>();
        for (int port : new int[] {14061, 14062, 14063, 14161, 14162, 14163}) {
            assertThat(text).contains("port: " + port + " }");
            ServerSocket free = FreePorts.reserve("127.0.0.1");
            reserved.add(free);
            text = text.replace("port: " + port + " }", "port: " + free.getLocalPort() + " }");
        }
        for (ServerSocket s : reserved) {
            s.close();
        }
        lab = dir.resolve("lab.yaml");
        Files.writeString(lab, text);
        packs = Files.createDirectories(dir.resolve("packs"));
        Lab declared = new LabLoader().load(lab);
        group = EventLoops.create();
        simulators = SimulatorHost.start(declared, group, Clock.systemUTC(), RunSupport.secrets(System::getenv, declared), false);
    }

    @AfterEach
    void stopSimulators() {
        if (simulators != null) {
            simulators.close();
        }
        EventLoops.shutdown(group);
    }

    private void writeSrvt(String copy, String version, String... tests) throws IOException {
        Files.writeString(packs.resolve("srvt.yaml"), SRVT.formatted(copy, version, String.join("", tests)));
    }

    private CliFixture.Result run(String bundle, String... packIds) {
        List<String> args = new ArrayList<>(List.of("run", "--lab", lab.toString(), "--out",
                dir.resolve(bundle).toString()));
        for (String id : packIds) {
            args.add("--pack");
            args.add(id);
        }
        return dmct(args.toArray(String[]::new));
    }

    private JsonNode manifest(String bundle) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(bundle).resolve("manifest.json").toFile());
    }

    @Test
    void twoPacksByIdRunOnEveryDmcIntoOneBundleAndAReplacedFileChangesWhatRuns() throws IOException {
        writeSrvt("one", "1.0.0", READ_REGISTERS, IDENTITY);
        Files.writeString(packs.resolve("dormant.yaml"), DORMANT);

        CliFixture.Result first = run("first", "standard-srvt", "standard-dormant-mt");
        assertThat(first.exitCode()).as(first.err() + first.out()).isZero();
        Map<String, Map<String, String>> verdicts = CliFixture.verdicts(dir.resolve("first"));
        assertThat(verdicts).containsOnlyKeys("DMC-ALPHA", "DMC-BRAVO", "DMC-CHARLIE");
        verdicts.forEach((dmc, tests) -> assertThat(tests).as(dmc).containsExactly(
                Map.entry("SRVT-4.1.1", "PASS"), Map.entry("SRVT-6.2.4", "PASS"), Map.entry("DMT-INVENTORY-CHF", "PASS")));
        JsonNode m1 = manifest("first");
        assertThat(m1.get("packs")).extracting(p -> p.get("id").asText())
                .containsExactly("standard-srvt", "standard-dormant-mt");

        // Another valid pack with the same id replaces the file: no rebuild, and the next run runs its tests.
        writeSrvt("two", "2.0.0", SUPPLY_STATUS);
        CliFixture.Result second = run("second", "standard-srvt", "standard-dormant-mt");
        assertThat(second.exitCode()).as(second.err() + second.out()).isZero();
        CliFixture.verdicts(dir.resolve("second")).forEach((dmc, tests) -> assertThat(tests).as(dmc)
                .containsExactly(Map.entry("SRVT-7.4", "PASS"), Map.entry("DMT-INVENTORY-CHF", "PASS")));
        JsonNode m2 = manifest("second");
        assertThat(m2.get("packs").get(0).get("version").asText()).isEqualTo("2.0.0");
        assertThat(m2.get("packs").get(0).get("sha256").asText())
                .isNotEqualTo(m1.get("packs").get(0).get("sha256").asText());
    }

    @Test
    void aNonStandardPackBasedOnTheStandardOneRunsItsChangesAndRecordsTheRationales() throws IOException {
        writeSrvt("one", "1.0.0", READ_REGISTERS, IDENTITY);
        Files.writeString(packs.resolve("active.yaml"), """
                pack:
                  id: srvt-active
                  title: SRV pack for active installations
                  release: IOC
                  version: 0.1.0
                  standard: false
                  rationale: Active installations are read without the identity check the SMSO already did.
                  basedOn: standard-srvt
                remove:
                  - { test: SRVT-6.2.4, rationale: identity checked at enrolment by the SMSO }
                add:
                """ + SUPPLY_STATUS);
        CliFixture.Result r = run("active", "srvt-active");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        CliFixture.verdicts(dir.resolve("active")).forEach((dmc, tests) -> assertThat(tests.keySet()).as(dmc)
                .containsExactly("SRVT-4.1.1", "SRVT-7.4"));
        JsonNode pack = manifest("active").get("packs").get(0);
        assertThat(pack.get("standard").asBoolean()).isFalse();
        assertThat(pack.get("rationale").asText()).startsWith("Active installations");
        assertThat(pack.get("derivation").get("baseId").asText()).isEqualTo("standard-srvt");
        assertThat(pack.get("derivation").get("removed").get(0).get("rationale").asText())
                .isEqualTo("identity checked at enrolment by the SMSO");
        assertThat(Files.readString(dir.resolve("active/evidence.jsonl")))
                .contains("identity checked at enrolment by the SMSO");
    }

    @Test
    void anUnknownPackIdIsAUsageErrorListingThePacksThere() throws IOException {
        writeSrvt("one", "1.0.0", READ_REGISTERS);
        CliFixture.Result r = run("none", "standard-srvtt");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no pack with id 'standard-srvtt'").contains("did you mean 'standard-srvt'?");
    }
}
