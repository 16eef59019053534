package org.dmct.packs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmct.core.config.ConfigException;
import org.dmct.core.config.ConfigProblem;
import org.dmct.core.pack.Pack;
import org.dmct.core.pack.PackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code docs/pack.schema.json} true to the pack language: every reference pack, every example of the reference
 * page and the language examples validate against it and load with {@link PackLoader}; every malformed pack (one per
 * rule, each naming its rule and the field PackLoader must report) is refused by both.
 */
class PackSchemaTest {
    private static final Path MODULE = Path.of(System.getProperty("user.dir"));
    private static final Path REPO = MODULE.getParent();
    private static final Path LANGUAGE = MODULE.resolve("src/test/resources/language");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern HEADER = Pattern.compile("(?m)^# loader-field: (.+)$");

    private static JsonSchema schema() throws IOException {
        Path file = REPO.resolve("docs/pack.schema.json");
        assertThat(file).as("the pack schema").isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static Set<ValidationMessage> validate(Path yaml) throws IOException {
        JsonNode node = YAML.readTree(yaml.toFile());
        return schema().validate(node);
    }

    private static Stream<Path> yamlIn(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(files).as("pack files in " + dir).isNotEmpty();
            return files.stream();
        }
    }

    static Stream<Path> referencePacks() throws IOException {
        return Stream.concat(yamlIn(MODULE.resolve("packs")), yamlIn(MODULE.resolve("packs/standard")));
    }

    static Stream<Path> validExamples() throws IOException {
        return yamlIn(LANGUAGE.resolve("valid"));
    }

    static Stream<Path> malformedPacks() throws IOException {
        return yamlIn(LANGUAGE.resolve("malformed"));
    }

    @ParameterizedTest
    @MethodSource("referencePacks")
    void everyReferencePackValidatesAgainstTheSchema(Path pack) throws IOException {
        assertThat(validate(pack)).as(pack.getFileName().toString()).isEmpty();
        new PackLoader().load(pack);
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void everyLanguageExampleValidatesAndLoads(Path pack) throws IOException {
        assertThat(validate(pack)).as(pack.getFileName().toString()).isEmpty();
        Pack loaded = new PackLoader().load(pack);
        assertThat(loaded.tests()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("malformedPacks")
    void everyMalformedPackIsRefusedByTheSchemaAndByPackLoader(Path pack) throws IOException {
        String text = Files.readString(pack);
        Matcher m = HEADER.matcher(text);
        assertThat(m.find()).as(pack + " names the field PackLoader must report (# loader-field: ...)").isTrue();
        String field = m.group(1).trim();
        assertThat(validate(pack)).as("schema errors for " + pack.getFileName()).isNotEmpty();
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new PackLoader().load(pack));
        assertThat(e).as("PackLoader should refuse " + pack.getFileName()).isNotNull();
        assertThat(e.problems()).as(pack.getFileName() + ": " + e.problems())
                .anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo(field);
                    assertThat(p.line()).isPositive();
                    assertThat(p.file()).isEqualTo(pack.toAbsolutePath().normalize());
                });
    }

    @Test
    void theExamplesOfTheReferencePageValidateAndLoad() throws IOException {
        String page = Files.readString(REPO.resolve("docs/pack-language.md"));
        Matcher blocks = Pattern.compile("(?s)```yaml\\n(pack:.*?)```").matcher(page);
        List<String> examples = new ArrayList<>();
        while (blocks.find()) {
            examples.add(blocks.group(1));
        }
        assertThat(examples).as("whole-pack examples on the reference page").isNotEmpty();
        Path dir = Files.createTempDirectory("pack-page-examples");
        for (int i = 0; i < examples.size(); i++) {
            Path file = dir.resolve("example-" + (i + 1) + ".yaml");
            Files.writeString(file, examples.get(i));
            assertThat(validate(file)).as("example " + (i + 1) + " of docs/pack-language.md").isEmpty();
        }
        // Derived examples name their base by id: the page's standard examples are in the same directory.
        for (int i = 0; i < examples.size(); i++) {
            Path file = dir.resolve("example-" + (i + 1) + ".yaml");
            try {
                new PackLoader().load(file);
            } catch (ConfigException e) {
                throw new AssertionError("example " + (i + 1) + " of docs/pack-language.md: " + e.problems().stream()
                        .map(ConfigProblem::toString).toList(), e);
            }
        }
    }
}
