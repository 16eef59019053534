package org.dmct.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.model.DeviceType;
import org.dmct.core.model.PhysicalEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stimulate step as PackLoader reads it: its fields, its default prompt, and mistakes named by line and field. */
class StimulateStepLoaderTest {
    @TempDir
    Path dir;

    private Path pack(String steps) throws Exception {
        Path file = dir.resolve("pack.yaml");
        Files.writeString(file, """
                pack: { id: p, title: P, release: IOC, version: 0.0.1, standard: false, rationale: tests }
                tests:
                  - id: T
                    title: T
                    kind: functional
                    devices: [ESME]
                    trace: { srv: "4.1.1" }
                    steps:
                      - send: { srv: "4.1.1", to: ESME }
                """ + steps);
        return file;
    }

    @Test
    void aStimulateStepIsReadWithItsPromptOrTheEventsDefault() throws Exception {
        Pack p = new PackLoader().load(pack("""
                      - stimulate: { to: ESME, event: cover-removed, prompt: "Remove the terminal cover of the ESME now" }
                      - stimulate: { to: ESME, event: power-cut }
                """));
        StimulateStep first = (StimulateStep) p.tests().get(0).steps().get(1);
        assertThat(first).isEqualTo(new StimulateStep(DeviceType.ESME, PhysicalEvent.COVER_REMOVED,
                "Remove the terminal cover of the ESME now", 10));
        StimulateStep second = (StimulateStep) p.tests().get(0).steps().get(2);
        assertThat(second.prompt()).isEqualTo("Cut the mains supply to the ESME now");
    }

    @Test
    void anUnknownEventIsNamedWithFileLineAndField() throws Exception {
        Path file = pack("""
                      - stimulate: { to: ESME, event: earthquake }
                """);
        ConfigException e = catchThrowableOfType(() -> new PackLoader().load(file), ConfigException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toAbsolutePath().normalize());
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.field()).isEqualTo("tests[0].steps[1].stimulate.event");
            assertThat(p.message()).contains("unknown event 'earthquake'").contains("cover-removed");
        });
    }

    @Test
    void aDeviceTheTestDoesNotDeclareAndMissingFieldsAreNamed() throws Exception {
        Path file = pack("""
                      - stimulate: { to: GSME, event: battery-low }
                      - stimulate: { to: ESME }
                      - stimulate: { to: ESME, event: power-cut, colour: red }
                """);
        ConfigException e = catchThrowableOfType(() -> new PackLoader().load(file), ConfigException.class);
        assertThat(e.problems()).extracting(ConfigProblem::field).containsExactly(
                "tests[0].steps[1].stimulate.to", "tests[0].steps[2].stimulate.event",
                "tests[0].steps[3].stimulate.colour");
    }

    @Test
    void aKeypadEntryCarriesItsDigitsAndPromptsToTypeThem() throws Exception {
        Pack p = new PackLoader().load(pack("""
                      - stimulate: { to: ESME, event: keypad-entry, digits: "00000418000041123456" }
                """));
        StimulateStep step = (StimulateStep) p.tests().get(0).steps().get(1);
        assertThat(step).isEqualTo(new StimulateStep(DeviceType.ESME, PhysicalEvent.KEYPAD_ENTRY,
                "Type 00000418000041123456 on the ESME keypad now", "00000418000041123456", 10));
    }

    @Test
    void digitsAreRequiredForKeypadEntryOnlyAndAreDigits() throws Exception {
        Path file = pack("""
                      - stimulate: { to: ESME, event: keypad-entry }
                      - stimulate: { to: ESME, event: power-cut, digits: "1234" }
                      - stimulate: { to: ESME, event: keypad-entry, digits: "12 34#" }
                """);
        ConfigException e = catchThrowableOfType(() -> new PackLoader().load(file), ConfigException.class);
        assertThat(e.problems()).extracting(ConfigProblem::field).containsExactly(
                "tests[0].steps[1].stimulate", "tests[0].steps[2].stimulate.digits",
                "tests[0].steps[3].stimulate.digits");
        assertThat(e.problems()).extracting(ConfigProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("keypad-entry needs digits"),
                m -> assertThat(m).contains("keypad-entry only, not to power-cut"),
                m -> assertThat(m).contains("0-9 only"));
    }
}
