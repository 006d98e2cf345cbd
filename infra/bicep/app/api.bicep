// The function app on a Flex Consumption (FC1) plan: Linux, Java 21, a user-assigned managed
// identity for everything (host storage, deployment package, Application Insights, Azure ML), and
// every app setting the code reads. Shape follows the Azure-Samples functions-quickstart-java-azd-*
// templates and azure-quickstart-templates/function-app-flex-managed-identities. Flex Consumption
// takes the runtime from functionAppConfig.runtime, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are NOT app settings here ("Flex Consumption plan deprecations").

param location string
param tags object = {}
param name string
param planName string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@description('Memory of each Flex Consumption instance.')
@allowed([2048, 4096])
param instanceMemoryMB int = 2048
@description('Origins allowed to call the API from a browser (CORS): the Static Web App\'s.')
param corsAllowedOrigins array

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

// ---- the code's settings (core/src/main/java/io/tabml/config/AppConfig.java) ----
@description('Where training runs: auto (inside the function app up to inAppTrainingMaxBytes, else an Azure ML command job), azureml, or inapp.')
@allowed(['auto', 'azureml', 'inapp', 'local'])
param trainingBackend string = 'auto'
@description('With auto: the largest dataset, in bytes, trained inside the function app (a queue-triggered function); larger ones train on Azure ML. 8 MiB fits a 2,048 MB instance (docs/inapp-training.md).')
@minValue(0)
param inAppTrainingMaxBytes int = 8388608
@description('Six-field NCRONTAB schedule of the job poller timer (pollJobs).')
param jobsPollSchedule string = '*/30 * * * * *'
@description('Six-field NCRONTAB schedule of the monitoring job (monitorModels): it reads the hourly windows that ended.')
param monitoringSchedule string = '0 5 * * * *'
@description('Largest dataset accepted, in bytes (read as a stream; HTTP uploads are also capped by the host request limit).')
param maxUploadBytes int = 4294967296

@description('Largest predict request body in bytes (JSON or CSV batch); larger ones get a 413.')
param maxPredictBytes int = 20971520
@description('A training job running longer is stopped and failed.')
param trainingTimeoutSeconds int = 3600
@description('How often a served champion is checked for a newer promotion.')
param championRefreshMillis int = 3000
@description('How much lower a new version\'s holdout ROC AUC may be than the champion\'s and still be promoted (a decimal number, as a string).')
param gateTolerance string = '0.01'
@description('The share of predictions logged to the predictions table for monitoring, 0 to 1 (a decimal number, as a string).')
param predictionLogSampleRate string = '1'
@description('How many predictions may wait in memory to be logged; more are dropped and counted, never waited for.')
@minValue(1)
@maxValue(1000000)
param predictionLogBuffer int = 10000
@description('How often the predictions waiting in memory are written to the predictions table.')
@minValue(1)
param predictionLogFlushMillis int = 1000

// ---- the Azure ML training backend ----
param azureMlWorkspaceName string
param azureMlComputeName string
@description('The training environment as name:version.')
param azureMlEnvironment string
@description('Datastore URI of the trainer jar that Azure ML jobs run (azureml://datastores/<name>/paths/<blob>).')
param trainerJarUri string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the 'api' service of azure.yaml to the resource with this tag
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      // The web app calls the API from its own origin; keys travel in x-functions-key, never cookies.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'java'
        version: '21'
      }
    }
  }
}

// Every app setting of the function app, in one object. AppSettingsConfigTest parses the keys of
// this block: each must be read by the code or be a platform setting it lists.
var appSettings = {
  // Functions host storage through the managed identity: no connection string, no key.
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  // Application Insights with Microsoft Entra ID authentication (local auth is disabled on it).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // Which identity DefaultAzureCredential (Azure SDK for Java) uses: the user-assigned one.
  AZURE_CLIENT_ID: identityClientId
  TRAINING_BACKEND: trainingBackend
  INAPP_TRAINING_MAX_BYTES: string(inAppTrainingMaxBytes)
  JOBS_POLL_SCHEDULE: jobsPollSchedule
  MONITORING_SCHEDULE: monitoringSchedule
  MAX_UPLOAD_BYTES: string(maxUploadBytes)
  MAX_PREDICT_BYTES: string(maxPredictBytes)
  TRAINING_TIMEOUT_SECONDS: string(trainingTimeoutSeconds)
  CHAMPION_REFRESH_MILLIS: string(championRefreshMillis)
  GATE_TOLERANCE: gateTolerance
  // The prediction log (table 'predictions' of core/storage.bicep, reached through AzureWebJobsStorage__tableServiceUri).
  PREDICTION_LOG_SAMPLE_RATE: predictionLogSampleRate
  PREDICTION_LOG_BUFFER: string(predictionLogBuffer)
  PREDICTION_LOG_FLUSH_MILLIS: string(predictionLogFlushMillis)
  AZUREML_SUBSCRIPTION_ID: subscription().subscriptionId
  AZUREML_RESOURCE_GROUP: resourceGroup().name
  AZUREML_WORKSPACE: azureMlWorkspaceName
  AZUREML_COMPUTE: azureMlComputeName
  AZUREML_ENVIRONMENT: azureMlEnvironment
  AZUREML_TRAINER_JAR_URI: trainerJarUri
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output location string = functionApp.location
