package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.codeRoots;
import static io.tabml.functions.DeploymentFiles.file;
import static io.tabml.functions.DeploymentFiles.mapping;
import static io.tabml.functions.DeploymentFiles.read;
import static io.tabml.functions.DeploymentFiles.readYaml;
import static io.tabml.functions.DeploymentFiles.scalars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of DeploymentFiles itself: the other deployment tests are only as good as what it reads. */
class DeploymentFilesTest {
    @Test
    void theJavaScanCoversEveryModule() {
        List<Path> roots = codeRoots();
        Matcher module = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(read(Path.of("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
            Path sources = Path.of(module.group(1), "src/main/java").normalize();
            assertTrue(!Files.isDirectory(file(sources)) || roots.contains(sources), "the settings and containers scan misses module "
                    + module.group(1) + " (scanned: " + roots + "): DeploymentFiles.codeRoots() finds <dir>/src/main/java directly under the repository root");
        }
        assertFalse(modules.isEmpty(), "found no <module> in pom.xml");
    }

    @Test
    void theYamlReaderIsStrict(@TempDir Path dir) throws IOException {
        // Not refused, unlike the hand-written reader this replaced: indentation that is not a step of
        // two. Any consistent indentation is YAML with one meaning, and GitHub reads it the same way.
        Map<String, String> bad = Map.of(
                "tab.yml", "a:\n\tb: 1\n",
                "duplicate.yml", "a: 1\na: 2\n",
                "duplicate-in-a-job.yml", "on:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    runs-on: windows-latest\n",
                "junk.yml", "a: 1\nnot a key\n",
                "unterminated-string.yml", "a: 'b\n",
                "two-documents.yml", "a: 1\n---\nb: 2\n",
                "alias.yml", "a: &x 1\nb: *x\n",
                "unterminated-expression.yml", "a: ${{ vars.X\n",
                "empty.yml", "",
                "not-a-mapping.yml", "- a\n");
        for (var entry : bad.entrySet()) {
            Path p = dir.resolve(entry.getKey());
            Files.writeString(p, entry.getValue());
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> readYaml(p),
                    "the YAML reader accepts " + entry.getKey() + ": " + entry.getValue());
            assertTrue(refused.getMessage().startsWith(p + ": "), "the refusal must name the file: " + refused.getMessage());
        }
        Path good = dir.resolve("good.yml");
        Files.writeString(good, "on:\n  push:\n  pull_request:\njobs:\n  a:\n    steps:\n      - uses: x/y@v1\n        with:\n          k: 'v' # c\n"
                + "      - run: |\n          echo a\n\n          echo b\n      - name: n\n        run: echo \"#x\"\nlist: [a, b]\n");
        JsonNode doc = readYaml(good);
        // YAML 1.1 reads a bare 'on' as true: the workflow's trigger key must stay the text "on"
        assertTrue(mapping(doc.get("on"), "on").has("pull_request"));
        assertEquals(List.of("a", "b"), scalars(doc.get("list")));
        JsonNode steps = mapping(mapping(doc.get("jobs"), "jobs").get("a"), "a").get("steps");
        assertEquals("v", mapping(steps.get(0).get("with"), "with").path("k").asText());
        assertEquals("echo a\n\necho b\n", steps.get(1).path("run").asText());
        assertEquals("echo \"#x\"", steps.get(2).path("run").asText());
    }
}
