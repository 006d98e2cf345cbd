// Azure Machine Learning: the workspace with its own dependent resources (storage, key vault,
// container registry, Application Insights), a CPU compute cluster that scales to zero, and the
// training environment (a public JDK 21 image). The trainer itself is not baked into an image: the
// deployment publishes the trainer jar to the 'trainer' container of the app storage, and each job
// takes it as an input (AZUREML_TRAINER_JAR_URI), so a code change needs no image build.
//
// The workspace's own storage account keeps the access-key mode Azure ML uses by default for its
// system datastores (Azure ML stores and rotates those keys in the workspace key vault; nothing is
// exposed as a setting). The application's data never lives there: datasets, staging and the
// trainer jar are in the app storage account, which has shared keys disabled. Jobs reach it through
// identity-based datastores (no stored credentials, below): a job's data paths must be datastore
// URIs, and the cluster's managed identity reads and writes the blobs (see rbac.bicep).

param location string
param tags object = {}
param workspaceName string
param storageAccountName string
param keyVaultName string
param containerRegistryName string
param applicationInsightsName string
param logAnalyticsId string
@description('The app storage account, whose containers the job datastores expose.')
param appStorageAccountName string

@description('Name of the compute cluster (2-16 characters).')
@minLength(2)
@maxLength(16)
param computeName string = 'cpu-cluster'
@description('VM size of the cluster nodes.')
param computeVmSize string = 'Standard_DS3_v2'
@description('Most nodes the cluster scales out to (it scales in to 0 when idle).')
@minValue(1)
param computeMaxNodes int = 2
@description('How long an idle node is kept before the cluster scales it in (ISO 8601 duration).')
param computeIdleTimeBeforeScaleDown string = 'PT120S'

@description('Public JDK 21 image the training jobs run in.')
param trainingImage string = 'mcr.microsoft.com/openjdk/jdk:21-ubuntu'
param environmentName string = 'tabml-trainer'

// Environment versions are immutable ("only description and tags can be updated"), so the version
// is derived from the image: a changed image is a new version, the same image the same one.
var environmentVersion = uniqueString(trainingImage)

// The datastores jobs use, over containers of the app storage (AzureMlDatastore in the code owns
// these names; CloudPathConfigTest checks they match).
var jobDatastores = [
  { name: 'tabml_datasets', container: 'datasets' }
  { name: 'tabml_staging', container: 'staging' }
  { name: 'tabml_trainer', container: 'trainer' }
]

resource mlStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

// RBAC mode: access comes from role assignments (rbac.bicep gives the workspace's identity Key Vault
// Administrator). In access-policy mode every deployment of this template would replace the
// policies Azure ML added ("Key Vault clears the access policies each time the template is used",
// docs/deploy.md), cutting the workspace off from its vault on the second deployment.
resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    accessPolicies: [] // ignored in RBAC mode
    enableSoftDelete: true
  }
}

resource containerRegistry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: containerRegistryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

resource mlInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalyticsId
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: workspaceName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
    tier: 'Basic'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    friendlyName: workspaceName
    description: 'tabml training: jobs submitted by the function app run the trainer jar here'
    storageAccount: mlStorage.id
    keyVault: keyVault.id
    containerRegistry: containerRegistry.id
    applicationInsights: mlInsights.id
    publicNetworkAccess: 'Enabled'
  }
}

// Jobs run as this cluster's system-assigned identity when they are submitted with a managed
// identity; rbac.bicep lets it read datasets/ and trainer/ and write staging/ of the app storage.
resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {
  parent: workspace
  name: computeName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    computeType: 'AmlCompute'
    description: 'tabml training jobs; 0 nodes when idle'
    properties: {
      vmSize: computeVmSize
      vmPriority: 'Dedicated'
      osType: 'Linux'
      remoteLoginPortPublicAccess: 'Disabled'
      scaleSettings: {
        minNodeCount: 0
        maxNodeCount: computeMaxNodes
        nodeIdleTimeBeforeScaleDown: computeIdleTimeBeforeScaleDown
      }
    }
  }
}

// Identity-based: no credentials are stored, so a job's managed identity is what reaches the blobs.
resource datastores 'Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01' = [for store in jobDatastores: {
  parent: workspace
  name: store.name
  properties: {
    datastoreType: 'AzureBlob'
    accountName: appStorageAccountName
    containerName: store.container
    endpoint: environment().suffixes.storage
    protocol: 'https'
    credentials: {
      credentialsType: 'None'
    }
    serviceDataAccessAuthIdentity: 'None'
    description: 'tabml: the app storage\'s ${store.container} container, read and written by training jobs'
  }
}]

resource trainingEnvironment 'Microsoft.MachineLearningServices/workspaces/environments@2024-04-01' = {
  parent: workspace
  name: environmentName
  properties: {
    description: 'Java 21 runtime for the tabml trainer (io.tabml.training.TrainerMain)'
  }
}

resource trainingEnvironmentVersion 'Microsoft.MachineLearningServices/workspaces/environments/versions@2024-04-01' = {
  parent: trainingEnvironment
  name: environmentVersion
  properties: {
    description: 'Image ${trainingImage}'
    image: trainingImage
    osType: 'Linux'
    autoRebuild: 'Disabled'
  }
}

output workspaceId string = workspace.id
output workspaceName string = workspace.name
output workspacePrincipalId string = workspace.identity.principalId
output computeName string = cluster.name
output computePrincipalId string = cluster.identity.principalId
output environment string = '${trainingEnvironment.name}:${trainingEnvironmentVersion.name}'
output keyVaultName string = keyVault.name
output trainerDatastoreName string = datastores[2].name
output containerRegistryName string = containerRegistry.name
