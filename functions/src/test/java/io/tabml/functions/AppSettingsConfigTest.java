package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.API_BICEP;
import static io.tabml.functions.DeploymentFiles.assertNoProblems;
import static io.tabml.functions.DeploymentFiles.bicepAppSettings;
import static io.tabml.functions.DeploymentFiles.file;
import static io.tabml.functions.DeploymentFiles.settingsReadByCode;

import io.tabml.storage.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Offline checks that the settings the code reads agree with the function app's settings in Bicep
 * (infra/bicep/app/api.bicep) and with functions/local.settings.json or the docs. Nothing here
 * reaches Azure; each failure says which file to change and how.
 */
class AppSettingsConfigTest {
    private static final Path LOCAL_SETTINGS = Path.of("functions/local.settings.json");
    private static final List<Path> SETTINGS_DOCS = List.of(Path.of("README.md"), Path.of("docs/deploy.md"));

    /** Read by the code but only on a laptop (the local host, Azurite, the local trainer process): never an Azure app setting. */
    static final Set<String> LOCAL_ONLY_SETTINGS = Set.of(
            "LOCAL_STATE_DIR", "PORT", "LOCAL_FUNCTION_KEY", "LOCAL_ADMIN_KEY", "BLOB_POLL_MILLIS",
            "MAX_REQUEST_BYTES", "STATIC_WEB_DIR", "LOCAL_HOST_ID", "TRAINER_JAVA_OPTS", "QUEUE_POLL_MILLIS", "QUEUE_LEASE_MILLIS");
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
                        + ", or to LOCAL_ONLY_SETTINGS in AppSettingsConfigTest if only the local host uses it"
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
                        + " add it to PLATFORM_SETTINGS in AppSettingsConfigTest with the reason");
            }
        }
        assertNoProblems(problems);
    }

    private static boolean isLocalOnly(String name) {
        return LOCAL_ONLY_SETTINGS.contains(name) || LOCAL_ONLY_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static boolean isPlatform(String name) {
        return PLATFORM_SETTINGS.contains(name) || PLATFORM_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
