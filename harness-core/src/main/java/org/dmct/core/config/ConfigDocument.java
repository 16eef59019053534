package org.dmct.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML file parsed into a tree of {@link ConfigNode}s that remember where each value was written. Loaders
 * of labs, profiles and packs read through it so that every validation error can name file, line and field;
 * problems accumulate in the document and {@link #throwIfProblems()} raises them all at once.
 */
public final class ConfigDocument {
    /** Deep enough for any real pack; stops a hostile file from exhausting the stack. */
    private static final int MAX_DEPTH = 64;
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final Path file;
    private final byte[] content;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final java.util.Set<String> explainedAbsences = new java.util.HashSet<>();
    private ConfigNode root;

    private ConfigDocument(Path file, byte[] content) {
        this.file = file;
        this.content = content;
    }

    /** Reads and parses a file; an unreadable file or malformed YAML is a {@link ConfigException}. */
    public static ConfigDocument load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read file: " + e));
        }
        return parse(file, bytes);
    }

    /** Parses YAML text that came from {@code file} (used for classpath copies and tests). */
    public static ConfigDocument parse(Path file, byte[] content) {
        ConfigDocument doc = new ConfigDocument(file, content.clone());
        doc.root = doc.parseRoot(new StringReader(new String(content, StandardCharsets.UTF_8)));
        return doc;
    }

    public Path file() {
        return file;
    }

    /** The exact bytes that were parsed, for hashing into evidence. */
    public byte[] content() {
        return content.clone();
    }

    public ConfigNode root() {
        return root;
    }

    /** Records a problem at a node; loaders keep going so that one run reports every problem. */
    public void problem(ConfigNode at, String message) {
        problems.add(new ConfigProblem(file, at.line(), at.column(), at.path(), message));
    }

    /** Marks a field path whose absence another problem (a misspelt key) already explains. */
    void explainAbsence(String path) {
        explainedAbsences.add(path);
    }

    boolean isAbsenceExplained(String path) {
        return explainedAbsences.contains(path);
    }

    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private ConfigNode parseRoot(Reader reader) {
        try (JsonParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(new ConfigProblem(file, 1, 1, "", "the file is empty"));
            }
            ConfigNode node = readValue(parser, "", 0);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new ConfigException(new ConfigProblem(file, at.getLineNr(), at.getColumnNr(), "",
                        "more than one YAML document in the file; only one is allowed"));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            throw new ConfigException(new ConfigProblem(file, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "", "not valid YAML: " + firstLine(message)));
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file, 0, 0, "", "cannot read: " + e.getMessage()));
        }
    }

    private ConfigNode readValue(JsonParser parser, String path, int depth) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        if (depth > MAX_DEPTH) {
            throw new ConfigException(new ConfigProblem(file, line, column, path,
                    "nested more than " + MAX_DEPTH + " levels deep"));
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, ConfigNode> fields = new LinkedHashMap<>();
                Map<String, ConfigNode> keyNodes = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    parser.nextToken();
                    ConfigNode value = readValue(parser, childPath, depth + 1);
                    if (fields.containsKey(key)) {
                        problems.add(new ConfigProblem(file, keyAt.getLineNr(), keyAt.getColumnNr(), childPath,
                                "duplicate key (first written on line " + keyNodes.get(key).line() + ")"));
                    } else {
                        fields.put(key, value);
                        keyNodes.put(key, ConfigNode.missing(this, childPath, keyAt.getLineNr(), keyAt.getColumnNr()));
                    }
                }
                return ConfigNode.mapping(this, path, line, column, fields);
            }
            case START_ARRAY: {
                List<ConfigNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, path + "[" + items.size() + "]", depth + 1));
                }
                return ConfigNode.sequence(this, path, line, column, items);
            }
            case VALUE_NULL:
                return ConfigNode.scalar(this, path, line, column, null);
            default:
                return ConfigNode.scalar(this, path, line, column, parser.getText());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
