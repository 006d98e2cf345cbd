package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the deployment tests share: the repository's files, what the Java code reads and uses, what
 * the Bicep declares, and a strict reader for the workflows and azure.yaml. Failures name the file
 * to change.
 */
final class DeploymentFiles {
    static final Path ROOT = Path.of(System.getProperty("tabml.root", "..")).toAbsolutePath().normalize();

    static final Path API_BICEP = Path.of("infra/bicep/app/api.bicep");
    static final Path STORAGE_BICEP = Path.of("infra/bicep/core/storage.bicep");
    static final Path BLOB_EVENTS_BICEP = Path.of("infra/bicep/app/blob-events.bicep");
    static final Path MAIN_BICEP = Path.of("infra/bicep/main.bicep");

    private DeploymentFiles() {}

    // ---------------------------------------------------------------- files

    static Path file(Path relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new AssertionError(relative + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }

    // ---------------------------------------------------------------- what the code reads

    /**
     * The main sources of every module: each {@code <dir>/src/main/java} directly under the repository
     * root, found rather than listed so that a new module's settings and containers are checked too.
     */
    static List<Path> codeRoots() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.map(dir -> dir.resolve("src/main/java")).filter(Files::isDirectory).map(ROOT::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface JavaFileVisitor {
        void visit(String relativePath, String text);
    }

    static void forEachJavaFile(JavaFileVisitor visitor) {
        for (Path codeRoot : codeRoots()) {
            try (Stream<Path> files = Files.walk(file(codeRoot))) {
                for (Path p : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                    visitor.visit(ROOT.relativize(p).toString(), Files.readString(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Pattern SETTING_READ = Pattern.compile("\\b\\w*(?:[sS]etting|getenv)\\(\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"");
    private static final Pattern BINDING_EXPRESSION = Pattern.compile("\"%([A-Za-z_][A-Za-z0-9_]*)%\"");
    private static final Pattern CONNECTION = Pattern.compile("\\bconnection\\s*=\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"");

    /** Setting name -> the first file that reads it: setting("X"), longSetting("X"), getenv("X"), "%X%" in bindings, connection = "X". */
    static Map<String, String> settingsReadByCode() {
        Map<String, String> read = new TreeMap<>();
        forEachJavaFile((rel, text) -> {
            for (Pattern p : List.of(SETTING_READ, BINDING_EXPRESSION, CONNECTION)) {
                Matcher m = p.matcher(text);
                while (m.find()) read.putIfAbsent(m.group(1), rel);
            }
        });
        assertTrue(read.containsKey("AzureWebJobsStorage") && read.containsKey("JOBS_POLL_SCHEDULE"),
                "the scan of " + codeRoots() + " found no AzureWebJobsStorage / JOBS_POLL_SCHEDULE read: update settingsReadByCode() in DeploymentFiles to the way AppConfig reads settings now");
        return read;
    }

    /** Container name -> the file and constant that name it (every static final String *CONTAINER* constant). */
    static Map<String, String> containersUsedByCode() {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+(\\w*CONTAINER\\w*)\\s*=\\s*\"([^\"]+)\"");
        Map<String, String> used = new TreeMap<>();
        forEachJavaFile((rel, text) -> {
            Matcher m = constant.matcher(text);
            while (m.find()) used.putIfAbsent(m.group(2), rel + " " + m.group(1));
        });
        return used;
    }

    /** Table name -> the file and constant that name it (every static final String *TABLE* constant). */
    static Map<String, String> tablesUsedByCode() {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+(\\w*TABLE\\w*)\\s*=\\s*\"([^\"]+)\"");
        Map<String, String> used = new TreeMap<>();
        forEachJavaFile((rel, text) -> {
            Matcher m = constant.matcher(text);
            while (m.find()) used.putIfAbsent(m.group(2), rel + " " + m.group(1));
        });
        return used;
    }

    // ---------------------------------------------------------------- what Bicep declares

    /** The keys of the `var appSettings = { ... }` block of infra/bicep/app/api.bicep. */
    static Set<String> bicepAppSettings() {
        List<String> block = block(API_BICEP, "var appSettings = {", "}");
        Set<String> keys = new LinkedHashSet<>();
        Pattern key = Pattern.compile("^\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*:");
        for (String line : block) {
            Matcher m = key.matcher(line);
            if (m.find() && !line.trim().startsWith("//")) {
                assertTrue(keys.add(m.group(1)), API_BICEP + ": app setting " + m.group(1) + " is set twice");
            }
        }
        assertFalse(keys.isEmpty(), API_BICEP + ": 'var appSettings' has no settings");
        return keys;
    }

    /** The names in the `var appContainers = [ ... ]` block of infra/bicep/core/storage.bicep. */
    static Set<String> bicepContainers() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : block(STORAGE_BICEP, "var appContainers = [", "]")) {
            Matcher m = Pattern.compile("^\\s+'([a-z0-9-]+)'\\s*$").matcher(line);
            if (m.find()) names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), STORAGE_BICEP + ": 'var appContainers' lists no containers");
        return names;
    }

    /** The names in the `var appTables = [ ... ]` block of infra/bicep/core/storage.bicep. */
    static Set<String> bicepTables() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : block(STORAGE_BICEP, "var appTables = [", "]")) {
            Matcher m = Pattern.compile("^\\s+'([A-Za-z][A-Za-z0-9]{2,62})'\\s*$").matcher(line);
            if (m.find()) names.add(m.group(1));
        }
        return names;
    }

    /** The lines between the last line that is {@code opening} (trimmed) and the next line that is exactly {@code closing}. */
    private static List<String> block(Path path, String opening, String closing) {
        List<String> lines = List.of(read(path).split("\n"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(opening)) start = i;
        }
        assertTrue(start >= 0, path + " must contain a line '" + opening + "' (the deployment tests read it, see DeploymentFiles)");
        List<String> body = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            if (lines.get(i).equals(closing)) return body;
            body.add(lines.get(i));
        }
        fail(path + ": the block '" + opening + "' has no closing '" + closing + "' at the start of a line");
        return body;
    }

    // ---------------------------------------------------------------- YAML: workflows and azure.yaml

    /**
     * Refuses what YAML allows but would make the checks read something other than what the file
     * says: a repeated key (the last one silently wins) and a second document after "---" (readTree
     * would read only the first). Tabs in indentation and lines that are neither a key nor an item are
     * YAML syntax errors already.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The top-level mapping of a YAML file (a path relative to the repository root, or absolute). Throws
     * IllegalArgumentException, naming the file and what is wrong (with its line where the YAML parser
     * gives one), when the file is not strict YAML.
     */
    static JsonNode readYaml(Path path) throws IOException {
        JsonNode doc;
        try {
            doc = YAML.readTree(file(path).toFile());
            // Jackson reads an alias (*name) as the text "name", not as the node it stands for, so the
            // checks would read the wrong value: refuse aliases
            try (JsonParser parser = YAML.createParser(file(path).toFile())) {
                while (parser.nextToken() != null) {
                    if (((YAMLParser) parser).isCurrentAlias()) {
                        throw notStrictYaml(path, "line " + parser.currentLocation().getLineNr() + ": an alias (*" + parser.getText() + "): write the value out");
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw notStrictYaml(path, e.getMessage());
        }
        if (!doc.isObject()) throw notStrictYaml(path, "the file is not a mapping (is it empty?)");
        // an unterminated ${{ expression breaks the workflow: catch it before it is pushed
        for (String scalar : scalars(doc)) {
            int open = scalar.indexOf("${{");
            if (open >= 0 && scalar.indexOf("}}", open) < 0) throw notStrictYaml(path, "an unterminated ${{ expression: " + scalar);
        }
        return doc;
    }

    private static IllegalArgumentException notStrictYaml(Path path, String why) {
        return new IllegalArgumentException(path + ": " + why + " (DeploymentFiles.readYaml reads workflows and azure.yaml as strict YAML)");
    }

    /** The node, which must be a mapping; {@code what} names it in the failure. */
    static JsonNode mapping(JsonNode node, String what) {
        if (node != null && node.isObject()) return node;
        throw new AssertionError(what + " must be a mapping, found " + (node == null || node.isNull() ? "nothing" : node));
    }

    /** Every scalar of the document, keys and values (nulls left out). */
    static List<String> scalars(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.add(field.getKey());
                out.addAll(scalars(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(v -> out.addAll(scalars(v)));
        } else if (!node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./-])((?:scripts|infra|functions|core|local-host|static-web|docs|\\.ci|\\.github)/[A-Za-z0-9_.\\-/]*[A-Za-z0-9_\\-])");

    /** Repository paths mentioned in the file's strings that do not exist (build outputs under target/ excepted). */
    static List<String> missingPaths(Path file, List<String> scalars) {
        List<String> problems = new ArrayList<>();
        for (String scalar : scalars) {
            Matcher m = REPO_PATH.matcher(scalar);
            while (m.find()) {
                String ref = m.group(1);
                if (ref.contains("/target/") || ref.endsWith("/target")) continue;
                if (!Files.exists(ROOT.resolve(ref))) problems.add(file + " refers to " + ref + ", which does not exist in the repository");
                else if (ref.endsWith(".sh") && !Files.isExecutable(ROOT.resolve(ref))) problems.add(file + " runs " + ref + ", which is not executable");
            }
        }
        return problems;
    }
}
