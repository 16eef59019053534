package org.dmct.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.InstallationSimulator;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dmct lab probe} against the CI lab's simulators, started on free ports. */
class LabProbeTest {
    @TempDir
    Path dir;

    private EventLoopGroup simulatorLoops;
    private SimulatorHost host;
    private String labYaml;

    @BeforeEach
    void startSimulators() throws Exception {
        simulatorLoops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        Lab ci = new LabLoader().load(CliFixture.ciLab());
        host = SimulatorHost.start(ci, simulatorLoops, Clock.systemUTC(), SecretResolver.ENVIRONMENT, true);
        String yaml = Files.readString(CliFixture.ciLab())
                .replace("[../profiles]", "[" + CliFixture.REPO.resolve("lab-config/profiles") + "]")
                .replace("[../../test-packs/packs]", "[" + CliFixture.REPO.resolve("test-packs/packs") + "]");
        for (InstallationSimulator s : host.simulators()) {
            int declared = ci.dmc(s.dmc().id()).orElseThrow().link().port();
            yaml = yaml.replace("port: " + declared, "port: " + s.address().getPort());
        }
        labYaml = yaml;
    }

    @AfterEach
    void stop() {
        host.close();
        simulatorLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Path lab(String yaml) throws Exception {
        Path file = dir.resolve("lab-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void everyDeviceOfTheCiLabMatchesItsDeclaration() throws Exception {
        CliFixture.Result r = CliFixture.dmct("lab", "probe", "--lab", lab(labYaml).toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out()).contains("ALPHA-ESME").contains("ACM-A1-0004471").contains("A1-ESME")
                .contains("P4X2G04").contains("8 of 8 devices OK");
    }

    @Test
    void jsonNamesDeclaredAndReadValuesAndTimes() throws Exception {
        CliFixture.Result r = CliFixture.dmct("lab", "probe", "--lab", lab(labYaml).toString(), "--json",
                "--dmc", "DMC-BRAVO");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("devices")).hasSize(3);
        JsonNode esme = json.get("devices").get(1);
        assertThat(esme.get("deviceId").asText()).isEqualTo("BRAVO-ESME");
        assertThat(esme.get("status").asText()).isEqualTo("OK");
        assertThat(esme.get("read").get("firmwareVersion").asText()).isEqualTo("B2-00");
        assertThat(esme.get("declared").get("serialNumber").asText()).isEqualTo("BOR-B2-1180034");
        assertThat(esme.get("firstExchangeMs").isNumber()).isTrue();
        assertThat(esme.get("roundTripMs").isNumber()).isTrue();
    }

    @Test
    void aDeviceThatIsNotWhatTheLabDeclaresIsNamedAndExitsOne() throws Exception {
        // The simulator serves the CI lab's serial number; the probed lab declares another one.
        String wrong = labYaml.replace("serialNumber: \"ACM-A1-0004471\"", "serialNumber: \"ACM-A1-9999999\"");
        CliFixture.Result r = CliFixture.dmct("lab", "probe", "--lab", lab(wrong).toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("ALPHA-ESME").contains("MISMATCH")
                .contains("serialNumber: the device says 'ACM-A1-0004471', the lab declares 'ACM-A1-9999999'")
                .contains("7 of 8 devices OK");
    }

    @Test
    void anUnreachableDmcIsNamedAndExitsOne() throws Exception {
        host.simulator("DMC-CHARLIE").orElseThrow().kill();
        CliFixture.Result r = CliFixture.dmct("lab", "probe", "--lab", lab(labYaml).toString(), "--timeout", "2s");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("CHARLIE-ESME").contains("UNREACHABLE").contains("E20")
                .contains("6 of 8 devices OK");
    }
}
