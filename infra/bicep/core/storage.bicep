// The application's storage account: the Functions host storage (AzureWebJobsStorage), the data
// the code reads and writes (one container per blob-layout entry in ARCHITECTURE.md), the trainer
// artifact, and the Flex Consumption deployment package. Keys are disabled: every client (the
// function app, the training cluster, the deploying principal) uses Microsoft Entra ID and the
// roles granted in app/rbac.bicep.

param location string
param tags object = {}
param name string
@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string
@description('Blobs under staging/ (job outputs of the trainer) are deleted after this many days.')
@minValue(1)
param stagingRetentionDays int = 7
@description('Name of the Event Grid system topic of this account (the source of BlobCreated events for the blob trigger).')
param systemTopicName string

// The containers the code uses (DatasetLayout.CONTAINER / REJECTED_CONTAINER, JobStore.CONTAINER,
// ModelRegistry.CONTAINER, StagingArea.CONTAINER, MonitoringWindows.CONTAINER, BatchLayout.CONTAINER /
// RESULTS_CONTAINER), plus 'trainer', where the deployment
// publishes the trainer jar that Azure ML jobs run. StorageConfigTest checks this
// list against the code. 'azure-webjobs-hosts' and 'azure-webjobs-secrets' are created by the
// Functions host itself.
var appContainers = [
  'datasets'
  'jobs'
  'staging'
  'models'
  'rejected'
  'monitoring'
  'batch'
  'batch-results'
  'trainer'
]
var stagingContainer = 'staging'

// The tables the code uses (monitoring.PredictionTable.TABLE: the prediction log, keyed by
// <model>~<UTC hour> and prediction id). StorageConfigTest checks this list against the code. The
// Functions host's own tables (AzureFunctionsDiagnosticEvents*) are created by the host.
var appTables = [
  'predictions'
]

// The queues the code uses (jobs.InAppBackend.QUEUE: one message per in-app training run, read by the
// queue-triggered function trainInApp; and its poison queue, where the Functions host moves a message
// after maxDequeueCount failed deliveries, read by failPoisonedInAppRun). StorageConfigTest checks this
// list against the code. The host would create them on first use; declaring them keeps every name in one place.
var appQueues = [
  'inapp-training'
  'inapp-training-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    dnsEndpointType: 'Standard'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in appContainers: {
  parent: blobService
  name: container
  properties: {
    publicAccess: 'None'
  }
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in appTables: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in appQueues: {
  parent: queueService
  name: queue
}]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Trainer outputs are copied into models/ on registration; what stays under staging/ is scratch.
// Lifecycle prefixes start with the container name.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'deleteStagingAfter${stagingRetentionDays}Days'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${stagingContainer}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: stagingRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

// The account's Event Grid system topic. Its BlobCreated events feed the Event Grid-triggered
// functions (dataset ingestion, batch scoring); the subscriptions are declared in
// app/blob-events.bicep and deployed after the code is published, because Event Grid checks that
// the destination function exists (see the comment there).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output containerNames array = appContainers
output systemTopicName string = systemTopic.name
