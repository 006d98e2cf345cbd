package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.ROOT;
import static io.tabml.functions.DeploymentFiles.assertNoProblems;
import static io.tabml.functions.DeploymentFiles.file;
import static io.tabml.functions.DeploymentFiles.mapping;
import static io.tabml.functions.DeploymentFiles.missingPaths;
import static io.tabml.functions.DeploymentFiles.read;
import static io.tabml.functions.DeploymentFiles.readYaml;
import static io.tabml.functions.DeploymentFiles.scalars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of the GitHub workflows (.github/workflows/): CI builds and runs every test, the
 * deployment signs in to Azure with OpenID Connect and no secret, and every workflow is strict YAML
 * that pins its actions. Each failure says which file to change and how.
 */
class WorkflowsTest {
    @Test
    void ciWorkflowBuildsAndRunsEveryTest() throws IOException {
        Path path = Path.of(".github/workflows/ci.yml");
        JsonNode ci = readYaml(path);
        JsonNode on = mapping(ci.get("on"), path + " on");
        assertTrue(on.has("push") && on.has("pull_request"), path + ": run on push and pull_request");
        JsonNode concurrency = mapping(ci.get("concurrency"), path + " concurrency");
        assertTrue(concurrency.has("group"), path + ": concurrency needs a group");
        assertEquals("true", concurrency.path("cancel-in-progress").asText(), path + ": concurrency.cancel-in-progress must be true");
        List<JsonNode> steps = allSteps(ci, path);
        assertStep(steps, "actions/checkout", Map.of(), path);
        assertStep(steps, "actions/setup-java", Map.of("distribution", "temurin", "java-version", "21", "cache", "maven"), path);
        assertStep(steps, "actions/setup-node", Map.of(), path);
        assertTrue(steps.stream().anyMatch(s -> s.path("run").asText().matches("(?s).*apt-get install.*\\bchromium\\b.*")),
                path + ": a step must apt-get install chromium (the browser tests)");
        assertTrue(steps.stream().anyMatch(s -> s.path("run").asText().contains("scripts/test.sh")), path + ": a step must run scripts/test.sh");
        assertNoProblems(missingPaths(path, scalars(ci)));
    }

    @Test
    void deployWorkflowSignsInWithOidcAndNoSecret() throws IOException {
        Path path = Path.of(".github/workflows/deploy.yml");
        String text = read(path);
        JsonNode deploy = readYaml(path);
        JsonNode on = mapping(deploy.get("on"), path + " on");
        assertTrue(on.has("workflow_dispatch"), path + ": allow workflow_dispatch");
        JsonNode branches = mapping(on.get("push"), path + " on.push").path("branches");
        assertTrue(branches.isArray() && scalars(branches).contains("main"), path + ": run on push to main (on.push.branches: [main])");
        JsonNode permissions = mapping(deploy.get("permissions"), path + " permissions");
        assertEquals("write", permissions.path("id-token").asText(), path + ": permissions.id-token must be write (OpenID Connect)");
        assertEquals("read", permissions.path("contents").asText(), path + ": permissions.contents must be read");
        assertFalse(text.contains("secrets."), path + ": use repository variables (vars.*) and OpenID Connect, no secrets");
        JsonNode jobs = mapping(deploy.get("jobs"), path + " jobs");
        boolean found = false;
        for (JsonNode jobValue : jobs) {
            JsonNode job = mapping(jobValue, path + " job");
            JsonNode environment = job.path("environment");
            String envName = (environment.isObject() ? environment.path("name") : environment).asText();
            List<JsonNode> steps = steps(job, path);
            boolean logsIn = steps.stream().anyMatch(s -> s.path("uses").asText().startsWith("azure/login@"));
            if (!logsIn) continue;
            found = true;
            assertEquals("production", envName, path + ": the job that signs in to Azure must run in the protected 'production' environment");
            JsonNode login = mapping(steps.stream().filter(s -> s.path("uses").asText().startsWith("azure/login@"))
                    .findFirst().orElseThrow().get("with"), path + " azure/login with");
            assertEquals("${{ vars.AZURE_CLIENT_ID }}", login.path("client-id").asText(), path + ": azure/login client-id must be ${{ vars.AZURE_CLIENT_ID }}");
            assertEquals("${{ vars.AZURE_TENANT_ID }}", login.path("tenant-id").asText(), path + ": azure/login tenant-id must be ${{ vars.AZURE_TENANT_ID }}");
            assertEquals("${{ vars.AZURE_SUBSCRIPTION_ID }}", login.path("subscription-id").asText(), path + ": azure/login subscription-id must be ${{ vars.AZURE_SUBSCRIPTION_ID }}");
            String runs = String.join("\n", steps.stream().map(s -> s.path("run").asText()).toList());
            for (String stepName : List.of("infra", "functions", "trainer", "events", "web")) {
                assertTrue(runs.matches("(?s).*scripts/deploy\\.sh [^\\n]*--only [^\\n]*\\b" + stepName + "\\b.*"),
                        path + ": the deploy job must run scripts/deploy.sh --only " + stepName);
            }
            assertTrue(runs.indexOf("scripts/smoke-azure.sh") > runs.lastIndexOf("scripts/deploy.sh"),
                    path + ": the deploy job must end with the smoke test (scripts/smoke-azure.sh) after every deploy step");
        }
        assertTrue(found, path + ": no job signs in with azure/login");
        assertNoProblems(missingPaths(path, scalars(deploy)));
    }

    @Test
    void everyWorkflowIsStrictYamlAndPinsItsActions() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> workflows;
        try (Stream<Path> files = Files.list(file(Path.of(".github/workflows")))) {
            workflows = files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(workflows.isEmpty(), "no workflows in .github/workflows");
        for (Path workflow : workflows) {
            Path rel = ROOT.relativize(workflow);
            JsonNode doc;
            try {
                doc = readYaml(rel);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            for (String key : List.of("name", "on", "jobs")) {
                if (!doc.has(key)) problems.add(rel + ": missing the top-level key '" + key + "'");
            }
            for (JsonNode step : allSteps(doc, rel)) {
                JsonNode uses = step.get("uses");
                if (uses != null && !uses.asText().matches("[\\w.-]+/[\\w./-]+@[\\w.-]+")) {
                    problems.add(rel + ": 'uses: " + uses.asText() + "' must name an action with a version (owner/repo@vN or a commit)");
                }
            }
        }
        assertNoProblems(problems);
        assertTrue(Files.isExecutable(file(Path.of("scripts/deploy.sh"))), "scripts/deploy.sh must be executable: git update-index --chmod=+x scripts/deploy.sh");
    }

    private static List<JsonNode> allSteps(JsonNode workflow, Path path) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode job : mapping(workflow.get("jobs"), path + " jobs")) {
            all.addAll(steps(mapping(job, path + " job"), path));
        }
        return all;
    }

    private static List<JsonNode> steps(JsonNode job, Path path) {
        JsonNode steps = job.get("steps");
        if (steps == null || steps.isNull()) return List.of();
        if (!steps.isArray()) throw new AssertionError(path + ": steps must be a list");
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode step : steps) result.add(mapping(step, path + " step"));
        return result;
    }

    private static void assertStep(List<JsonNode> steps, String action, Map<String, String> with, Path path) {
        JsonNode step = steps.stream().filter(s -> s.path("uses").asText().startsWith(action + "@")).findFirst()
                .orElseThrow(() -> new AssertionError(path + ": add a step that uses " + action));
        if (with.isEmpty()) return;
        JsonNode inputs = mapping(step.get("with"), path + " " + action + " with");
        with.forEach((k, v) -> assertEquals(v, inputs.path(k).asText(), path + ": " + action + " needs with." + k + ": " + v));
    }
}
