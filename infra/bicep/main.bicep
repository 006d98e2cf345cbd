// tabml on Azure: every resource of one environment, in one resource group.
//
//   storage (keys disabled) ── datasets/ jobs/ staging/ models/ rejected/ trainer/ + the deployment package
//     └─ Event Grid system topic ── BlobCreated under datasets/ ─> ingestDataset, under batch/ ─> scoreBatch
//        (Event Grid triggers; app/blob-events.bicep, after publish)
//   function app (Flex Consumption FC1, Java 21, user-assigned identity) + Application Insights / Log Analytics
//   Azure ML workspace (+ its storage, key vault in RBAC mode, container registry Basic, Application
//     Insights), compute cluster (0..N nodes), training environment (JDK 21 image), identity-based
//     datastores over the app storage's datasets/ staging/ trainer/ containers
//   Static Web App (Free) serving static-web/; the page calls the function app, which allows its origin (CORS)
//   role assignments: app/rbac.bicep
//
// Resource-group scoped (azd "resource group scoped deployments"): azd asks for or creates the
// group (AZURE_RESOURCE_GROUP), scripts/deploy.sh creates rg-<environment> and runs
// `az deployment group what-if` / `create` on this file.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd environment name); with the resource group it makes the names unique.')
param environmentName string

@minLength(1)
@description('Primary location of all resources (a region that offers Flex Consumption and Azure Machine Learning).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

@description('Object ID of the principal that deploys: it may upload datasets and the trainer jar. Empty for none.')
param principalId string = deployer().objectId

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Static Web Apps are created in one of a few regions; empty picks the primary location when it is one of them, else westeurope.')
@allowed(['', 'westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = ''

@description('Days after which blobs under staging/ are deleted.')
@minValue(1)
param stagingRetentionDays int = 7

@description('Most nodes of the Azure ML compute cluster (it scales in to 0 when idle).')
@minValue(1)
param computeMaxNodes int = 2

@description('VM size of the Azure ML compute cluster. Its VM family needs Azure ML vCPU quota in the region (scripts/deploy.sh checks).')
param computeVmSize string = 'Standard_DS3_v2'

@description('Image the training jobs run in: Java 21 on Linux. A new image makes a new environment version.')
param trainingImage string = 'mcr.microsoft.com/openjdk/jdk:21-ubuntu'

@description('Where training runs; azureml in the cloud.')
@allowed(['azureml', 'local'])
param trainingBackend string = 'azureml'

@description('Six-field NCRONTAB schedule of the job poller (pollJobs). Each tick is a short function execution.')
param jobsPollSchedule string = '*/30 * * * * *'

@description('Email for the monitoring alert (a model drifting or degraded); empty: no alert rule is deployed.')
param alertEmail string = ''

@description('Blob name of the trainer jar in the trainer container (scripts/deploy.sh uploads it).')
param trainerJarName string = 'tabml-trainer.jar'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'tabml'
}

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var staticWebAppRegions = ['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia']
var staticWebAppRegion = !empty(staticWebAppLocation) ? staticWebAppLocation : (contains(staticWebAppRegions, location) ? location : 'westeurope')

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
  }
}

module alerts 'core/alerts.bicep' = if (!empty(alertEmail)) {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
    actionGroupName: 'ag-${resourceToken}'
    alertRuleName: 'alert-model-status-${resourceToken}'
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    deploymentContainerName: deploymentContainerName
    stagingRetentionDays: stagingRetentionDays
    systemTopicName: '${abbrs.eventGridSystemTopics}${resourceToken}'
  }
}

// The function app's identity: host storage, deployment package, telemetry, Azure ML.
resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
  location: location
  tags: tags
}

module ml 'app/ml.bicep' = {
  name: 'ml'
  params: {
    location: location
    tags: tags
    workspaceName: '${abbrs.machineLearningServicesWorkspaces}${resourceToken}'
    storageAccountName: '${abbrs.storageStorageAccounts}ml${resourceToken}'
    keyVaultName: '${abbrs.keyVaultVaults}${resourceToken}'
    containerRegistryName: '${abbrs.containerRegistryRegistries}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}ml-${resourceToken}'
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    computeMaxNodes: computeMaxNodes
    computeVmSize: computeVmSize
    trainingImage: trainingImage
    appStorageAccountName: storage.outputs.name
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    mlWorkspaceName: ml.outputs.workspaceName
    appPrincipalId: appIdentity.properties.principalId
    computePrincipalId: ml.outputs.computePrincipalId
    mlWorkspacePrincipalId: ml.outputs.workspacePrincipalId
    mlKeyVaultName: ml.outputs.keyVaultName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

// Azure ML jobs take their inputs as datastore URIs, not blob URLs (AzureMlDatastore)
var trainerJarUri = 'azureml://datastores/${ml.outputs.trainerDatastoreName}/paths/${trainerJarName}'

module web 'app/web.bicep' = {
  name: 'web'
  params: {
    location: staticWebAppRegion
    tags: tags
    name: '${abbrs.webStaticSites}${resourceToken}'
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  // the identity's roles first, so the host finds its storage on the first start
  dependsOn: [
    rbac
  ]
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    identityId: appIdentity.id
    identityClientId: appIdentity.properties.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    trainingBackend: trainingBackend
    jobsPollSchedule: jobsPollSchedule
    azureMlWorkspaceName: ml.outputs.workspaceName
    azureMlComputeName: ml.outputs.computeName
    azureMlEnvironment: ml.outputs.environment
    trainerJarUri: trainerJarUri
    corsAllowedOrigins: [
      'https://${web.outputs.defaultHostname}'
    ]
  }
}


// Outputs: azd stores them in the environment (.azure/<env>/.env); scripts/deploy.sh and the
// deploy workflow read them with `az deployment group show`.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_HOSTNAME string = api.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = storage.outputs.systemTopicName
output AZURE_STATIC_WEB_APP_NAME string = web.outputs.name
output AZURE_STATIC_WEB_APP_HOSTNAME string = web.outputs.defaultHostname
output AZUREML_WORKSPACE_NAME string = ml.outputs.workspaceName
output AZUREML_COMPUTE_NAME string = ml.outputs.computeName
output AZUREML_ENVIRONMENT string = ml.outputs.environment
output DATASETS_CONTAINER_URL string = '${storage.outputs.blobEndpoint}datasets'
output TRAINER_CONTAINER_URL string = '${storage.outputs.blobEndpoint}trainer'
output TRAINER_JAR_NAME string = trainerJarName
output TRAINER_JAR_URI string = trainerJarUri
