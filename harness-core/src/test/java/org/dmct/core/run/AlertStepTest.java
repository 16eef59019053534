package org.dmct.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmct.core.fixtures.ScriptedProvider.answer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmct.core.config.ConfigException;
import org.dmct.core.evidence.EvidenceRecord;
import org.dmct.core.evidence.EvidenceTypes;
import org.dmct.core.fixtures.Runs;
import org.dmct.core.fixtures.ScriptedProvider;
import org.dmct.core.fixtures.TestLab;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.lab.Lab;
import org.dmct.core.model.AlertEvent;
import org.dmct.core.model.ServiceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** expectAlert / expectNoAlert steps, driven through the runner with a scripted adapter that raises alerts. */
class AlertStepTest {
    @TempDir
    Path dir;

    /** Answers 7.2 at once and raises {@code code} from the DMC's device of the request after {@code after}. */
    private static ScriptedProvider.Behaviour disableRaising(int code, Duration after) {
        return (req, ctx, n) -> {
            ctx.eventLoopGroup().next().schedule(() -> ctx.alerts().alert(new AlertEvent(ctx.dmc().id(),
                    req.deviceId(), code, ctx.clock().instant(), "test push", Map.of("eventCode", code))),
                    after.toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.completedFuture(ServiceResponse.success(req, Map.of(), ctx.clock().instant(),
                    ctx.clock().instant()));
        };
    }

    private static String test(String alertStep) {
        return "  - id: T-ALERT\n"
                + "    title: Disable supply raises supply interrupted\n"
                + "    kind: functional\n"
                + "    devices: [ESME, GSME]\n"
                + "    timeout: 10s\n"
                + "    trace: { srv: \"7.2\" }\n"
                + "    steps:\n"
                + "      - send: { srv: \"7.2\", to: ESME }\n"
                + "        expect: { response: I0 }\n"
                + "      - " + alertStep + "\n";
    }

    private RunOutcome run(String alertStep, ScriptedProvider.Behaviour behaviour) {
        Lab lab = TestLab.lab(dir.resolve("lab"), "DMC-A:CHF,ESME,GSME");
        return Runs.run(lab, List.of(TestPacks.load(dir.resolve("packs"), "p", test(alertStep))),
                new ScriptedProvider().on("7.2", behaviour), dir.resolve("bundle"));
    }

    private static TestResult only(RunOutcome o) {
        return o.dmcs().get(0).tests().get(0);
    }

    @Test
    void anAlertArrivingAfterTheResponsePassesAndIsRecordedWithItsTest() {
        RunOutcome o = run("expectAlert: { code: 0x8F57, from: ESME, within: 5s }",
                disableRaising(0x8F57, Duration.ofMillis(300)));
        assertThat(only(o).verdict()).as(only(o).reason()).isEqualTo(Verdict.PASS);
        List<EvidenceRecord> alerts = Runs.evidence(o, EvidenceTypes.ALERT);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).text("code")).isEqualTo("0x8F57");
        assertThat(alerts.get(0).text("device")).isEqualTo("A-ESME");
        assertThat(alerts.get(0).text("test")).isEqualTo("T-ALERT");
    }

    @Test
    void anAlertThatAlreadyArrivedInTheWindowPassesAtOnce() {
        RunOutcome o = run("expectAlert: { code: 0x8F57, within: 5s }", disableRaising(0x8F57, Duration.ZERO));
        assertThat(only(o).verdict()).as(only(o).reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void noAlertInTheWindowFailsNamingWhatCameInstead() {
        RunOutcome o = run("expectAlert: { code: 0x8F57, from: ESME, within: 400ms }",
                disableRaising(0x8F35, Duration.ofMillis(50)));
        TestResult t = only(o);
        assertThat(t.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(t.reason()).contains("step 2").contains("expected alert 0x8F57 from the ESME within 400ms")
                .contains("only 0x8F35 from A-ESME");
    }

    @Test
    void anAlertFromAnotherDeviceTypeDoesNotCount() {
        RunOutcome o = run("expectAlert: { code: 0x8F57, from: GSME, within: 400ms }",
                disableRaising(0x8F57, Duration.ofMillis(50)));
        assertThat(only(o).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void anAlertTooLateForTheWindowFails() {
        RunOutcome o = run("expectAlert: { code: 0x8F57, within: 200ms }", disableRaising(0x8F57,
                Duration.ofMillis(1500)));
        assertThat(only(o).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(o).reason()).contains("no alerts at all");
    }

    @Test
    void expectNoAlertFailsWhenTheAlertComes() {
        RunOutcome o = run("expectNoAlert: { code: 0x8F57, within: 3s }", disableRaising(0x8F57,
                Duration.ofMillis(100)));
        assertThat(only(o).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(o).reason()).contains("expected no alert 0x8F57").contains("received alert 0x8F57 from A-ESME");
    }

    @Test
    void expectNoAlertPassesWhenOnlyOtherAlertsCome() {
        RunOutcome o = run("expectNoAlert: { code: 0x8F57, within: 500ms }", disableRaising(0x8F35,
                Duration.ofMillis(50)));
        assertThat(only(o).verdict()).as(only(o).reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void badAlertStepsAreRefusedWithFileLineAndField() {
        assertThatThrownBy(() -> TestPacks.load(dir.resolve("bad1"), "p",
                test("expectAlert: { code: 0x8F57, within: 30s }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("within")
                .hasMessageContaining("cannot close within the test's timeout");
        assertThatThrownBy(() -> TestPacks.load(dir.resolve("bad2"), "p",
                test("expectAlert: { code: 0x8F57, from: CHF, within: 1s }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("from")
                .hasMessageContaining("does not declare device type CHF");
        assertThatThrownBy(() -> TestPacks.load(dir.resolve("bad3"), "p",
                test("expectAlert: { code: 0x8F57, widthin: 1s }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("widthin");
        assertThatThrownBy(() -> TestPacks.load(dir.resolve("bad4"), "p",
                test("expectAlert: { code: 0x18F57, within: 1s }")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("code");
    }
}
