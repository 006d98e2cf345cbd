// Every role assignment of the deployment, each named by guid(scope, principal, role) so that
// re-deploying finds the same assignment instead of failing on a duplicate.
//
// Role definition IDs (Azure built-in roles, learn.microsoft.com/azure/role-based-access-control/built-in-roles):
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  azureMlDataScientist: 'f6c7c914-8db3-469d-8ca1-694a8f32e121'
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483'
}

param storageAccountName string
param applicationInsightsName string
param mlWorkspaceName string
@description('Principal (object) ID of the function app\'s user-assigned identity.')
param appPrincipalId string
@description('Principal (object) ID of the Azure ML compute cluster\'s system-assigned identity.')
param computePrincipalId string
@description('Principal (object) ID of the Azure ML workspace\'s system-assigned identity.')
param mlWorkspacePrincipalId string
@description('The Azure ML workspace\'s key vault (RBAC mode).')
param mlKeyVaultName string
@description('Principal that deploys (azd: the signed-in user; CI: the workflow\'s service principal); empty for none.')
param deployerPrincipalId string = ''
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource datasets 'containers' existing = {
      name: 'datasets'
    }
    resource trainer 'containers' existing = {
      name: 'trainer'
    }
    resource staging 'containers' existing = {
      name: 'staging'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource mlWorkspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' existing = {
  name: mlWorkspaceName
}

resource mlKeyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: mlKeyVaultName
}

// ---- the function app's identity ----

// Host storage (leases, timer state, keys) and the app's own data in every container.
resource appBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Direct uploads of large datasets (POST /api/datasets/{model}/uploads): the app signs a user
// delegation SAS for one blob with a key it requests, and "a client that creates a user delegation
// SAS must be assigned an Azure RBAC role that includes the
// Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey action" (Create a user
// delegation SAS, learn.microsoft.com/azure/storage/blobs/storage-blob-user-delegation-sas-create-cli),
// at the account's scope: Storage Blob Delegator is that role and no more.
resource appBlobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageBlobDelegator)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDelegator)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Queues of the host's storage connection (AzureWebJobsStorage__queueServiceUri): in-app training
// (core/storage.bicep appQueues). The app sends a message per run (jobs.InAppBackend), its queue
// trigger reads, hides and deletes them, and the host moves a failing one to 'inapp-training-poison'
// (sending, and creating that queue when missing). The Functions docs' roles for the Queue extension
// are Storage Queue Data Reader and Message Processor for a trigger, Contributor and Message Sender
// for an output ("Identity-based connections", functions-reference); sending from code and the
// poison queue need more than Message Processor, so Storage Queue Data Contributor
// (974c5e8b-45b9-4653-ba55-5f855dd0fb88), read, write and delete queues and messages.
resource appQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// AzureWebJobsStorage__tableServiceUri is set, as in the Flex Consumption managed-identity samples;
// the prediction log (table 'predictions') writes, reads and merges entities with this role. Storage
// Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): read, write and delete tables and
// entities ("Assign an Azure role for access to table data",
// learn.microsoft.com/azure/storage/tables/assign-azure-role-data-access; the ID as in the built-in
// roles list above).
resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Telemetry with Microsoft Entra ID authentication (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Submit, read and cancel Azure ML jobs (the azureml training backend).
resource appMlDataScientist 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(mlWorkspace.id, appPrincipalId, roles.azureMlDataScientist)
  scope: mlWorkspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.azureMlDataScientist)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- the training cluster's identity: container-scoped, least privilege ----

resource computeReadsDatasets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::datasets.id, computePrincipalId, roles.storageBlobDataReader)
  scope: storage::blobService::datasets
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: computePrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource computeReadsTrainer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::trainer.id, computePrincipalId, roles.storageBlobDataReader)
  scope: storage::blobService::trainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: computePrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource computeWritesStaging 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::staging.id, computePrincipalId, roles.storageBlobDataContributor)
  scope: storage::blobService::staging
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: computePrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- the workspace's identity: its key vault is in RBAC mode (ml.bicep) ----

// The role Azure ML's documentation names for a workspace identity on an RBAC-mode vault (data
// plane). A role assignment, unlike an access policy in the vault's body, survives every redeploy.
resource workspaceVaultAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(mlKeyVault.id, mlWorkspacePrincipalId, roles.keyVaultAdministrator)
  scope: mlKeyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultAdministrator)
    principalId: mlWorkspacePrincipalId
    principalType: 'ServicePrincipal'
  }
}

// ---- the deploying principal: upload datasets and the trainer jar with --auth-mode login ----

resource deployerBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(storage.id, deployerPrincipalId, roles.storageBlobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
