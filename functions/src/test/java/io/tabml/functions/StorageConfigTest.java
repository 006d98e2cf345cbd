package io.tabml.functions;

import static io.tabml.functions.DeploymentFiles.API_BICEP;
import static io.tabml.functions.DeploymentFiles.BLOB_EVENTS_BICEP;
import static io.tabml.functions.DeploymentFiles.STORAGE_BICEP;
import static io.tabml.functions.DeploymentFiles.assertNoProblems;
import static io.tabml.functions.DeploymentFiles.bicepAppSettings;
import static io.tabml.functions.DeploymentFiles.bicepContainers;
import static io.tabml.functions.DeploymentFiles.bicepTables;
import static io.tabml.functions.DeploymentFiles.codeRoots;
import static io.tabml.functions.DeploymentFiles.containersUsedByCode;
import static io.tabml.functions.DeploymentFiles.forEachJavaFile;
import static io.tabml.functions.DeploymentFiles.read;
import static io.tabml.functions.DeploymentFiles.tablesUsedByCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of the app's storage: the host reaches it with the managed identity, every
 * container and table the code uses is declared in infra/bicep/core/storage.bicep, and the blob trigger is fed
 * by the Event Grid subscription of infra/bicep/app/blob-events.bicep. Each failure says which file
 * to change and how.
 */
class StorageConfigTest {
    /** Created by the Functions host itself (blob trigger receipts, keys), not by Bicep. */
    static final Set<String> HOST_MANAGED_CONTAINERS = Set.of("azure-webjobs-hosts", "azure-webjobs-secrets");
    /** Declared in Bicep for the deployment rather than for the code: where the trainer jar is published. */
    static final Set<String> INFRA_ONLY_CONTAINERS = Set.of("trainer");

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

    @Test
    void everyContainerTheCodeUsesIsDeclared() {
        Map<String, String> used = containersUsedByCode();
        assertFalse(used.isEmpty(), "found no *CONTAINER constants in " + codeRoots() + ": update containersUsedByCode() in DeploymentFiles");
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
    void everyTableTheCodeUsesIsDeclaredAndTheAppReachesTablesWithItsIdentity() {
        Map<String, String> used = tablesUsedByCode();
        assertFalse(used.isEmpty(), "found no *TABLE constants in " + codeRoots() + ": update tablesUsedByCode() in DeploymentFiles");
        Set<String> declared = bicepTables();
        List<String> problems = new ArrayList<>();
        used.forEach((name, where) -> {
            if (!declared.contains(name)) problems.add("table '" + name + "' (" + where + ") is not declared: add it to 'var appTables' in " + STORAGE_BICEP);
        });
        for (String name : declared) {
            if (!used.containsKey(name)) problems.add("table '" + name + "' is declared in " + STORAGE_BICEP + " but no code uses it: remove it");
        }
        assertNoProblems(problems);
        assertTrue(bicepAppSettings().contains("AzureWebJobsStorage__tableServiceUri"), "AzureWebJobsStorage__tableServiceUri is missing from "
                + "'var appSettings' in " + API_BICEP + ": the prediction log (AppConfig.storageTableServiceUri) reaches tables through it");
        assertTrue(read(Path.of("infra/bicep/app/rbac.bicep")).contains("roles.storageTableDataContributor)"),
                "infra/bicep/app/rbac.bicep must grant the app's identity Storage Table Data Contributor: the prediction log writes and merges entities");
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

    record BlobTrigger(String function, String container, String source, String connection) {}

    /** The @BlobTrigger functions of the function app (functions/: the module that is deployed as the function app). */
    private static List<BlobTrigger> blobTriggers() {
        List<BlobTrigger> triggers = new ArrayList<>();
        Pattern functionName = Pattern.compile("@FunctionName\\(\\s*\"([^\"]+)\"\\s*\\)");
        forEachJavaFile((rel, text) -> {
            if (!rel.startsWith("functions/")) return;
            Matcher f = functionName.matcher(text);
            List<Integer> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (f.find()) {
                names.add(f.group(1));
                starts.add(f.start());
            }
            for (int i = 0; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                String body = text.substring(starts.get(i), end);
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
}
