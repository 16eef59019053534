package org.dmct.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.fixtures.TestPacks;
import org.dmct.core.internal.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pack language's derived packs ({@code basedOn}, {@code add}, {@code remove}), retries, capture forms, compare and value paths. */
class PackLanguageLoaderTest {
    @TempDir
    Path dir;

    private static final String BASE_TESTS = """
              - id: A
                title: A
                kind: functional
                devices: [ESME]
                steps:
                  - send: { srv: "4.1.1", to: ESME }
              - id: B
                title: B
                kind: functional
                devices: [ESME]
                steps:
                  - send: { srv: "7.4", to: ESME }
            """;

    private static final String DERIVED_HEAD = """
            pack:
              id: derived
              title: Derived
              release: MOC
              version: 1.0.0
              standard: false
              rationale: Active installation variant.
              basedOn: base
            """;

    private static final String ADD_C = """
            add:
              - id: C
                title: C
                kind: regression
                devices: [ESME]
                retries: 1
                steps:
                  - send: { srv: "11.2", to: ESME }
            """;

    @BeforeEach
    void base() {
        TestPacks.write(dir, "base.yaml", TestPacks.packYaml("base", BASE_TESTS));
    }

    private Pack load(String yaml) {
        return new PackLoader().load(TestPacks.write(dir, "derived.yaml", yaml));
    }

    private List<ConfigProblem> problems(String yaml) {
        Path file = TestPacks.write(dir, "derived.yaml", yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new PackLoader().load(file));
        assertThat(e).as("the pack should be refused").isNotNull();
        return e.problems();
    }

    private ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> p = problems(yaml);
        assertThat(p).as(p.toString()).hasSize(1);
        return p.get(0);
    }

    @Test
    void aDerivedPackIsItsBaseMinusRemovedPlusAdded() throws Exception {
        Pack p = load(DERIVED_HEAD + "remove:\n  - { test: B, rationale: no switch }\n" + ADD_C);
        assertThat(p.tests()).extracting(PackTest::id).containsExactly("A", "C");
        assertThat(p.standard()).isFalse();
        assertThat(p.rationale()).isEqualTo("Active installation variant.");
        Derivation d = p.derivation();
        assertThat(d.baseId()).isEqualTo("base");
        assertThat(d.basedOn()).isEqualTo("base");
        assertThat(d.baseVersion()).isEqualTo("0.1.0");
        assertThat(d.baseSha256()).isEqualTo(Hashing.sha256Hex(java.nio.file.Files.readAllBytes(dir.resolve("base.yaml"))));
        assertThat(d.removed()).containsExactly(new Derivation.Removal("B", "no switch"));
        assertThat(d.added()).containsExactly("C");
        assertThat(p.test("C").orElseThrow().retries()).isEqualTo(1);
        assertThat(p.test("A").orElseThrow().retries()).isZero();
    }

    @Test
    void theBaseCanBeNamedByFileAndFoundByIdThroughARepository() {
        TestPacks.write(dir.resolve("sub"), "derived.yaml",
                DERIVED_HEAD.replace("basedOn: base", "basedOn: ../base.yaml") + ADD_C);
        Pack byFile = new PackLoader().load(dir.resolve("sub/derived.yaml"));
        assertThat(byFile.tests()).extracting(PackTest::id).containsExactly("A", "B", "C");
        // By id from another directory: only the repository knows where the base lives.
        TestPacks.write(dir.resolve("lab-packs"), "derived.yaml", DERIVED_HEAD + ADD_C);
        PackRepository repo = new PackRepository(List.of(dir.resolve("lab-packs"), dir), new PackLoader());
        assertThat(repo.resolve("derived").derivation().baseFile())
                .isEqualTo(dir.resolve("base.yaml").toAbsolutePath().normalize().toString());
    }

    @Test
    void aBaseTestCanBeReplacedByRemovingAndAddingItsId() {
        Pack p = load(DERIVED_HEAD + "remove:\n  - { test: A, rationale: replaced }\n"
                + ADD_C.replace("id: C", "id: A"));
        assertThat(p.tests()).extracting(PackTest::id).containsExactly("B", "A");
        assertThat(p.test("A").orElseThrow().sends().get(0).srv()).isEqualTo("11.2");
    }

    @Test
    void everyRemovalNeedsARationale() {
        ConfigProblem p = onlyProblem(DERIVED_HEAD + "remove:\n  - { test: B }\n");
        assertThat(p.field()).isEqualTo("remove[0].rationale");
        assertThat(p.line()).isEqualTo(10);
        assertThat(p.message()).contains("rationale").contains("20.17");
    }

    @Test
    void removingATestTheBaseDoesNotHaveIsNamed() {
        ConfigProblem p = onlyProblem(DERIVED_HEAD + "remove:\n  - { test: Bx, rationale: typo }\n");
        assertThat(p.field()).isEqualTo("remove[0].test");
        assertThat(p.message()).isEqualTo("the base pack base has no test 'Bx'; did you mean 'B'?");
    }

    @Test
    void addingATestIdTheBaseHasIsRefused() {
        ConfigProblem p = onlyProblem(DERIVED_HEAD + ADD_C.replace("id: C", "id: B"));
        assertThat(p.field()).isEqualTo("add[0].id");
        assertThat(p.message()).contains("already has test 'B'");
    }

    @Test
    void aDerivedPackIsNonStandardAndUsesAddNotTests() {
        List<ConfigProblem> p = problems(DERIVED_HEAD.replace("standard: false", "standard: true") + "tests:\n"
                + BASE_TESTS);
        assertThat(p).extracting(ConfigProblem::field).containsExactlyInAnyOrder("pack.standard", "tests",
                "pack.basedOn");
        assertThat(p.get(0).message()).contains("non-standard");
    }

    @Test
    void addAndRemoveNeedBasedOn() {
        List<ConfigProblem> p = problems(TestPacks.packYaml("x", BASE_TESTS) + "remove:\n  - { test: A, rationale: r }\n");
        assertThat(p).extracting(ConfigProblem::field).containsExactly("remove");
        assertThat(p.get(0).message()).contains("basedOn");
    }

    @Test
    void aMissingOrBrokenBaseOrACircleIsNamedAtBasedOn() {
        ConfigProblem missing = onlyProblem(DERIVED_HEAD.replace("basedOn: base", "basedOn: nowhere") + ADD_C);
        assertThat(missing.field()).isEqualTo("pack.basedOn");
        assertThat(missing.message()).startsWith("no pack with id 'nowhere'");

        TestPacks.write(dir, "base.yaml", TestPacks.packYaml("base", BASE_TESTS.replace("\"7.4\"", "\"7.44\"")));
        ConfigProblem broken = onlyProblem(DERIVED_HEAD + ADD_C);
        assertThat(broken.field()).isEqualTo("pack.basedOn");
        assertThat(broken.message()).startsWith("the base pack base.yaml has problems: ").contains("unknown SRV '7.44'");

        TestPacks.write(dir, "base.yaml", DERIVED_HEAD.replace("id: derived", "id: base")
                .replace("basedOn: base", "basedOn: derived") + ADD_C.replace("id: C", "id: D"));
        ConfigProblem circle = onlyProblem(DERIVED_HEAD + ADD_C);
        assertThat(circle.message()).contains("in a circle");
    }

    @Test
    void moreBaseProblemsAreNamedAtTheirField() {
        ConfigProblem noFile = onlyProblem(DERIVED_HEAD.replace("basedOn: base", "basedOn: gone.yaml") + ADD_C);
        assertThat(noFile.field()).isEqualTo("pack.basedOn");
        assertThat(noFile.message()).startsWith("base pack file ").endsWith("gone.yaml does not exist");

        TestPacks.write(dir.resolve("copy"), "base.yaml", TestPacks.packYaml("base", BASE_TESTS));
        PackRepository repo = new PackRepository(List.of(dir, dir.resolve("copy")), new PackLoader());
        Path derived = TestPacks.write(dir, "derived.yaml", DERIVED_HEAD + ADD_C);
        ConfigException twice = catchThrowableOfType(ConfigException.class, () -> repo.resolve(derived.toString()));
        assertThat(twice.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("pack.basedOn");
            assertThat(p.message()).startsWith("pack id 'base' is used by more than one file");
        });

        List<ConfigProblem> removedTwice = problems(DERIVED_HEAD
                + "remove:\n  - { test: A, rationale: r }\n  - { test: A, rationale: r }\n");
        assertThat(removedTwice).extracting(ConfigProblem::field).containsExactly("remove[1].test");
        assertThat(removedTwice.get(0).message()).isEqualTo("test 'A' is removed twice");

        ConfigProblem empty = onlyProblem(DERIVED_HEAD
                + "remove:\n  - { test: A, rationale: r }\n  - { test: B, rationale: r }\n");
        assertThat(empty.field()).isEqualTo("pack.basedOn");
        assertThat(empty.message()).isEqualTo("removing these tests leaves the pack with no tests");
    }

    @Test
    void retriesAreBounded() {
        ConfigProblem p = onlyProblem(TestPacks.packYaml("x", BASE_TESTS.replace("    devices: [ESME]\n    steps:\n      - send: { srv: \"4.1.1\"",
                "    devices: [ESME]\n    retries: 6\n    steps:\n      - send: { srv: \"4.1.1\"")));
        assertThat(p.field()).isEqualTo("tests[0].retries");
    }

    private static String oneTest(String steps) {
        return TestPacks.packYaml("x", """
                  - id: T
                    title: T
                    kind: functional
                    devices: [ESME]
                    steps:
                """ + steps);
    }

    @Test
    void captureFormsAndCompareAreRead() {
        Pack p = new PackLoader().load(TestPacks.write(dir, "x.yaml", oneTest("""
                      - send: { srv: "4.1.1", to: ESME }
                        capture: [ { name: before, from: "profile[-1].value" }, { other: activeImportTotal } ]
                      - send: { srv: "4.1.1", to: ESME }
                        compare: { value: activeImportTotal, op: ">=", with: before }
                        capture: { name: after, from: activeImportTotal }
                      - check: { that: after, is: ">=", than: other }
                """)));
        SendStep first = (SendStep) p.tests().get(0).steps().get(0);
        assertThat(first.capture()).containsEntry("before", "profile[-1].value").containsEntry("other",
                "activeImportTotal");
        SendStep second = (SendStep) p.tests().get(0).steps().get(1);
        assertThat(second.compare()).containsExactly(new CompareCheck("activeImportTotal", Comparison.GE, "before"));
        assertThat(second.capture()).containsEntry("after", "activeImportTotal");
    }

    @Test
    void compareErrorsNameTheField() {
        List<ConfigProblem> p = problems(oneTest("""
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { name: before, from: activeImportTotal }
                        compare: { value: activeImportTotal, op: ">=", with: before }
                      - send: { srv: "4.1.1", to: ESME }
                        compare: [ { value: "a..b", op: "=>", with: befor } ]
                """));
        assertThat(p).extracting(ConfigProblem::field).containsExactly("tests[0].steps[0].compare.with",
                "tests[0].steps[1].compare[0].value", "tests[0].steps[1].compare[0].op",
                "tests[0].steps[1].compare[0].with");
        assertThat(p.get(0).message()).contains("capture 'before' is used before it is defined");
        assertThat(p.get(1).message()).contains("is not a value path");
        assertThat(p.get(2).message()).contains("'=>' is not a comparison");
        assertThat(p.get(3).message()).contains("did you mean 'before'?");
    }

    @Test
    void captureErrorsNameTheField() {
        List<ConfigProblem> p = problems(oneTest("""
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { name: before, from: "x[" }
                      - send: { srv: "4.1.1", to: ESME }
                        capture: { name: "bad name", from: x, extra: y }
                      - wait: 1s
                        compare: { value: x, op: "==", with: y }
                """));
        assertThat(p).extracting(ConfigProblem::field).containsExactly("tests[0].steps[0].capture.from",
                "tests[0].steps[1].capture.extra", "tests[0].steps[1].capture.name", "tests[0].steps[2].compare");
        assertThat(p.get(2).message()).contains("must be a word");
        assertThat(p.get(3).message()).isEqualTo("'compare' belongs to a send step");
    }

    @Test
    void valueKeysArePaths() {
        ConfigProblem p = onlyProblem(oneTest("""
                      - send: { srv: "4.1.1", to: ESME }
                        expect: { values: { "profile[x]": {} } }
                """));
        assertThat(p.field()).isEqualTo("tests[0].steps[0].expect.values.profile[x]");
        assertThat(p.message()).contains("is not a value path");
    }

    @Test
    void valuePathsParseAndFind() {
        ValuePath p = ValuePath.parse("profile[-1].value").orElseThrow();
        assertThat(p.key()).isEqualTo("profile");
        assertThat(p.isKey()).isFalse();
        java.util.Map<String, Object> values = java.util.Map.of("profile", List.of(java.util.Map.of("value", 1),
                java.util.Map.of("value", 2)));
        assertThat(p.find(values)).contains(2);
        assertThat(ValuePath.parse("profile[0].value").orElseThrow().find(values)).contains(1);
        assertThat(ValuePath.parse("profile[2].value").orElseThrow().find(values)).isEmpty();
        assertThat(ValuePath.parse("profile.value").orElseThrow().find(values)).isEmpty();
        assertThat(ValuePath.parse("missing").orElseThrow().find(values)).isEmpty();
        for (String bad : List.of("", "1a", "a.", "a[", "a[1", "a..b", "a[x]", "a b", ".a")) {
            assertThat(ValuePath.parse(bad)).as(bad).isEmpty();
        }
    }
}
