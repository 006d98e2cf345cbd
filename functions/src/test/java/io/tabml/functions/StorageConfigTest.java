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
 * container and table the code uses is declared in infra/bicep/core/storage.bicep, and each Event Grid
 * trigger is fed by a subscription of infra/bicep/app/blob-events.bicep. Each failure says which file
 * to change and how.
 */
class StorageConfigTest {
    /** Created by the Functions host itself (its keys and bookkeeping), not by Bicep. */
    static final Set<String> HOST_MANAGED_CONTAINERS = Set.of("azure-webjobs-hosts", "azure-webjobs-secrets");
    /** Declared in Bicep for the deployment rather than for the code: where the trainer jar is published. */
    static final Set<String> INFRA_ONLY_CONTAINERS = Set.of("trainer");

    @Test
    void theHostStorageConnectionIsIdentityBased() {
        Set<String> deployed = bicepAppSettings();
        for (String required : List.of("AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
                "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri")) {
            assertTrue(deployed.contains(required), required + " is missing from 'var appSettings' in " + API_BICEP
                    + ": the host (connection AzureWebJobsStorage) reaches storage with the user-assigned identity");
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
    void everyQueueTheCodeUsesIsDeclaredWithItsPoisonQueueAndTheAppMayUseThem() {
        Pattern constant = Pattern.compile("static\\s+final\\s+String\\s+(\\w*QUEUE\\w*)\\s*=\\s*\"([^\"]+)\"");
        Set<String> used = new java.util.TreeSet<>();
        forEachJavaFile((rel, text) -> {
            Matcher m = constant.matcher(text);
            while (m.find()) used.add(m.group(2));
        });
        assertEquals(Set.of("inapp-training"), used, "the queue names in the code: declare each in 'var appQueues' in " + STORAGE_BICEP);
        String storage = read(STORAGE_BICEP);
        for (String queue : used) {
            assertTrue(storage.contains("'" + queue + "'") && storage.contains("'" + queue + "-poison'"),
                    STORAGE_BICEP + " must declare " + queue + " and " + queue + "-poison (where the host moves failing messages)");
        }
        assertTrue(bicepAppSettings().contains("AzureWebJobsStorage__queueServiceUri"), "the app reaches queues through AzureWebJobsStorage__queueServiceUri");
        assertTrue(read(Path.of("infra/bicep/app/rbac.bicep")).contains("roles.storageQueueDataContributor)"),
                "infra/bicep/app/rbac.bicep must grant the app's identity Storage Queue Data Contributor: it sends, takes and deletes run messages");
    }

    @Test
    void everyEventGridTriggerIsFedByASubscriptionToItsContainer() {
        List<String> functions = eventGridTriggers();
        assertEquals(List.of("ingestDataset", "scoreBatch"), functions.stream().sorted().toList(),
                "the @EventGridTrigger functions in functions/src/main/java: " + BLOB_EVENTS_BICEP + " subscribes each; add a subscription for a new one");
        String events = read(BLOB_EVENTS_BICEP);
        Map<String, String> containerOf = Map.of("ingestDataset", "datasets", "scoreBatch", "batch");
        for (String function : functions) {
            assertTrue(events.contains("string = '" + function + "'"), BLOB_EVENTS_BICEP + ": no subscription param names function " + function);
            String container = containerOf.get(function);
            assertTrue(events.contains("string = '" + container + "'"), BLOB_EVENTS_BICEP + ": no subscription param names container " + container);
            assertTrue(bicepContainers().contains(container), "container '" + container + "' must be declared in " + STORAGE_BICEP);
        }
        for (String piece : List.of("endpointType: 'AzureFunction'", "resourceId: '${functionApp.id}/functions/${s.function}'",
                "'Microsoft.Storage.BlobCreated'", "subjectBeginsWith: '/blobServices/default/containers/${s.container}/'",
                "subjectEndsWith: '.csv'")) {
            assertTrue(events.contains(piece), BLOB_EVENTS_BICEP + " must contain " + piece + " (BlobCreated of the container's .csv files, to the function by resource id)");
        }
    }

    /** The @EventGridTrigger functions of the function app (functions/: the module that is deployed as the function app). */
    private static List<String> eventGridTriggers() {
        List<String> functions = new ArrayList<>();
        Pattern function = Pattern.compile("@FunctionName\\(\\s*\"([^\"]+)\"\\s*\\)\\s*public\\s+\\w+\\s+\\w+\\(\\s*@EventGridTrigger");
        forEachJavaFile((rel, text) -> {
            if (!rel.startsWith("functions/")) return;
            Matcher m = function.matcher(text);
            while (m.find()) functions.add(m.group(1));
        });
        return functions;
    }
}
