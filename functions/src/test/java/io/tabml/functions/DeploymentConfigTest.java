package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tabml.config.AppConfig;
import io.tabml.storage.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Offline checks that the deployment (infra/, azure.yaml, .github/workflows/, scripts/deploy.sh)
 * matches the code, and that no key or secret is committed. Nothing here reaches Azure; each
 * failure says which file to change and how.
 */
class DeploymentConfigTest {
    private static final Path ROOT = Path.of(System.getProperty("tabml.root", "..")).toAbsolutePath().normalize();

    static final Path API_BICEP = Path.of("infra/bicep/app/api.bicep");
    private static final Path STORAGE_BICEP = Path.of("infra/bicep/core/storage.bicep");
    private static final Path BLOB_EVENTS_BICEP = Path.of("infra/bicep/app/blob-events.bicep");
    static final Path MAIN_BICEP = Path.of("infra/bicep/main.bicep");
    private static final Path MAIN_PARAMETERS = Path.of("infra/bicep/main.parameters.json");
    private static final Path LOCAL_SETTINGS = Path.of("functions/local.settings.json");
    private static final List<Path> CODE_ROOTS = List.of(Path.of("core/src/main/java"), Path.of("functions/src/main/java"));
    private static final List<Path> SETTINGS_DOCS = List.of(Path.of("README.md"), Path.of("docs/deploy.md"));

    /** Read by the code but only on a laptop (the local host, Azurite, the local trainer process): never an Azure app setting. */
    static final Set<String> LOCAL_ONLY_SETTINGS = Set.of(
            "LOCAL_STATE_DIR", "PORT", "LOCAL_FUNCTION_KEY", "LOCAL_ADMIN_KEY", "BLOB_POLL_MILLIS",
            "MAX_REQUEST_BYTES", "STATIC_WEB_DIR", "LOCAL_HOST_ID", "TRAINER_JAVA_OPTS");
    /** Azurite's ports (AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT): local only too. */
    static final List<String> LOCAL_ONLY_PREFIXES = List.of("AZURITE_");

    /**
     * Set in Azure, read by the platform rather than by our code: the Functions host's identity-based
     * storage connection, Application Insights, and the client ID that DefaultAzureCredential (Azure
     * SDK) uses to pick the user-assigned identity.
     */
    static final Set<String> PLATFORM_SETTINGS = Set.of(
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID");
    static final List<String> PLATFORM_PREFIXES = List.of("AzureWebJobsStorage__");

    /**
     * Settings a Flex Consumption app must not have ("Flex Consumption plan deprecations": the runtime
     * and the package come from functionAppConfig), and the key-based storage connection string.
     */
    static final Set<String> FORBIDDEN_IN_AZURE = Set.of(
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
            "AzureWebJobsStorage", "APPINSIGHTS_INSTRUMENTATIONKEY");

    /**
     * Read by the code with a default that is right in Azure (the public cloud), so Bicep does not set
     * them; an app setting overrides the default. AZUREML_ARM_ENDPOINT: Resource Manager of a
     * sovereign cloud (AppConfig.azureMlArmEndpoint).
     */
    static final Set<String> OPTIONAL_IN_AZURE = Set.of("AZUREML_ARM_ENDPOINT");

    /** Created by the Functions host itself (blob trigger receipts, keys), not by Bicep. */
    static final Set<String> HOST_MANAGED_CONTAINERS = Set.of("azure-webjobs-hosts", "azure-webjobs-secrets");
    /** Declared in Bicep for the deployment rather than for the code: where the trainer jar is published. */
    static final Set<String> INFRA_ONLY_CONTAINERS = Set.of("trainer");

    // ---------------------------------------------------------------- settings

    @Test
    void everySettingTheCodeReadsIsSetInAzureOrIsLocalOnly() {
        Map<String, String> read = settingsReadByCode();
        Set<String> deployed = bicepAppSettings();
        List<String> problems = new ArrayList<>();
        read.forEach((name, where) -> {
            if (isLocalOnly(name) || OPTIONAL_IN_AZURE.contains(name)) return;
            boolean set = deployed.contains(name) || deployed.stream().anyMatch(s -> s.startsWith(name + "__"));
            if (!set) {
                problems.add(name + " (read in " + where + ") is not set in Azure: add it to 'var appSettings' in " + API_BICEP
                        + ", or to LOCAL_ONLY_SETTINGS in DeploymentConfigTest if only the local host uses it"
                        + " (OPTIONAL_IN_AZURE if its default is right in Azure)");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void everySettingTheCodeReadsHasALocalValueOrIsDocumented() throws IOException {
        Map<String, String> read = settingsReadByCode();
        Set<String> local = new TreeSet<>();
        Json.MAPPER.readTree(file(LOCAL_SETTINGS).toFile()).path("Values").fieldNames().forEachRemaining(local::add);
        StringBuilder docs = new StringBuilder();
        for (Path doc : SETTINGS_DOCS) {
            if (Files.exists(file(doc))) docs.append(Files.readString(file(doc)));
        }
        List<String> problems = new ArrayList<>();
        read.forEach((name, where) -> {
            if (!local.contains(name) && !docs.toString().contains(name)) {
                problems.add(name + " (read in " + where + ") is neither in " + LOCAL_SETTINGS
                        + " nor documented: add it there with its local value, or describe it (and its default) in README.md's Configuration table");
            }
        });
        assertNoProblems(problems);
    }

    @Test
    void everyAzureAppSettingIsReadByTheCodeOrByThePlatform() {
        Set<String> read = settingsReadByCode().keySet();
        List<String> problems = new ArrayList<>();
        for (String name : bicepAppSettings()) {
            if (FORBIDDEN_IN_AZURE.contains(name)) {
                problems.add(name + " must not be an app setting of a Flex Consumption app with identity-based storage: remove it from " + API_BICEP
                        + " (the runtime is functionAppConfig.runtime; storage is AzureWebJobsStorage__* with the managed identity)");
            } else if (isLocalOnly(name)) {
                problems.add(name + " is a local-only setting: remove it from " + API_BICEP);
            } else if (!read.contains(name) && !isPlatform(name)) {
                problems.add(name + " is set in " + API_BICEP + " but nothing reads it: remove it there, or if the Functions host or an Azure SDK reads it,"
                        + " add it to PLATFORM_SETTINGS in DeploymentConfigTest with the reason");
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theHostStorageConnectionIsIdentityBased() {
        Set<String> deployed = bicepAppSettings();
        for (String required : List.of("AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
                "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri")) {
            assertTrue(deployed.contains(required), required + " is missing from 'var appSettings' in " + API_BICEP
                    + ": the host (and the blob trigger, connection AzureWebJobsStorage) reach storage with the user-assigned identity");
        }
        String api = read(API_BICEP);
        assertTrue(api.contains("AzureWebJobsStorage__credential: 'managedidentity'"),
                API_BICEP + ": AzureWebJobsStorage__credential must be 'managedidentity'");
        assertTrue(api.contains("name: 'java'") && api.contains("version: '21'"),
                API_BICEP + ": functionAppConfig.runtime must be java 21 (the java.version of pom.xml)");
        String storage = read(STORAGE_BICEP);
        for (String property : List.of("allowSharedKeyAccess: false", "allowBlobPublicAccess: false", "minimumTlsVersion: 'TLS1_2'",
                "supportsHttpsTrafficOnly: true")) {
            assertTrue(storage.contains(property), STORAGE_BICEP + " must set " + property + " on the app storage account");
        }
    }

    // ---------------------------------------------------------------- containers and the blob trigger

    @Test
    void everyContainerTheCodeUsesIsDeclared() {
        Map<String, String> used = containersUsedByCode();
        assertFalse(used.isEmpty(), "found no *CONTAINER constants in " + CODE_ROOTS + ": update containersUsedByCode() in DeploymentConfigTest");
        Set<String> declared = bicepContainers();
        List<String> problems = new ArrayList<>();
        used.forEach((name, where) -> {
            if (!HOST_MANAGED_CONTAINERS.contains(name) && !declared.contains(name)) {
                problems.add("container '" + name + "' (" + where + ") is not declared: add it to 'var appContainers' in " + STORAGE_BICEP);
            }
        });
        for (String name : declared) {
            if (!used.containsKey(name) && !INFRA_ONLY_CONTAINERS.contains(name)) {
                problems.add("container '" + name + "' is declared in " + STORAGE_BICEP + " but no code uses it: remove it, or add it to INFRA_ONLY_CONTAINERS");
            }
        }
        assertNoProblems(problems);
        assertTrue(read(STORAGE_BICEP).contains("'${stagingContainer}/'") && declared.contains("staging"),
                STORAGE_BICEP + ": the lifecycle rule must delete blobs under staging/");
    }

    @Test
    void theBlobTriggerIsFedByTheEventGridSubscription() {
        List<BlobTrigger> triggers = blobTriggers();
        assertEquals(1, triggers.size(), "expected one @BlobTrigger function in functions/src/main/java, found " + triggers
                + ": " + BLOB_EVENTS_BICEP + " subscribes one function; add a subscription for each");
        BlobTrigger trigger = triggers.get(0);
        assertEquals("EventGrid", trigger.source(), trigger.function() + ": Flex Consumption supports only the Event Grid blob trigger: set source = \"EventGrid\"");
        assertEquals("AzureWebJobsStorage", trigger.connection(), trigger.function()
                + ": the blob trigger must use connection \"AzureWebJobsStorage\" (the identity-based AzureWebJobsStorage__* settings), or add the new connection's __ settings to " + API_BICEP);
        String events = read(BLOB_EVENTS_BICEP);
        assertTrue(events.contains("param functionName string = '" + trigger.function() + "'"),
                BLOB_EVENTS_BICEP + ": set the default of param functionName to '" + trigger.function() + "' (the @FunctionName of the blob trigger)");
        assertTrue(events.contains("param containerName string = '" + trigger.container() + "'"),
                BLOB_EVENTS_BICEP + ": set the default of param containerName to '" + trigger.container() + "' (the container of the trigger path)");
        for (String piece : List.of("/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}",
                "systemKeys.blobs_extension", "'Microsoft.Storage.BlobCreated'", "subjectBeginsWith: '/blobServices/default/containers/${containerName}/'")) {
            assertTrue(events.contains(piece), BLOB_EVENTS_BICEP + " must contain " + piece + " (the blob extension webhook of the documented Event Grid blob trigger)");
        }
        assertTrue(bicepContainers().contains(trigger.container()), "the trigger's container '" + trigger.container() + "' must be declared in " + STORAGE_BICEP);
    }

    // ---------------------------------------------------------------- Bicep files

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
            if (text.contains("listKeys(") && !bicep.equals(file(BLOB_EVENTS_BICEP))) {
                problems.add(rel + ": calls listKeys: use managed identities and role assignments (only " + BLOB_EVENTS_BICEP
                        + " reads the host's blobs_extension key, for the Event Grid webhook)");
            }
            if (text.contains("listConnectionStrings(") || text.contains("AccountKey=")) {
                problems.add(rel + ": builds a key-based connection string: use the managed identity (AzureWebJobsStorage__* settings)");
            }
        }
        assertNoProblems(problems);
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

    // ---------------------------------------------------------------- azure.yaml and workflows

    @Test
    void azureYamlPointsAtTheBuiltApp() throws IOException {
        Map<String, Object> azure = Yaml.map(Yaml.parse(file(Path.of("azure.yaml"))), "azure.yaml");
        Map<String, Object> infra = Yaml.map(azure.get("infra"), "azure.yaml infra");
        assertEquals(MAIN_BICEP.getParent().toString(), infra.get("path"), "azure.yaml infra.path must be the folder of main.bicep");
        assertEquals("main", infra.get("module"), "azure.yaml infra.module must be main (infra/bicep/main.bicep)");
        Map<String, Object> services = Yaml.map(azure.get("services"), "azure.yaml services");
        Map<String, Object> api = Yaml.map(services.get("api"), "azure.yaml services.api");
        assertEquals("java", api.get("language"), "azure.yaml services.api.language must be java");
        assertEquals("function", api.get("host"), "azure.yaml services.api.host must be function");
        Path project = file(Path.of(String.valueOf(api.get("project"))));
        assertTrue(Files.exists(project.resolve("pom.xml")), "azure.yaml services.api.project must be the Maven module of the function app (functions)");
        String pom = Files.readString(project.resolve("pom.xml"));
        Matcher appName = Pattern.compile("<functionAppName>([^<]+)</functionAppName>").matcher(pom);
        assertTrue(appName.find(), "functions/pom.xml has no functionAppName property");
        assertEquals("target/azure-functions/" + appName.group(1), api.get("dist"),
                "azure.yaml services.api.dist must be the staged app, target/azure-functions/<functionAppName of functions/pom.xml>");
        assertFalse(services.containsKey("web"), "azure.yaml must not deploy static-web/ as is: its API URL is written at deployment, "
                + "by the postdeploy hook (scripts/deploy.sh --after-azd runs the web step)");
        assertNoProblems(missingPaths(Path.of("azure.yaml"), Yaml.scalars(azure)));
    }

    @Test
    void ciWorkflowBuildsAndRunsEveryTest() throws IOException {
        Path path = Path.of(".github/workflows/ci.yml");
        Map<String, Object> ci = Yaml.map(Yaml.parse(file(path)), path.toString());
        Map<String, Object> on = Yaml.map(ci.get("on"), path + " on");
        assertTrue(on.containsKey("push") && on.containsKey("pull_request"), path + ": run on push and pull_request");
        Map<String, Object> concurrency = Yaml.map(ci.get("concurrency"), path + " concurrency");
        assertTrue(concurrency.containsKey("group"), path + ": concurrency needs a group");
        assertEquals("true", concurrency.get("cancel-in-progress"), path + ": concurrency.cancel-in-progress must be true");
        List<Map<String, Object>> steps = allSteps(ci, path);
        assertStep(steps, "actions/checkout", Map.of(), path);
        assertStep(steps, "actions/setup-java", Map.of("distribution", "temurin", "java-version", "21", "cache", "maven"), path);
        assertStep(steps, "actions/setup-node", Map.of(), path);
        assertTrue(steps.stream().anyMatch(s -> String.valueOf(s.get("run")).matches("(?s).*apt-get install.*\\bchromium\\b.*")),
                path + ": a step must apt-get install chromium (the browser tests)");
        assertTrue(steps.stream().anyMatch(s -> String.valueOf(s.get("run")).contains("scripts/test.sh")), path + ": a step must run scripts/test.sh");
        assertNoProblems(missingPaths(path, Yaml.scalars(ci)));
    }

    @Test
    void deployWorkflowSignsInWithOidcAndNoSecret() throws IOException {
        Path path = Path.of(".github/workflows/deploy.yml");
        String text = read(path);
        Map<String, Object> deploy = Yaml.map(Yaml.parse(file(path)), path.toString());
        Map<String, Object> on = Yaml.map(deploy.get("on"), path + " on");
        assertTrue(on.containsKey("workflow_dispatch"), path + ": allow workflow_dispatch");
        Object branches = Yaml.map(on.get("push"), path + " on.push").get("branches");
        assertTrue(branches instanceof List<?> list && list.contains("main"), path + ": run on push to main (on.push.branches: [main])");
        Map<String, Object> permissions = Yaml.map(deploy.get("permissions"), path + " permissions");
        assertEquals("write", permissions.get("id-token"), path + ": permissions.id-token must be write (OpenID Connect)");
        assertEquals("read", permissions.get("contents"), path + ": permissions.contents must be read");
        assertFalse(text.contains("secrets."), path + ": use repository variables (vars.*) and OpenID Connect, no secrets");
        Map<String, Object> jobs = Yaml.map(deploy.get("jobs"), path + " jobs");
        boolean found = false;
        for (Object jobValue : jobs.values()) {
            Map<String, Object> job = Yaml.map(jobValue, path + " job");
            Object environment = job.get("environment");
            Object envName = environment instanceof Map<?, ?> e ? e.get("name") : environment;
            List<Map<String, Object>> steps = steps(job, path);
            boolean logsIn = steps.stream().anyMatch(s -> String.valueOf(s.get("uses")).startsWith("azure/login@"));
            if (!logsIn) continue;
            found = true;
            assertEquals("production", envName, path + ": the job that signs in to Azure must run in the protected 'production' environment");
            Map<String, Object> login = Yaml.map(steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith("azure/login@"))
                    .findFirst().orElseThrow().get("with"), path + " azure/login with");
            assertEquals("${{ vars.AZURE_CLIENT_ID }}", login.get("client-id"), path + ": azure/login client-id must be ${{ vars.AZURE_CLIENT_ID }}");
            assertEquals("${{ vars.AZURE_TENANT_ID }}", login.get("tenant-id"), path + ": azure/login tenant-id must be ${{ vars.AZURE_TENANT_ID }}");
            assertEquals("${{ vars.AZURE_SUBSCRIPTION_ID }}", login.get("subscription-id"), path + ": azure/login subscription-id must be ${{ vars.AZURE_SUBSCRIPTION_ID }}");
            String runs = String.join("\n", steps.stream().map(s -> String.valueOf(s.get("run"))).toList());
            for (String stepName : List.of("infra", "functions", "trainer", "events", "web")) {
                assertTrue(runs.matches("(?s).*scripts/deploy\\.sh [^\\n]*--only [^\\n]*\\b" + stepName + "\\b.*"),
                        path + ": the deploy job must run scripts/deploy.sh --only " + stepName);
            }
            assertTrue(runs.indexOf("scripts/smoke-azure.sh") > runs.lastIndexOf("scripts/deploy.sh"),
                    path + ": the deploy job must end with the smoke test (scripts/smoke-azure.sh) after every deploy step");
        }
        assertTrue(found, path + ": no job signs in with azure/login");
        assertNoProblems(missingPaths(path, Yaml.scalars(deploy)));
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
            String rel = ROOT.relativize(workflow).toString();
            Map<String, Object> doc;
            try {
                doc = Yaml.map(Yaml.parse(workflow), rel);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            for (String key : List.of("name", "on", "jobs")) {
                if (!doc.containsKey(key)) problems.add(rel + ": missing the top-level key '" + key + "'");
            }
            for (Map<String, Object> step : allSteps(doc, Path.of(rel))) {
                Object uses = step.get("uses");
                if (uses != null && !String.valueOf(uses).matches("[\\w.-]+/[\\w./-]+@[\\w.-]+")) {
                    problems.add(rel + ": 'uses: " + uses + "' must name an action with a version (owner/repo@vN or a commit)");
                }
            }
        }
        assertNoProblems(problems);
        assertTrue(Files.isExecutable(file(Path.of("scripts/deploy.sh"))), "scripts/deploy.sh must be executable: git update-index --chmod=+x scripts/deploy.sh");
    }

    // ---------------------------------------------------------------- secrets

    private static final String AZURITE_KEY = AppConfig.AZURITE_KEY;

    /** What a committed secret looks like. Built from pieces so that this file does not match itself. */
    private static final Map<String, Pattern> SECRET_PATTERNS = secretPatterns();

    private static Map<String, Pattern> secretPatterns() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        patterns.put("storage account key in a connection string", Pattern.compile("Account" + "Key=([A-Za-z0-9+/]{20,}={0,2})"));
        patterns.put("storage account key", Pattern.compile("(?i)(?:account[_-]key|storage[_-]?key|\"accountkey\")[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9+/]{86}==)"));
        patterns.put("shared access signature", Pattern.compile("Shared" + "AccessSignature=([^;\"'\\s]{10,})"));
        patterns.put("SAS token signature", Pattern.compile("[?&]" + "sig=([A-Za-z0-9%+/=]{20,})"));
        patterns.put("private key", Pattern.compile("-----BEGIN [A-Z ]*" + "PRIVATE KEY-----"));
        patterns.put("Application Insights instrumentation key",
                Pattern.compile("Instrumentation" + "Key=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"));
        patterns.put("client secret", Pattern.compile("(?i)(?:client[_-]?secret)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9~._\\-]{16,})"));
        patterns.put("Microsoft Entra client secret", Pattern.compile("(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.\\-]{3}\\d" + "Q~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])"));
        patterns.put("GitHub token", Pattern.compile("\\b(gh[pousr]_" + "[A-Za-z0-9]{36})\\b"));
        return patterns;
    }

    /** Values that look like secrets but are published test values. */
    static final Map<String, String> ALLOWED_SECRET_VALUES = Map.of(
            AZURITE_KEY, "Azurite's well-known development account key, the same for every Azurite (AppConfig.AZURITE_KEY)");

    @Test
    void noKeyConnectionStringOrSecretIsCommitted() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : repositoryFiles()) {
            Path path = ROOT.resolve(name);
            if (!Files.isRegularFile(path) || Files.size(path) > 5_000_000) continue;
            byte[] bytes = Files.readAllBytes(path);
            if (isBinary(bytes)) continue;
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (var entry : SECRET_PATTERNS.entrySet()) {
                    Matcher m = entry.getValue().matcher(lines[i]);
                    while (m.find()) {
                        String value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
                        if (ALLOWED_SECRET_VALUES.containsKey(value)) continue;
                        problems.add(name + ":" + (i + 1) + ": looks like a " + entry.getKey()
                                + ". Remove it from the repository (and rotate it if it is real): in Azure the app uses its managed identity,"
                                + " and GitHub signs in with OpenID Connect (docs/deploy.md). If it is a published test value,"
                                + " add it to ALLOWED_SECRET_VALUES in DeploymentConfigTest with the reason");
                    }
                }
            }
        }
        assertNoProblems(problems);
    }

    @Test
    void theSecretScanFindsWhatItShould() {
        String fakeKey = "A".repeat(86) + "==";
        List<String> samples = List.of(
                "DefaultEndpointsProtocol=https;AccountName=x;Account" + "Key=" + fakeKey + ";",
                "https://x.blob.core.windows.net/c/b?sv=2022-11-02&" + "sig=abcdefghijklmnopqrstuvwxyz0123%2B%3D",
                "-----BEGIN RSA " + "PRIVATE KEY-----",
                "Instrumentation" + "Key=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://x",
                "AZURE_CLIENT_SECRET=abc8Q~" + "abcdefghijklmnopqrstuvwxyz0123456");
        for (String sample : samples) {
            assertTrue(SECRET_PATTERNS.values().stream().anyMatch(p -> p.matcher(sample).find()), "the secret scan misses: " + sample);
        }
        String azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;Account" + "Key=" + AZURITE_KEY + ";";
        Matcher m = SECRET_PATTERNS.get("storage account key in a connection string").matcher(azurite);
        assertTrue(m.find() && ALLOWED_SECRET_VALUES.containsKey(m.group(1)), "Azurite's published key must be allowed");
        for (String harmless : List.of("client-id: ${{ vars.AZURE_CLIENT_ID }}", "\"integrity\": \"sha512-" + fakeKey + "\"",
                "APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString")) {
            assertTrue(SECRET_PATTERNS.values().stream().noneMatch(p -> p.matcher(harmless).find()), "the secret scan flags harmless text: " + harmless);
        }
    }

    // ---------------------------------------------------------------- helpers: what the code reads

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
                "the scan of " + CODE_ROOTS + " found no AzureWebJobsStorage / JOBS_POLL_SCHEDULE read: update settingsReadByCode() in DeploymentConfigTest to the way AppConfig reads settings now");
        return read;
    }

    static Map<String, String> containersUsedByCode() {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+(\\w*CONTAINER\\w*)\\s*=\\s*\"([^\"]+)\"");
        Map<String, String> used = new TreeMap<>();
        forEachJavaFile((rel, text) -> {
            Matcher m = constant.matcher(text);
            while (m.find()) used.putIfAbsent(m.group(2), rel + " " + m.group(1));
        });
        return used;
    }

    record BlobTrigger(String function, String container, String source, String connection) {}

    static List<BlobTrigger> blobTriggers() {
        List<BlobTrigger> triggers = new ArrayList<>();
        Pattern functionName = Pattern.compile("@FunctionName\\(\\s*\"([^\"]+)\"\\s*\\)");
        forEachJavaFile((rel, text) -> {
            if (!rel.startsWith("functions/")) return;
            Matcher f = functionName.matcher(text);
            List<int[]> spans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (f.find()) {
                names.add(f.group(1));
                spans.add(new int[] {f.start(), text.length()});
            }
            for (int i = 0; i < spans.size(); i++) {
                int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
                String body = text.substring(spans.get(i)[0], end);
                int at = body.indexOf("@BlobTrigger(");
                if (at < 0) continue;
                String annotation = body.substring(at);
                triggers.add(new BlobTrigger(names.get(i), attribute(annotation, "path").replaceAll("/.*", ""),
                        attribute(annotation, "source"), attribute(annotation, "connection")));
            }
        });
        return triggers;
    }

    private static String attribute(String annotation, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]*)\"").matcher(annotation);
        return m.find() ? m.group(1) : "";
    }

    private interface JavaFileVisitor {
        void visit(String relativePath, String text);
    }

    private static void forEachJavaFile(JavaFileVisitor visitor) {
        for (Path codeRoot : CODE_ROOTS) {
            try (Stream<Path> files = Files.walk(file(codeRoot))) {
                for (Path p : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                    visitor.visit(ROOT.relativize(p).toString(), Files.readString(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean isLocalOnly(String name) {
        return LOCAL_ONLY_SETTINGS.contains(name) || LOCAL_ONLY_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean isPlatform(String name) {
        return PLATFORM_SETTINGS.contains(name) || PLATFORM_PREFIXES.stream().anyMatch(name::startsWith);
    }

    // ---------------------------------------------------------------- helpers: what Bicep declares

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

    private static List<String> block(Path path, String opening, String closing) {
        List<String> lines = List.of(read(path).split("\n"));
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(opening)) start = i;
        }
        assertTrue(start >= 0, path + " must contain a line '" + opening + "' (DeploymentConfigTest reads it)");
        List<String> body = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            if (lines.get(i).equals(closing)) return body;
            body.add(lines.get(i));
        }
        fail(path + ": the block '" + opening + "' has no closing '" + closing + "' at the start of a line");
        return body;
    }

    /** Null when braces, brackets and parentheses outside strings and comments balance, else what is wrong. */
    static String unbalanced(String text) {
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

    // ---------------------------------------------------------------- helpers: workflows

    private static List<Map<String, Object>> allSteps(Map<String, Object> workflow, Path path) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object job : Yaml.map(workflow.get("jobs"), path + " jobs").values()) {
            all.addAll(steps(Yaml.map(job, path + " job"), path));
        }
        return all;
    }

    private static List<Map<String, Object>> steps(Map<String, Object> job, Path path) {
        Object steps = job.get("steps");
        if (steps == null) return List.of();
        if (!(steps instanceof List<?> list)) throw new AssertionError(path + ": steps must be a list");
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object step : list) result.add(Yaml.map(step, path + " step"));
        return result;
    }

    private static void assertStep(List<Map<String, Object>> steps, String action, Map<String, String> with, Path path) {
        Map<String, Object> step = steps.stream().filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@")).findFirst()
                .orElseThrow(() -> new AssertionError(path + ": add a step that uses " + action));
        if (with.isEmpty()) return;
        Map<String, Object> inputs = Yaml.map(step.get("with"), path + " " + action + " with");
        with.forEach((k, v) -> assertEquals(v, inputs.get(k), path + ": " + action + " needs with." + k + ": " + v));
    }

    private static final Pattern REPO_PATH = Pattern.compile(
            "(?<![\\w./-])((?:scripts|infra|functions|core|static-web|docs|\\.ci|\\.github)/[A-Za-z0-9_.\\-/]*[A-Za-z0-9_\\-])");

    /** Repository paths mentioned in the file's strings that do not exist (build outputs under target/ excepted). */
    private static List<String> missingPaths(Path file, List<String> scalars) {
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

    // ---------------------------------------------------------------- helpers: files

    private static Path file(Path relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new AssertionError(relative + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void assertNoProblems(List<String> problems) {
        if (!problems.isEmpty()) fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }

    /** The repository's files: tracked, plus new ones not ignored (so a secret is caught before it is committed). */
    private static List<String> repositoryFiles() throws IOException {
        Process git = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                .redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = git.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                fail("git ls-files failed in " + ROOT + ": run the tests from a git checkout (the secret scan lists the repository's files with git)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> names = new ArrayList<>();
        for (String name : out.toString(StandardCharsets.UTF_8).split("\0")) {
            if (!name.isEmpty()) names.add(name);
        }
        assertFalse(names.isEmpty(), "git ls-files listed no files in " + ROOT);
        return names;
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) return true;
        }
        return false;
    }

    /**
     * A strict reader for the block-style YAML subset the workflows and azure.yaml use: mappings,
     * sequences, plain and quoted scalars, block scalars (| and >), one-line flow lists. It refuses
     * tabs, odd indentation, indentation that does not step by two under a mapping key, duplicate
     * keys and anything it does not understand, naming the file and the line.
     */
    static final class Yaml {
        private record Line(int number, int indent, String text) {}

        private final String file;
        private final List<Line> lines = new ArrayList<>();
        private final List<String> raw;
        private int pos;

        private Yaml(Path path) throws IOException {
            this.file = ROOT.relativize(path).toString();
            this.raw = List.of(Files.readString(path).split("\n", -1));
        }

        static Object parse(Path path) throws IOException {
            Yaml yaml = new Yaml(path);
            yaml.tokenize();
            if (yaml.lines.isEmpty()) throw yaml.error(1, "the file is empty");
            Object doc = yaml.node(yaml.lines.get(0).indent());
            if (yaml.pos < yaml.lines.size()) throw yaml.error(yaml.lines.get(yaml.pos).number(), "unexpected indentation");
            return doc;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object node, String what) {
            if (node instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw new AssertionError(what + " must be a mapping, found " + (node == null ? "nothing" : node));
        }

        /** Every scalar of the document, keys and values. */
        static List<String> scalars(Object node) {
            List<String> out = new ArrayList<>();
            if (node instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    out.add(String.valueOf(k));
                    out.addAll(scalars(v));
                });
            } else if (node instanceof List<?> l) {
                l.forEach(v -> out.addAll(scalars(v)));
            } else if (node != null) {
                out.add(String.valueOf(node));
            }
            return out;
        }

        private IllegalArgumentException error(int line, String message) {
            return new IllegalArgumentException(file + ":" + line + ": " + message + " (DeploymentConfigTest reads workflows and azure.yaml as strict YAML)");
        }

        private void tokenize() {
            for (int i = 0; i < raw.size(); i++) {
                String line = raw.get(i);
                if (line.contains("\t")) throw error(i + 1, "a tab: indent with spaces");
                String content = stripComment(line);
                if (content.isBlank()) continue;
                int indent = 0;
                while (line.charAt(indent) == ' ') indent++;
                if (indent % 2 != 0) throw error(i + 1, "indentation of " + indent + " spaces: use multiples of 2");
                lines.add(new Line(i + 1, indent, content.strip()));
            }
        }

        private static String stripComment(String line) {
            boolean single = false;
            boolean dbl = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'' && !dbl) single = !single;
                else if (c == '"' && !single) dbl = !dbl;
                else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return line.substring(0, i);
            }
            return line;
        }

        private Object node(int indent) {
            Line first = lines.get(pos);
            if (first.indent() != indent) throw error(first.number(), "expected indentation " + indent + ", found " + first.indent());
            return isItem(first.text()) ? sequence(indent) : mapping(indent);
        }

        private static boolean isItem(String text) {
            return text.equals("-") || text.startsWith("- ");
        }

        private List<Object> sequence(int indent) {
            List<Object> items = new ArrayList<>();
            while (pos < lines.size() && lines.get(pos).indent() == indent && isItem(lines.get(pos).text())) {
                Line line = lines.get(pos);
                String rest = line.text().equals("-") ? "" : line.text().substring(2).strip();
                if (rest.isEmpty()) {
                    pos++;
                    items.add(pos < lines.size() && lines.get(pos).indent() > indent ? node(indent + 2) : null);
                } else if (keyValue(rest) != null) {
                    // "- key: value" opens a mapping whose keys sit two columns right of the dash
                    lines.set(pos, new Line(line.number(), indent + 2, rest));
                    items.add(mapping(indent + 2));
                } else {
                    pos++;
                    items.add(scalar(rest, line.number()));
                }
            }
            return items;
        }

        private Map<String, Object> mapping(int indent) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (pos < lines.size() && lines.get(pos).indent() == indent && !isItem(lines.get(pos).text())) {
                Line line = lines.get(pos);
                String[] kv = keyValue(line.text());
                if (kv == null) throw error(line.number(), "expected 'key: value', found '" + line.text() + "'");
                if (map.containsKey(kv[0])) throw error(line.number(), "duplicate key '" + kv[0] + "'");
                pos++;
                String value = kv[1];
                Object parsed;
                if (value.isEmpty()) {
                    if (pos < lines.size() && lines.get(pos).indent() > indent) {
                        int child = lines.get(pos).indent();
                        if (child != indent + 2) throw error(lines.get(pos).number(), "indent by 2 under '" + kv[0] + "', found " + (child - indent));
                        parsed = node(child);
                    } else if (pos < lines.size() && lines.get(pos).indent() == indent && isItem(lines.get(pos).text())) {
                        parsed = sequence(indent);
                    } else {
                        parsed = null;
                    }
                } else if (value.matches("[|>][-+]?")) {
                    parsed = blockScalar(indent, line.number());
                } else {
                    parsed = scalar(value, line.number());
                }
                map.put(kv[0], parsed);
            }
            if (pos < lines.size() && lines.get(pos).indent() > indent) throw error(lines.get(pos).number(), "unexpected indentation");
            return map;
        }

        private String blockScalar(int indent, int keyLine) {
            StringBuilder text = new StringBuilder();
            int lastRaw = keyLine; // 1-based number of the key line
            while (pos < lines.size() && lines.get(pos).indent() > indent) {
                Line line = lines.get(pos);
                for (int i = lastRaw; i < line.number(); i++) {
                    text.append(raw.get(i).strip()).append('\n'); // blank and comment-looking lines inside the block are content
                }
                lastRaw = line.number();
                pos++;
            }
            if (text.isEmpty()) throw error(keyLine, "empty block scalar");
            return text.toString();
        }

        private static String[] keyValue(String text) {
            Matcher m = Pattern.compile("^(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_$][A-Za-z0-9_.$/-]*|\\$\\{\\{[^}]*}})\\s*:(?:\\s+(.*))?$").matcher(text);
            if (!m.matches()) return null;
            String key = m.group(1);
            if (key.startsWith("\"") || key.startsWith("'")) key = key.substring(1, key.length() - 1);
            return new String[] {key, m.group(2) == null ? "" : m.group(2).strip()};
        }

        private Object scalar(String value, int line) {
            if (value.startsWith("[")) {
                if (!value.endsWith("]")) throw error(line, "unterminated flow list");
                String inner = value.substring(1, value.length() - 1).strip();
                List<Object> items = new ArrayList<>();
                if (!inner.isEmpty()) {
                    for (String item : inner.split(",")) items.add(unquote(item.strip(), line));
                }
                return items;
            }
            if (value.startsWith("{")) {
                if (!value.equals("{}")) throw error(line, "flow mappings other than {} are not supported: use block style");
                return new LinkedHashMap<String, Object>();
            }
            if (value.startsWith("&") || value.startsWith("*") || value.startsWith("!")) throw error(line, "anchors, aliases and tags are not supported");
            Object scalar = unquote(value, line);
            if (scalar instanceof String s && s.contains("${{") && !s.contains("}}")) throw error(line, "unterminated ${{ expression");
            return scalar;
        }

        private String unquote(String value, int line) {
            if (value.startsWith("\"")) {
                if (value.length() < 2 || !value.endsWith("\"")) throw error(line, "unterminated double-quoted string");
                return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            }
            if (value.startsWith("'")) {
                if (value.length() < 2 || !value.endsWith("'")) throw error(line, "unterminated single-quoted string");
                return value.substring(1, value.length() - 1).replace("''", "'");
            }
            return value;
        }
    }

    @Test
    void theYamlReaderIsStrict() throws IOException {
        Path dir = Files.createTempDirectory("yaml");
        try {
            Map<String, String> bad = Map.of(
                    "tab.yml", "a:\n\tb: 1\n",
                    "odd.yml", "a:\n   b: 1\n",
                    "duplicate.yml", "a: 1\na: 2\n",
                    "deep.yml", "a:\n    b: 1\n",
                    "junk.yml", "a: 1\nnot a key\n");
            for (var entry : bad.entrySet()) {
                Path p = dir.resolve(entry.getKey());
                Files.writeString(p, entry.getValue());
                boolean refused;
                try {
                    Yaml.parse(p);
                    refused = false;
                } catch (IllegalArgumentException e) {
                    refused = true;
                }
                assertTrue(refused, "the YAML reader accepts " + entry.getKey() + ": " + entry.getValue());
            }
            Path good = dir.resolve("good.yml");
            Files.writeString(good, "on:\n  push:\n  pull_request:\njobs:\n  a:\n    steps:\n      - uses: x/y@v1\n        with:\n          k: 'v' # c\n"
                    + "      - run: |\n          echo a\n\n          echo b\n      - name: n\n        run: echo \"#x\"\nlist: [a, b]\n");
            Map<String, Object> doc = Yaml.map(Yaml.parse(good), "good.yml");
            assertEquals(List.of("a", "b"), doc.get("list"));
            Map<String, Object> job = Yaml.map(Yaml.map(doc.get("jobs"), "jobs").get("a"), "a");
            List<?> steps = (List<?>) job.get("steps");
            assertEquals("v", Yaml.map(Yaml.map(steps.get(0), "s").get("with"), "w").get("k"));
            assertEquals("echo a\n\necho b\n", Yaml.map(steps.get(1), "s").get("run"));
            assertEquals("echo \"#x\"", Yaml.map(steps.get(2), "s").get("run"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Iterator<Path> it = files.sorted((a, b) -> b.compareTo(a)).iterator(); it.hasNext(); ) Files.delete(it.next());
            }
        }
    }
}
