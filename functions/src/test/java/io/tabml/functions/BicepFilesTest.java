package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.MAIN_BICEP;
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
import io.tabml.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of the infrastructure files: every .bicep file under infra/bicep is well formed,
 * references files that exist and uses no keys; main.parameters.json matches main.bicep; azure.yaml
 * points azd at main.bicep and at the staged function app. Each failure says which file to change.
 */
class BicepFilesTest {
    private static final Path MAIN_PARAMETERS = Path.of("infra/bicep/main.parameters.json");

    @Test
    void bicepFilesAreWellFormedAndReferenceExistingFiles() throws IOException {
        List<String> problems = new ArrayList<>();
        Pattern resource = Pattern.compile("(?m)^\\s*resource\\s+\\w+\\s+'([^'@]+)@([^']+)'");
        Pattern module = Pattern.compile("(?m)^\\s*module\\s+\\w+\\s+'([^']+)'");
        Pattern load = Pattern.compile("load(?:Json|Text)Content\\('([^']+)'\\)");
        List<Path> bicepFiles;
        try (Stream<Path> files = Files.walk(file(Path.of("infra/bicep")))) {
            bicepFiles = files.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
        }
        assertFalse(bicepFiles.isEmpty(), "no .bicep files under infra/bicep/");
        for (Path bicep : bicepFiles) {
            String rel = ROOT.relativize(bicep).toString();
            String text = Files.readString(bicep);
            if (text.contains("\t")) problems.add(rel + ": contains a tab: indent with spaces");
            String balance = unbalanced(text);
            if (balance != null) problems.add(rel + ": " + balance);
            Matcher r = resource.matcher(text);
            while (r.find()) {
                if (!r.group(2).matches("\\d{4}-\\d{2}-\\d{2}(-preview)?")) {
                    problems.add(rel + ": resource type " + r.group(1) + " has API version '" + r.group(2) + "': use a yyyy-mm-dd version");
                }
            }
            for (Matcher m : List.of(module.matcher(text), load.matcher(text))) {
                while (m.find()) {
                    if (m.group(1).startsWith("br/") || m.group(1).startsWith("br:")) continue;
                    if (!Files.exists(bicep.getParent().resolve(m.group(1)))) {
                        problems.add(rel + ": references " + m.group(1) + ", which does not exist");
                    }
                }
            }
            if (text.contains("listKeys(")) {
                problems.add(rel + ": calls listKeys: use managed identities and role assignments (Event Grid delivers to functions by resource id)");
            }
            if (text.contains("listConnectionStrings(") || text.contains("AccountKey=")) {
                problems.add(rel + ": builds a key-based connection string: use the managed identity (AzureWebJobsStorage__* settings)");
            }
        }
        assertNoProblems(problems);
    }

    /** The alert rule searches the log for what the monitoring timer writes when a status changes. */
    @Test
    void theAlertRuleLooksForTheLineTheMonitoringTimerLogs() throws IOException {
        String alerts = read(Path.of("infra/bicep/core/alerts.bicep"));
        assertTrue(alerts.contains("var statusChangePrefix = '" + MonitoringTimer.STATUS_CHANGE + "'"),
                "alerts.bicep must search for MonitoringTimer.STATUS_CHANGE");
        assertTrue(alerts.contains("to=drifting") && alerts.contains("to=degraded"), "the rule fires on drifting and degraded");
        assertTrue(read(MAIN_BICEP).contains("module alerts 'core/alerts.bicep' = if (!empty(alertEmail))"),
                "main.bicep deploys the alert when an email is given");
    }

    @Test
    void mainParametersMatchMainBicep() throws IOException {
        String main = read(MAIN_BICEP);
        Map<String, Boolean> params = new TreeMap<>(); // name -> has a default
        Matcher m = Pattern.compile("(?m)^param\\s+(\\w+)\\s+\\w+(\\s*=.*)?$").matcher(main);
        while (m.find()) params.put(m.group(1), m.group(2) != null);
        JsonNode parameters = Json.MAPPER.readTree(file(MAIN_PARAMETERS).toFile()).path("parameters");
        List<String> problems = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(name -> {
            if (!params.containsKey(name)) problems.add(MAIN_PARAMETERS + " sets '" + name + "', which " + MAIN_BICEP + " does not declare: remove it or add the param");
        });
        params.forEach((name, hasDefault) -> {
            if (!hasDefault && !parameters.has(name)) {
                problems.add(MAIN_BICEP + " param '" + name + "' has no default: give it one or set it in " + MAIN_PARAMETERS);
            }
        });
        for (String azdParam : List.of("environmentName", "location", "principalId")) {
            if (!parameters.has(azdParam)) problems.add(MAIN_PARAMETERS + " must pass " + azdParam + " (from ${AZURE_ENV_NAME} / ${AZURE_LOCATION} / ${AZURE_PRINCIPAL_ID})");
        }
        assertNoProblems(problems);
        assertTrue(main.contains("targetScope = 'resourceGroup'"), MAIN_BICEP + " must be resource-group scoped (scripts/deploy.sh runs az deployment group)");
    }

    @Test
    void azureYamlPointsAtTheBuiltApp() throws IOException {
        JsonNode azure = readYaml(Path.of("azure.yaml"));
        JsonNode infra = mapping(azure.get("infra"), "azure.yaml infra");
        assertEquals(MAIN_BICEP.getParent().toString(), infra.path("path").asText(), "azure.yaml infra.path must be the folder of main.bicep");
        assertEquals("main", infra.path("module").asText(), "azure.yaml infra.module must be main (infra/bicep/main.bicep)");
        JsonNode services = mapping(azure.get("services"), "azure.yaml services");
        JsonNode api = mapping(services.get("api"), "azure.yaml services.api");
        assertEquals("java", api.path("language").asText(), "azure.yaml services.api.language must be java");
        assertEquals("function", api.path("host").asText(), "azure.yaml services.api.host must be function");
        Path project = file(Path.of(api.path("project").asText()));
        assertTrue(Files.exists(project.resolve("pom.xml")), "azure.yaml services.api.project must be the Maven module of the function app (functions)");
        String pom = Files.readString(project.resolve("pom.xml"));
        Matcher appName = Pattern.compile("<functionAppName>([^<]+)</functionAppName>").matcher(pom);
        assertTrue(appName.find(), "functions/pom.xml has no functionAppName property");
        assertEquals("target/azure-functions/" + appName.group(1), api.path("dist").asText(),
                "azure.yaml services.api.dist must be the staged app, target/azure-functions/<functionAppName of functions/pom.xml>");
        assertFalse(services.has("web"), "azure.yaml must not deploy static-web/ as is: its API URL is written at deployment, "
                + "by the postdeploy hook (scripts/deploy.sh --after-azd runs the web step)");
        assertNoProblems(missingPaths(Path.of("azure.yaml"), scalars(azure)));
    }

    /** Null when braces, brackets and parentheses outside strings and comments balance, else what is wrong. */
    private static String unbalanced(String text) {
        StringBuilder stack = new StringBuilder();
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (text.startsWith("//", i)) {
                while (i < text.length() && text.charAt(i) != '\n') i++;
                line++;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) return "unterminated /* comment at line " + line;
                line += text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 1;
            } else if (text.startsWith("'''", i)) {
                int end = text.indexOf("'''", i + 3);
                if (end < 0) return "unterminated ''' string at line " + line;
                line += text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '\'' && text.charAt(j) != '\n') j += text.charAt(j) == '\\' ? 2 : 1;
                if (j >= text.length() || text.charAt(j) != '\'') return "unterminated string at line " + line;
                i = j;
            } else if ("{[(".indexOf(c) >= 0) {
                stack.append(c);
            } else if ("}])".indexOf(c) >= 0) {
                char open = "{[(".charAt("}])".indexOf(c));
                if (stack.isEmpty() || stack.charAt(stack.length() - 1) != open) return "unbalanced '" + c + "' at line " + line;
                stack.setLength(stack.length() - 1);
            }
        }
        return stack.isEmpty() ? null : "unclosed '" + stack.charAt(stack.length() - 1) + "' at the end";
    }
}
