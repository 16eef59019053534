package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmct.core.evidence.EvidenceReader;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.lab.Lab;
import org.dmct.core.lab.LabLoader;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.dmct.core.run.RunConfig;
import org.dmct.core.run.RunOutcome;
import org.dmct.core.run.Runner;
import org.dmct.core.run.TestResult;
import org.dmct.core.run.Verdict;
import org.dmct.core.spi.DeviceAdapterProvider;
import org.dmct.core.spi.OperatorPrompt;
import org.dmct.core.spi.ScriptedOperator;
import org.dmct.core.spi.SecretResolver;
import org.dmct.sim.SimulatorHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stimulate step through the runner: against a simulated installation it goes to the simulator's control
 * interface and the device raises its alert, which the next step expects; against a DMC with no control interface
 * (a real one) it becomes an operator prompt, whose scripted confirmation is evidence, whose refusal fails the step,
 * and whose absence blocks it.
 */
class StimulatePacksTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final String PACK = """
            pack: { id: stimuli-small, title: Stimuli, release: IOC, version: 0.0.1, standard: false,
                    rationale: "checks the stimulate step of the harness itself" }
            tests:
              - id: COVER-REMOVED-RAISES-TAMPER
                title: Removing the terminal cover raises tamper detected
                kind: functional
                devices: [ESME]
                timeout: 30s
                trace: { srv: "4.1.1" }
                steps:
                  - send: { srv: "4.1.1", to: ESME }
                    expect: { response: I0 }
                  - stimulate: { to: ESME, event: cover-removed, prompt: "Remove the terminal cover of the ESME now" }
                  - expectAlert: { code: 0x8F3F, from: ESME, within: 10s }
            """;

    private static EventLoopGroup group;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Lab ciLab() {
        return new LabLoader().load(MODULE.resolve("../lab-config/labs/ci-simulated.yaml").normalize());
    }

    /** Runs the pack on DMC-ALPHA; {@code asReal} strips the control interface, as a real DMC has none. */
    private RunOutcome run(boolean asReal, OperatorPrompt operator) throws Exception {
        Path packFile = dir.resolve("stimuli-small.yaml");
        Files.writeString(packFile, PACK);
        Pack pack = new PackLoader().load(packFile);
        try (SimulatorHost simulators = SimulatorHost.start(ciLab(), group, Clock.systemUTC(),
                SecretResolver.ENVIRONMENT, true)) {
            Lab lab = asReal ? simulators.lab().mapDmcs(d -> d.withControl(null)) : simulators.lab();
            RunConfig config = RunConfig.builder(lab, List.of(pack), group, dir.resolve("bundle-" + System.nanoTime()))
                    .providers(DeviceAdapterProvider.installed()).dmcs(List.of("DMC-ALPHA")).operator(operator)
                    .build();
            RunOutcome outcome = Runner.start(config).outcome().get(120, TimeUnit.SECONDS);
            assertThat(outcome.errorMessage()).isEmpty();
            return outcome;
        }
    }

    private static TestResult result(RunOutcome o) {
        return o.dmcs().get(0).tests().get(0);
    }

    private static EvidenceRecord stimulus(RunOutcome o) throws Exception {
        return EvidenceReader.readAll(o.bundle().evidence()).stream()
                .filter(r -> r.type().equals(EvidenceTypes.STIMULUS)).findFirst().orElseThrow();
    }

    @Test
    void coverRemovedThroughTheControlInterfaceRaisesTheTamperAlert() throws Exception {
        RunOutcome o = run(false, OperatorPrompt.NONE);
        TestResult t = result(o);
        assertThat(t.verdict()).as(t.reason()).isEqualTo(Verdict.PASS);
        EvidenceRecord s = stimulus(o);
        assertThat(s.text("via")).isEqualTo("control");
        assertThat(s.text("result")).isEqualTo("applied");
        assertThat(s.text("by")).startsWith("http://127.0.0.1:").endsWith("/installations/DMC-ALPHA/devices/ALPHA-ESME/stimuli");
        assertThat(s.text("answer")).contains("TAMPER_DETECTED");
        assertThat(EvidenceReader.readAll(o.bundle().evidence())).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo(EvidenceTypes.ALERT);
            assertThat(r.text("code")).isEqualTo("0x8F3F");
            assertThat(r.text("device")).isEqualTo("ALPHA-ESME");
        });
    }

    @Test
    void atARealDeviceTheOperatorsScriptedConfirmationIsEvidence() throws Exception {
        Path answers = dir.resolve("answers.yaml");
        Files.writeString(answers, """
                operator: J. Smith
                answers:
                  - {device: ALPHA-ESME, event: cover-removed, answer: done}
                """);
        RunOutcome o = run(true, ScriptedOperator.load(answers, Clock.systemUTC()));
        EvidenceRecord s = stimulus(o);
        assertThat(s.text("via")).isEqualTo("operator");
        assertThat(s.text("result")).isEqualTo("confirmed");
        assertThat(s.text("by")).isEqualTo("J. Smith");
        assertThat(s.text("answer")).isEqualTo("done");
        assertThat(s.text("prompt")).isEqualTo("Remove the terminal cover of the ESME now");
        assertThat(s.text("at")).isNotBlank();
        // The operator said it was done, but nobody touched the simulator: no tamper alert comes, and the test
        // fails at the alert step, not at the stimulus.
        assertThat(result(o).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result(o).reason()).startsWith("step 3");
    }

    @Test
    void aDeclinedPromptFailsTheStep() throws Exception {
        Path answers = dir.resolve("declined.yaml");
        Files.writeString(answers, """
                operator: J. Smith
                answers:
                  - {event: cover-removed, answer: "no: the cover is sealed"}
                """);
        RunOutcome o = run(true, ScriptedOperator.load(answers, Clock.systemUTC()));
        assertThat(result(o).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result(o).reason()).startsWith("step 2").contains("J. Smith declined")
                .contains("no: the cover is sealed");
        assertThat(stimulus(o).text("result")).isEqualTo("declined");
    }

    @Test
    void withNoOperatorTheStepIsBlocked() throws Exception {
        RunOutcome o = run(true, OperatorPrompt.NONE);
        assertThat(result(o).verdict()).isEqualTo(Verdict.BLOCKED);
        assertThat(result(o).reason()).startsWith("step 2").contains("no operator is available to remove the "
                + "terminal cover of the ESME now");
        assertThat(stimulus(o).text("result")).isEqualTo("unavailable");
    }
}
