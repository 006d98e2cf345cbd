package io.tabml.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tabml.jobs.AzureMlDatastore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of the cloud path's decisions in the Bicep and the deploy script, each one a defect
 * a review found against Microsoft's documentation (docs/deploy.md cites the sources): data reached
 * through identity-based datastores, a key vault that keeps the workspace's access across redeploys,
 * environment versions that follow the image, the web app calling the API by a documented route,
 * and the compute quota checked before deploying.
 */
class CloudPathConfigTest {
    private static final Path ML_BICEP = Path.of("infra/bicep/app/ml.bicep");
    private static final Path RBAC_BICEP = Path.of("infra/bicep/app/rbac.bicep");
    private static final Path API_BICEP = DeploymentFiles.API_BICEP;
    private static final Path WEB_BICEP = Path.of("infra/bicep/app/web.bicep");
    private static final Path MAIN_BICEP = DeploymentFiles.MAIN_BICEP;
    private static final Path DEPLOY_SH = Path.of("scripts/deploy.sh");
    private static final String KEY_VAULT_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";

    @Test
    void everyDatastoreTheBackendUsesIsDeclaredWithoutStoredCredentials() {
        String ml = DeploymentFiles.read(ML_BICEP);
        Map<String, String> declared = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\\{ name: '([^']+)', container: '([^']+)' \\}").matcher(block(ml, "var jobDatastores = ["));
        while (entry.find()) declared.put(entry.group(1), entry.group(2));
        Map<String, String> used = Arrays.stream(AzureMlDatastore.values())
                .collect(Collectors.toMap(AzureMlDatastore::datastoreName, AzureMlDatastore::container, (a, b) -> a, LinkedHashMap::new));
        assertEquals(used, declared, ML_BICEP + ": 'var jobDatastores' must declare each datastore of AzureMlDatastore over its container");
        for (String name : declared.keySet()) {
            assertTrue(name.matches("[a-z][a-z0-9_]*"), name + ": datastore names are lowercase letters, digits and underscores");
        }
        String resource = resourceBlock(ml, "workspaces/datastores@");
        for (String property : List.of("datastoreType: 'AzureBlob'", "accountName: appStorageAccountName", "containerName: store.container",
                "credentialsType: 'None'")) {
            assertTrue(resource.contains(property), ML_BICEP + ": the datastores must set " + property
                    + " (identity-based: the job's managed identity reaches the app storage, no key is stored)");
        }
        assertTrue(DeploymentFiles.bicepContainers().containsAll(declared.values()),
                "every datastore's container must be declared in infra/bicep/core/storage.bicep");
    }

    @Test
    void theTrainerJarSettingIsADatastoreUri() {
        String main = DeploymentFiles.read(MAIN_BICEP);
        Matcher uri = Pattern.compile("(?m)^var trainerJarUri = '([^']+)'").matcher(main);
        assertTrue(uri.find(), MAIN_BICEP + " must define var trainerJarUri");
        assertEquals("azureml://datastores/${ml.outputs.trainerDatastoreName}/paths/${trainerJarName}", uri.group(1),
                MAIN_BICEP + ": AZUREML_TRAINER_JAR_URI must be a datastore URI (Azure ML jobs do not read plain blob URLs)");
        int trainer = List.of(AzureMlDatastore.values()).indexOf(AzureMlDatastore.TRAINER);
        assertTrue(DeploymentFiles.read(ML_BICEP).contains("output trainerDatastoreName string = datastores[" + trainer + "].name"),
                ML_BICEP + ": output trainerDatastoreName must name the " + AzureMlDatastore.TRAINER.datastoreName() + " datastore");
    }

    @Test
    void theClusterIdentityHasTheDataRolesOfEachDatastore() {
        String rbac = DeploymentFiles.read(RBAC_BICEP);
        Map<AzureMlDatastore, String> roles = Map.of(AzureMlDatastore.DATASETS, "storageBlobDataReader",
                AzureMlDatastore.TRAINER, "storageBlobDataReader", AzureMlDatastore.STAGING, "storageBlobDataContributor");
        roles.forEach((store, role) -> assertTrue(Pattern.compile("scope: storage::blobService::" + store.container()
                        + "\\s+properties: \\{\\s+roleDefinitionId: subscriptionResourceId\\('Microsoft.Authorization/roleDefinitions', roles\\."
                        + role + "\\)\\s+principalId: computePrincipalId").matcher(rbac).find(),
                RBAC_BICEP + ": the compute cluster's identity needs " + role + " on the " + store.container() + " container ("
                        + store.datastoreName() + ")"));
    }

    @Test
    void theWorkspaceKeepsItsKeyVaultAccessAcrossRedeploys() {
        String vault = resourceBlock(DeploymentFiles.read(ML_BICEP), "Microsoft.KeyVault/vaults@");
        assertTrue(vault.contains("enableRbacAuthorization: true"), ML_BICEP + ": the workspace's key vault must use RBAC mode: "
                + "in access-policy mode each deployment replaces the policies Azure ML added for its identity");
        String rbac = DeploymentFiles.read(RBAC_BICEP);
        assertTrue(rbac.contains("keyVaultAdministrator: '" + KEY_VAULT_ADMINISTRATOR + "'"), RBAC_BICEP + ": roles.keyVaultAdministrator is "
                + KEY_VAULT_ADMINISTRATOR + " (Key Vault Administrator)");
        assertTrue(Pattern.compile("scope: mlKeyVault\\s+properties: \\{\\s+roleDefinitionId: subscriptionResourceId\\("
                + "'Microsoft.Authorization/roleDefinitions', roles\\.keyVaultAdministrator\\)\\s+principalId: mlWorkspacePrincipalId").matcher(rbac).find(),
                RBAC_BICEP + ": the workspace's identity needs Key Vault Administrator on its vault");
    }

    @Test
    void aChangedTrainingImageIsANewEnvironmentVersion() {
        String ml = DeploymentFiles.read(ML_BICEP);
        assertFalse(ml.contains("param environmentVersion"), ML_BICEP + ": a fixed environment version breaks the deployment when the image changes");
        assertTrue(ml.contains("var environmentVersion = uniqueString(trainingImage)"), ML_BICEP + ": derive the environment version from the image");
        assertTrue(resourceBlock(ml, "workspaces/environments/versions@").contains("name: environmentVersion"),
                ML_BICEP + ": the environment version resource must be named by environmentVersion");
        assertTrue(DeploymentFiles.read(MAIN_BICEP).contains("trainingImage: trainingImage"), MAIN_BICEP + ": trainingImage is a parameter of the deployment");
    }

    @Test
    void theWebAppCallsTheFunctionAppByItsOwnUrlWithCors() {
        for (Path bicep : List.of(MAIN_BICEP, WEB_BICEP, API_BICEP)) {
            String text = DeploymentFiles.read(bicep);
            assertFalse(text.contains("linkedBackends"), bicep + ": Static Web Apps documents linked backends for Consumption, Premium "
                    + "and Dedicated function apps, not Flex Consumption");
            assertFalse(text.contains("authsettingsV2"), bicep + ": App Service authentication was only there for the linked backend");
        }
        assertTrue(resourceBlock(DeploymentFiles.read(API_BICEP), "Microsoft.Web/sites@").contains("allowedOrigins: corsAllowedOrigins"),
                API_BICEP + ": the function app must allow the web app's origin (siteConfig.cors.allowedOrigins)");
        assertTrue(DeploymentFiles.read(MAIN_BICEP).contains("'https://${web.outputs.defaultHostname}'"),
                MAIN_BICEP + ": CORS must allow exactly the Static Web App's origin");
        assertTrue(DeploymentFiles.read(Path.of("static-web/js/api.js")).contains("fetch(`${API_BASE_URL}/api"),
                "static-web/js/api.js must call the API at API_BASE_URL (static-web/js/config.js)");
        assertTrue(DeploymentFiles.read(DEPLOY_SH).contains("node scripts/web-config.mjs \"$site\" \"https://$api_host\""),
                DEPLOY_SH + ": the web step must write the function app's URL into the uploaded copy of static-web/");
    }

    @Test
    void theComputeQuotaIsCheckedBeforeDeploying() {
        assertTrue(DeploymentFiles.read(MAIN_BICEP).contains("param computeVmSize string"), MAIN_BICEP + ": the VM size is a parameter");
        String deploy = DeploymentFiles.read(DEPLOY_SH);
        int quota = deploy.indexOf("node scripts/ml-quota.mjs");
        int whatIf = deploy.indexOf("az deployment group what-if");
        assertTrue(quota > 0 && quota < whatIf, DEPLOY_SH + ": check the Azure ML quota (scripts/ml-quota.mjs) before the what-if");
        assertTrue(deploy.contains("computeVmSize=\"$vm_size\""), DEPLOY_SH + ": the checked VM size must be the one deployed");
    }

    /** The lines after {@code opening} up to the first line that closes it at the start. */
    private static String block(String text, String opening) {
        int start = text.indexOf(opening);
        assertTrue(start >= 0, "no '" + opening + "'");
        int end = text.indexOf("\n]", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** The text of the first resource of a type (from its declaration to the next top-level declaration). */
    private static String resourceBlock(String text, String type) {
        Matcher m = Pattern.compile("(?m)^resource \\w+ '[^']*" + Pattern.quote(type)).matcher(text);
        assertTrue(m.find(), "no resource of type " + type);
        Matcher next = Pattern.compile("(?m)^(resource|module|output|var|param) ").matcher(text);
        int end = next.find(m.end()) ? next.start() : text.length();
        return text.substring(m.start(), end);
    }
}
